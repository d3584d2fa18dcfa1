package org.doorstep.order.order;

import org.doorstep.common.contracts.DispatchStatus;

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

    /** The goods have left the gate with a volunteer (or arrived): too late to cancel. */
    public boolean pickedUp() {
        return this == OUT_FOR_DELIVERY || this == DELIVERED || this == FAILED;
    }
}
