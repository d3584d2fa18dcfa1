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
import jakarta.persistence.Version;
import org.doorstep.common.contracts.BuildingState;
import org.doorstep.common.contracts.BuildingStatus;

import java.time.OffsetDateTime;

@Entity
@Table(name = "building")
public class Building extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "compound_id", nullable = false)
    public long compoundId;

    @Column(nullable = false, length = 200)
    public String name;

    /** The grid whose worker watches this building; null until one is set. */
    @Column(name = "grid_id")
    public Long gridId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    public BuildingStatus status;

    @Column(name = "status_since", nullable = false)
    public OffsetDateTime statusSince;

    @Version
    public long version;

    public BuildingState toState(String changedBy, String reason) {
        return new BuildingState(id, compoundId, name, status, statusSince, changedBy, reason, gridId);
    }
}
