package org.doorstep.common.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import org.doorstep.common.events.EventEnvelope;
import org.doorstep.common.events.EventJson;
import org.doorstep.common.events.Topic;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * The only way a service publishes: the event joins the caller's database transaction, so it is sent if and only if
 * the change commits. The relay wakes when the transaction commits.
 */
@ApplicationScoped
public class Outbox {

    @Inject
    EventJson json;

    @Inject
    OutboxRelay relay;

    @Inject
    TransactionSynchronizationRegistry transactions;

    @ConfigProperty(name = "quarkus.application.name")
    String source;

    @Transactional(Transactional.TxType.MANDATORY)
    public EventEnvelope publish(Topic topic, String key, String type, String aggregateType, Object aggregateId,
                                 Object payload) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        EventEnvelope envelope = new EventEnvelope(UUID.randomUUID(), type, now, source, aggregateType,
                String.valueOf(aggregateId), json.mapper().valueToTree(payload));
        OutboxEvent row = new OutboxEvent();
        row.topic = topic.topicName();
        row.messageKey = key;
        row.eventType = type;
        row.envelope = json.write(envelope);
        row.createdAt = now;
        row.persist();
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    relay.wake();
                }
            }
        });
        return envelope;
    }
}
