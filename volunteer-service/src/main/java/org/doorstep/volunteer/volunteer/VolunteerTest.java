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

import java.time.OffsetDateTime;

/** Every test result a volunteer reported, kept for the record. */
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
}
