package org.doorstep.dispatch.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/** A handoff request already applied under an Idempotency-Key. */
@Entity
@Table(name = "handoff_request")
public class HandoffRequest extends PanacheEntityBase {

    @Id
    @Column(name = "idempotency_key", length = 100)
    public String idempotencyKey;

    @Column(name = "run_id", nullable = false)
    public long runId;

    @Column(name = "request_hash", nullable = false, length = 64, columnDefinition = "char(64)")
    public String requestHash;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;
}
