package org.doorstep.volunteer.volunteer;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.doorstep.common.contracts.TestResult;
import org.doorstep.common.rules.VolunteerFitness;
import org.doorstep.common.security.Role;

import java.time.OffsetDateTime;
import java.util.List;

/** Every test result recorded for a volunteer, and by whom: the record the test that counts is read from. */
@Entity
@Table(name = "volunteer_test")
public class VolunteerTest extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "volunteer_id", nullable = false)
    public long volunteerId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    public TestResult result;

    @Column(name = "taken_at", nullable = false)
    public OffsetDateTime takenAt;

    @Column(name = "recorded_at", nullable = false)
    public OffsetDateTime recordedAt;

    /** The volunteer themself, or a grid worker or admin (whose positive the volunteer's word does not lift). */
    @Enumerated(EnumType.STRING)
    @Column(name = "recorded_by", nullable = false, length = 20)
    public Role recordedBy;

    public VolunteerFitness.Test asFitnessTest() {
        return new VolunteerFitness.Test(result, takenAt, recordedBy);
    }

    /** Every test on file for the volunteer, as the rule reads them. */
    public static List<VolunteerFitness.Test> of(long volunteerId) {
        return VolunteerTest.<VolunteerTest>list("volunteerId", volunteerId).stream()
                .map(VolunteerTest::asFitnessTest).toList();
    }
}
