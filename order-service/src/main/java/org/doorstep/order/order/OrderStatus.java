package org.doorstep.order.order;

import org.doorstep.common.contracts.DispatchStatus;

import java.util.List;

/** An order's status as the resident sees it (API.md). */
public enum OrderStatus {
    PLACED, QUEUED, ASSIGNED, OUT_FOR_DELIVERY, DELIVERED, CANCELLED, FAILED,
    /** The building is not (or no longer) under lockdown for this household: collect at the gate. */
    SELF_COLLECTION;

    public static OrderStatus of(DispatchStatus status) {
        return switch (status) {
            case QUEUED -> QUEUED;
            case ASSIGNED -> ASSIGNED;
            case PICKED_UP -> OUT_FOR_DELIVERY;
            case DELIVERED -> DELIVERED;
            case FAILED -> FAILED;
            case CANCELLED -> CANCELLED;
            case SELF_COLLECTION -> SELF_COLLECTION;
        };
    }

    /**
     * On its way to the door, what the per-household limits count: placed, queued, assigned or out for delivery. A
     * self-collection order waits at the gate of a building under no lockdown, and takes nobody's time.
     */
    public static final List<OrderStatus> OPEN = List.of(PLACED, QUEUED, ASSIGNED, OUT_FOR_DELIVERY);

    /** The goods have left the gate with a volunteer (or arrived): too late to cancel. */
    public boolean pickedUp() {
        return this == OUT_FOR_DELIVERY || this == DELIVERED || this == FAILED;
    }
}
