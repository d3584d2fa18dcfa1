package org.doorstep.order.order;

/** Dispatch moved an order to a new status ({@code reason}: dispatch's, e.g. why a delivery failed; may be null). */
public record OrderMoved(long orderId, long householdId, boolean urgent, OrderStatus status, String reason) {
}
