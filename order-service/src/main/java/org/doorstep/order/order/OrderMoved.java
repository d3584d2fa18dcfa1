package org.doorstep.order.order;

/** Dispatch moved an order to a new status ({@code reason}: dispatch's, e.g. why a delivery failed; may be null). */
public record OrderMoved(Order order, OrderStatus status, String reason) {
}
