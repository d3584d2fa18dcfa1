package org.doorstep.volunteer.volunteer;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.doorstep.common.contracts.TestResult;
import org.doorstep.common.contracts.Vetting;
import org.doorstep.common.contracts.VolunteerState;
import org.doorstep.common.rules.Ineligibility;
import org.doorstep.common.rules.VolunteerFitness;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

@Entity
@Table(name = "volunteer")
public class Volunteer extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, length = 100)
    public String name;

    @Column(nullable = false, length = 30)
    public String phone;

    @Column(name = "compound_id", nullable = false)
    public long compoundId;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "volunteer_building", joinColumns = @JoinColumn(name = "volunteer_id"))
    @Column(name = "building_id", nullable = false)
    public Set<Long> buildingIds = new LinkedHashSet<>();

    @Column(nullable = false)
    public int capacity;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    public Vetting vetting;

    @Column(name = "on_duty", nullable = false)
    public boolean onDuty;

    /** The test that counts ({@link VolunteerFitness#standing}), which need not be the last one taken. */
    @Enumerated(EnumType.STRING)
    @Column(name = "latest_test_result", length = 20)
    public TestResult latestTestResult;

    @Column(name = "latest_test_taken_at")
    public OffsetDateTime latestTestTakenAt;

    @Column(name = "runs_completed", nullable = false)
    public int runsCompleted;

    @Column(name = "handoffs_delivered", nullable = false)
    public int handoffsDelivered;

    @Column(name = "handoffs_failed", nullable = false)
    public int handoffsFailed;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Version
    public long version;

    /** Keeps the test that counts as the volunteer's latest: what the API shows and dispatch judges. */
    public void judgeTests(VolunteerFitness.Standing standing) {
        latestTestResult = standing.result();
        latestTestTakenAt = standing.takenAt();
    }

    public Set<Ineligibility> ineligibility(Instant now, Duration testWindow) {
        return VolunteerFitness.check(vetting, onDuty, latestTestResult, latestTestTakenAt, now, testWindow);
    }

    public VolunteerState toState() {
        return new VolunteerState(id, name, compoundId, new ArrayList<>(buildingIds), capacity, vetting, onDuty,
                latestTestResult, latestTestTakenAt);
    }

    public List<Long> sortedBuildingIds() {
        return buildingIds.stream().sorted().toList();
    }
}
