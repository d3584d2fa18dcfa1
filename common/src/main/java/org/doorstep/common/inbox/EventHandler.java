package org.doorstep.common.inbox;

import org.doorstep.common.events.EventEnvelope;

/** Applies one event inside a database transaction that also records its id. */
@FunctionalInterface
public interface EventHandler {
    void apply(EventEnvelope event);
}
