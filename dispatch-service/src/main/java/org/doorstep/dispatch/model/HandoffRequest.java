package org.doorstep.dispatch.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import org.doorstep.common.idempotency.IdempotencyKey;

import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.Objects;

/** A handoff request already applied under a volunteer's Idempotency-Key. */
@Entity
@Table(name = "handoff_request")
@IdClass(HandoffRequest.Key.class)
public class HandoffRequest extends PanacheEntityBase {

    /** The volunteer who sent the key: the same key from another volunteer is another request. */
    @Id
    @Column(name = "subject", length = 255)
    public String subject;

    @Id
    @Column(name = "idempotency_key", length = IdempotencyKey.MAX_LENGTH)
    public String idempotencyKey;

    @Column(name = "run_id", nullable = false)
    public long runId;

    /** {@link IdempotencyKey#fingerprint}: keyed, as the request holds the handoff code. */
    @Column(name = "request_hash", nullable = false, length = 64, columnDefinition = "char(64)")
    public String requestHash;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    public static HandoffRequest findByKey(IdempotencyKey key) {
        return findById(new Key(key.subject(), key.key()));
    }

    /** The primary key: (subject, idempotency_key). */
    public static class Key implements Serializable {
        public String subject;
        public String idempotencyKey;

        public Key() {
        }

        public Key(String subject, String idempotencyKey) {
            this.subject = subject;
            this.idempotencyKey = idempotencyKey;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(subject, key.subject)
                    && Objects.equals(idempotencyKey, key.idempotencyKey);
        }

        @Override
        public int hashCode() {
            return Objects.hash(subject, idempotencyKey);
        }
    }
}
