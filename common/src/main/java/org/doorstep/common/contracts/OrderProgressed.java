package org.doorstep.common.contracts;

import java.time.OffsetDateTime;

/**
 * Dispatch moved an order; topic doorstep.dispatch, key = buildingId. {@code seq} grows with every change of the
 * order in dispatch, so a consumer that sees an older step after a newer one can ignore it. {@code urgent}: the order
 * is urgent (volunteer-service calls a volunteer to an urgent order at once); false in events from before it was added.
 */
public record OrderProgressed(
        long orderId,
        long buildingId,
        DispatchStatus status,
        Long runId,
        Long volunteerId,
        String reason,
        long seq,
        OffsetDateTime at,
        boolean urgent) {
    public static final String TYPE = "OrderProgressed";
}
