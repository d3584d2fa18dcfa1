package org.doorstep.common.inbox;

import org.doorstep.common.events.EventEnvelope;

import java.util.List;

/** Applies events inside a database transaction that also records their ids. */
@FunctionalInterface
public interface EventHandler {

    /** Applies one new event. Several may share a transaction, so work that can wait belongs in {@link #endOfBatch}. */
    void apply(EventEnvelope event);

    /**
     * Whether events of this type mean anything here. Others are passed over without a transaction or a record of
     * their id: doing nothing twice is harmless.
     */
    default boolean wants(String eventType) {
        return true;
    }

    /**
     * Whether this event means anything here; by default, whether its type does ({@link #wants(String)}). Asked before
     * any transaction, so an event passed over costs no database work: a handler that needs only a few events of a
     * busy type (one in a hundred of dispatch's steps) looks at the payload here.
     */
    default boolean wants(EventEnvelope event) {
        return wants(event.type());
    }

    /**
     * Whether this event must not wait for the rest of its poll (urgent medicine): it is applied and committed first,
     * with whatever came before it in its partition, and the rest of the poll after. Asked before any transaction.
     */
    default boolean goesFirst(EventEnvelope event) {
        return false;
    }

    /**
     * Called first in a batch's transaction with its new events, to read in one query what each event would read
     * alone.
     */
    default void beforeBatch(List<EventEnvelope> events) {
    }

    /**
     * Called once after the events of a batch were applied, in their transaction: the place for work that one pass
     * can do for many events (planning a building once for all its new orders).
     */
    default void endOfBatch() {
    }
}
