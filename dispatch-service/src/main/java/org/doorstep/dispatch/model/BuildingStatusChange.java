package org.doorstep.dispatch.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.doorstep.common.contracts.BuildingStatus;

import java.time.OffsetDateTime;

/** A building's status history: when, who, why. */
@Entity
@Table(name = "building_status_change")
public class BuildingStatusChange extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "building_id", nullable = false)
    public long buildingId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    public BuildingStatus status;

    @Column(name = "changed_at", nullable = false)
    public OffsetDateTime changedAt;

    @Column(name = "changed_by", nullable = false, length = 100)
    public String changedBy;

    @Column(length = 500)
    public String reason;
}
