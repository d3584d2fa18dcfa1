package org.doorstep.dispatch.intake;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.doorstep.common.events.EventKeys;
import org.doorstep.common.events.Topic;
import org.doorstep.common.inbox.SetAsideListener;
import org.doorstep.common.retention.RetentionConfig;
import org.doorstep.common.retention.RetentionRule;
import org.doorstep.dispatch.model.SetAsideEvent;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Remembers each event dispatch set aside with the place its key names — the building of an order event, the compound
 * of a volunteer's state — so that the grid workers there see an alert ({@code EVENT_SET_ASIDE}) for a day.
 */
@ApplicationScoped
class SetAsideEvents implements SetAsideListener {

    private static final int REASON_LENGTH = 500;

    @Override
    public void setAside(String consumer, String topic, String key, String reason) {
        SetAsideEvent event = new SetAsideEvent();
        event.consumer = consumer;
        event.topic = topic;
        event.compoundId = EventKeys.compoundOf(key);
        event.buildingId = Topic.ORDERS.topicName().equals(topic) ? EventKeys.entityOf(key) : null;
        event.reason = reason == null || reason.isBlank() ? "unreadable"
                : reason.length() > REASON_LENGTH ? reason.substring(0, REASON_LENGTH) : reason;
        event.setAsideAt = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        QuarkusTransaction.requiringNew().run(event::persist);
    }

    @Produces
    RetentionRule setAsideEvents(RetentionConfig config) {
        return new RetentionRule("set-aside events", "delete from set_aside_event where set_aside_at < ? limit ?",
                config.setAsideEvents());
    }
}
