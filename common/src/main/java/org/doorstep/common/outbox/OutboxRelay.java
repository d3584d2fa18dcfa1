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
 * are sent, so two instances never send the same batch side by side (the other skips them); a crash between send and
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
            // Skip locked: rows of transactions still open (and a batch another instance is sending) are not waited
            // for; they come in the next batch. Events of one aggregate come from transactions one after another,
            // so they still go out in order.
            @SuppressWarnings("unchecked")
            List<OutboxEvent> batch = OutboxEvent.getEntityManager()
                    .createNativeQuery("select * from outbox_event order by id limit ?1 for update skip locked",
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
