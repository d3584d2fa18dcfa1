package org.doorstep.dispatch.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.doorstep.common.contracts.RunStatus;

import java.time.OffsetDateTime;

/** One volunteer's trip to one building with a batch of orders. */
@Entity
@Table(name = "run")
public class Run extends PanacheEntityBase {

    /** From IdBlocks: planning writes a batch's new runs and their stops together, so the ids are known first. */
    @Id
    public Long id;

    @Column(name = "building_id", nullable = false)
    public long buildingId;

    @Column(name = "volunteer_id")
    public Long volunteerId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    public RunStatus status;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "picked_up_at")
    public OffsetDateTime pickedUpAt;

    @Column(name = "done_at")
    public OffsetDateTime doneAt;

    /** Why a grid worker gave this run to a volunteer the rules did not allow, if they did. */
    @Column(name = "override_reason", length = 500)
    public String overrideReason;

    @Version
    public long version;
}
