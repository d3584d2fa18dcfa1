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
import org.doorstep.common.jdbc.MultiRowInsert;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The only way a service publishes: the event joins the caller's database transaction, so it is sent if and only if
 * the change commits. The events of a transaction are written to the outbox table together, in one statement, just
 * before it commits (a consumer's batch publishes hundreds, and a row each was a round trip each); the relay wakes
 * when the transaction has committed.
 */
@ApplicationScoped
public class Outbox {

    @Inject
    EventJson json;

    @Inject
    OutboxRelay relay;

    @Inject
    TransactionSynchronizationRegistry transactions;

    @Inject
    DataSource dataSource;

    @ConfigProperty(name = "quarkus.application.name")
    String source;

    private record Row(String topic, String key, String type, String envelope, LocalDateTime createdAt) {
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public EventEnvelope publish(Topic topic, String key, String type, String aggregateType, Object aggregateId,
                                 Object payload) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        EventEnvelope envelope = new EventEnvelope(UUID.randomUUID(), type, now, source, aggregateType,
                String.valueOf(aggregateId), json.mapper().valueToTree(payload));
        rowsOfThisTransaction().add(new Row(topic.topicName(), key, type, json.write(envelope),
                now.toLocalDateTime()));
        return envelope;
    }

    @SuppressWarnings("unchecked")
    private List<Row> rowsOfThisTransaction() {
        List<Row> rows = (List<Row>) transactions.getResource(Outbox.class);
        if (rows == null) {
            List<Row> pending = new ArrayList<>();
            transactions.putResource(Outbox.class, pending);
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                    if (transactions.getTransactionStatus() == Status.STATUS_ACTIVE) {
                        write(pending);
                    }
                }

                @Override
                public void afterCompletion(int status) {
                    if (status == Status.STATUS_COMMITTED) {
                        relay.wake();
                    }
                }
            });
            rows = pending;
        }
        return rows;
    }

    /** Writes the rows in their order (their ids grow in it), on the transaction's own connection. */
    private void write(List<Row> rows) {
        try (Connection connection = dataSource.getConnection()) {
            MultiRowInsert.insert(connection,
                    "insert into outbox_event (topic, message_key, event_type, envelope, created_at)", 5,
                    rows.stream().map(row -> new Object[] {row.topic(), row.key(), row.type(), row.envelope(),
                            row.createdAt()}).toList());
        } catch (SQLException e) {
            // Thrown from here, the transaction rolls back: the change does not commit without its events.
            throw new IllegalStateException("could not write " + rows.size() + " events to the outbox", e);
        }
    }
}
