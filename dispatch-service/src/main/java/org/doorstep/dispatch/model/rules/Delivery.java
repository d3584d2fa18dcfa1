package org.doorstep.dispatch.model.rules;

/** How an order reaches its household. */
public enum Delivery {
    /** A volunteer carries it to the flat's door; contactless handoff. */
    DOORSTEP,
    /** The resident collects it; nobody is dispatched. */
    SELF_COLLECTION;

    public boolean dispatched() {
        return this != SELF_COLLECTION;
    }
}
