package org.doorstep.common.contracts;

import java.time.OffsetDateTime;

/** The resident cancelled before pickup; topic doorstep.orders, key = compoundId/buildingId. */
public record OrderCancelled(long orderId, long buildingId, OffsetDateTime cancelledAt) {
    public static final String TYPE = "OrderCancelled";
}
