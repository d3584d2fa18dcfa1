package org.doorstep.common.contracts;

/** Where dispatch has an order. */
public enum DispatchStatus {
    QUEUED, ASSIGNED, PICKED_UP, DELIVERED, FAILED, CANCELLED, SELF_COLLECTION
}
