package org.doorstep.dispatch.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.doorstep.common.contracts.TestResult;
import org.doorstep.common.contracts.Vetting;
import org.doorstep.common.contracts.VolunteerState;

import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.Set;

/**
 * Dispatch's own copy of a volunteer, fed by volunteer-service's state topic, so that deliveries go on while
 * volunteer-service is down. Its version also guards capacity: every assignment to a volunteer bumps it, so two
 * assignments racing for the last free place cannot both commit.
 */
@Entity
@Table(name = "volunteer_copy")
public class VolunteerCopy extends PanacheEntityBase {

    @Id
    @Column(name = "volunteer_id")
    public Long volunteerId;

    @Column(nullable = false, length = 100)
    public String name;

    @Column(name = "compound_id", nullable = false)
    public long compoundId;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "volunteer_copy_building", joinColumns = @JoinColumn(name = "volunteer_id"))
    @Column(name = "building_id", nullable = false)
    public Set<Long> buildingIds = new HashSet<>();

    @Column(nullable = false)
    public int capacity;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    public Vetting vetting;

    @Column(name = "on_duty", nullable = false)
    public boolean onDuty;

    @Enumerated(EnumType.STRING)
    @Column(name = "latest_test_result", length = 20)
    public TestResult latestTestResult;

    @Column(name = "latest_test_taken_at")
    public OffsetDateTime latestTestTakenAt;

    @Version
    public long version;

    public void update(VolunteerState state) {
        name = state.name();
        compoundId = state.compoundId();
        buildingIds.clear();
        buildingIds.addAll(state.buildingIds());
        capacity = state.capacity();
        vetting = state.vetting();
        onDuty = state.onDuty();
        latestTestResult = state.latestTestResult();
        latestTestTakenAt = state.latestTestTakenAt();
    }
}
