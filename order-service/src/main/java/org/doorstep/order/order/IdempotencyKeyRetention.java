package org.doorstep.order.order;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.doorstep.common.retention.RetentionConfig;
import org.doorstep.common.retention.RetentionRule;

/** An order keeps its Idempotency-Key only as long as a phone may still retry it; the order itself stays. */
@ApplicationScoped
class IdempotencyKeyRetention {

    @Produces
    RetentionRule idempotencyKeys(RetentionConfig config) {
        return new RetentionRule("order idempotency keys",
                "update resident_order set idempotency_key = null, idempotency_subject = null "
                        + "where idempotency_key is not null and placed_at < ? limit ?",
                config.idempotencyKeys());
    }
}
