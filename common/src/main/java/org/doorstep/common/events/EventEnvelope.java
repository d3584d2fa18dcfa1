package org.doorstep.common.events;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * What every Doorstep event looks like on the wire (docs/events.md). The payload stays a JSON tree here so that
 * a consumer can skip types it does not know without failing.
 */
public record EventEnvelope(
        UUID eventId,
        String type,
        OffsetDateTime occurredAt,
        String source,
        String aggregateType,
        String aggregateId,
        JsonNode payload) {
}
