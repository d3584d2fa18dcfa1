package org.doorstep.common.outbox;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.doorstep.common.BackgroundLoop;
import org.doorstep.common.kafka.KafkaClients;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Sends outbox rows to Kafka in id order and deletes them once the broker has them all. Rows are locked while they
 * are sent, so a second instance waits and never sends side by side with the first; a crash between send and
 * delete only causes a resend, which consumers ignore by event id. A broker outage delays events and loses none.
 */
@ApplicationScoped
public class OutboxRelay {

    @Inject
    KafkaClients kafka;

    @ConfigProperty(name = "doorstep.outbox.batch-size", defaultValue = "500")
    int batchSize;

    @ConfigProperty(name = "doorstep.outbox.poll-interval", defaultValue = "PT0.5S")
    java.time.Duration pollInterval;

    private BackgroundLoop loop;

    void start(@Observes StartupEvent event) {
        loop = new BackgroundLoop("outbox-relay", pollInterval, this::sendAll);
        loop.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        loop.stop();
    }

    /** Called after a transaction that wrote to the outbox commits. */
    public void wake() {
        if (loop != null) {
            loop.wake();
        }
    }

    private void sendAll() throws Exception {
        kafka.ensureTopics();
        int sent;
        do {
            sent = sendBatch();
        } while (sent == batchSize && loop.running());
    }

    /** @return how many events went out */
    int sendBatch() {
        return QuarkusTransaction.requiringNew().call(() -> {
            // Native SQL: Hibernate's "for update of <alias>" is MySQL 8 only, and this must run on MariaDB too.
            // Not "skip locked": a second instance's relay would send the rows after this batch side by side with
            // it, and an OrderCancelled could reach dispatch before its OrderPlaced. Waiting for the lock keeps one
            // sender at a time, in id order (a transaction's rows are written just before it commits, so a wait for
            // one still open is short).
            @SuppressWarnings("unchecked")
            List<OutboxEvent> batch = OutboxEvent.getEntityManager()
                    .createNativeQuery("select * from outbox_event order by id limit ?1 for update",
                            OutboxEvent.class)
                    .setParameter(1, batchSize)
                    .getResultList();
            if (batch.isEmpty()) {
                return 0;
            }
            List<Future<RecordMetadata>> acks = new ArrayList<>(batch.size());
            for (OutboxEvent row : batch) {
                acks.add(kafka.producer().send(new ProducerRecord<>(row.topic, row.messageKey, row.envelope)));
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get(30, TimeUnit.SECONDS);
            }
            List<Long> ids = batch.stream().map(row -> row.id).toList();
            OutboxEvent.delete("id in ?1", ids);
            return batch.size();
        });
    }
}
