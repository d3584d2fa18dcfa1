package org.doorstep.dispatch.intake;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.doorstep.common.events.EventKeys;
import org.doorstep.common.events.Topic;
import org.doorstep.common.inbox.SetAsideListener;
import org.doorstep.common.retention.RetentionConfig;
import org.doorstep.common.retention.RetentionRule;
import org.doorstep.dispatch.model.Building;
import org.doorstep.dispatch.model.SetAsideEvent;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Remembers each event dispatch set aside with the place its key names — the building of an order event, the compound
 * of a volunteer's state — so that the grid workers there see an alert ({@code EVENT_SET_ASIDE}) for a day. The
 * other services' set-aside events come the same way from the dead-letter topic ({@link OtherServicesSetAside}).
 */
@ApplicationScoped
class SetAsideEvents implements SetAsideListener {

    private static final int REASON_LENGTH = 500;
    private static final int NAME_LENGTH = 100;

    @Override
    public void setAside(String consumer, String topic, String key, String reason) {
        SetAsideEvent event = describe(consumer, topic, reason,
                OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS));
        QuarkusTransaction.requiringNew().run(() -> {
            place(event, key);
            event.persist();
        });
    }

    /** An event set aside by the consumer, from the topic, with its reason cut to what the table keeps. */
    static SetAsideEvent describe(String consumer, String topic, String reason, OffsetDateTime at) {
        SetAsideEvent event = new SetAsideEvent();
        event.consumer = cut(consumer, NAME_LENGTH);
        event.topic = cut(topic, NAME_LENGTH);
        event.reason = reason == null || reason.isBlank() ? "unreadable"
                : reason.length() > REASON_LENGTH ? reason.substring(0, REASON_LENGTH) : reason;
        event.setAsideAt = at;
        return event;
    }

    /**
     * Sets the place the event's key names (in a transaction): {@code <compoundId>/<buildingId>} on the topics of
     * order events and building states, {@code <compoundId>/<volunteerId>} (the compound) on the volunteers' topic, a
     * building id on the dispatch topic (its compound from dispatch's buildings). A key of another shape, or a building
     * dispatch does not know, names no place.
     */
    static void place(SetAsideEvent event, String key) {
        event.compoundId = null;
        event.buildingId = null;
        if (Topic.DISPATCH.topicName().equals(event.topic)) {
            Long buildingId = buildingIdOf(key);
            Building building = buildingId == null ? null : Building.findById(buildingId);
            if (building != null) {
                event.compoundId = building.compoundId;
                event.buildingId = building.id;
            }
            return;
        }
        event.compoundId = EventKeys.compoundOf(key);
        if (Topic.ORDERS.topicName().equals(event.topic) || Topic.BUILDINGS.topicName().equals(event.topic)) {
            event.buildingId = EventKeys.entityOf(key);
        }
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }

    private static Long buildingIdOf(String key) {
        try {
            return key == null ? null : Long.valueOf(key.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Produces
    RetentionRule setAsideEvents(RetentionConfig config) {
        return new RetentionRule("set-aside events", "delete from set_aside_event where set_aside_at < ? limit ?",
                config.setAsideEvents());
    }
}
