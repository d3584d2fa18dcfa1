package org.doorstep.dispatch.intake;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.doorstep.common.BackgroundLoop;
import org.doorstep.common.events.Topic;
import org.doorstep.common.kafka.KafkaClients;
import org.doorstep.dispatch.model.SetAsideEvent;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the dead-letter topic for the events the other services' consumers set aside (order-service's of dispatch
 * events and building states, volunteer-service's of dispatch events), so that the grid workers of the building see
 * them as they see dispatch's own ({@code EVENT_SET_ASIDE}). Dispatch's own letters are skipped: {@link SetAsideEvents}
 * recorded each as it was written.
 * <p>
 * A plain consumer, not {@code EventConsumers}: a letter may be any text, and must never be set aside again. Its
 * group's instances share the partitions, so each letter is read by one instance; the offsets are committed once the
 * rows are written, and a letter read again (a restart or rebalance before the commit) finds its row by its
 * partition and offset and adds nothing. A database or broker away ends the round: the consumer is closed without
 * committing and opened again after a back-off, from the last committed offset, so no letter is passed over.
 */
@ApplicationScoped
class OtherServicesSetAside {

    private static final Logger LOG = Logger.getLogger(OtherServicesSetAside.class);

    static final String GROUP = CompoundFeeds.GROUP + ".letters";

    @Inject
    KafkaClients kafka;

    private BackgroundLoop loop;
    private volatile KafkaConsumer<String, String> consumer;

    void start(@Observes StartupEvent event) {
        // The interval only paces a round that ended without failing (none does but at shutdown).
        loop = new BackgroundLoop("consumer-" + GROUP, Duration.ofSeconds(1), this::readLetters);
        loop.start();
        loop.wake();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        if (loop == null) {
            return;
        }
        KafkaConsumer<String, String> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        loop.stop();
    }

    /** Reads letters until stopped; a failure ends the round uncommitted, and the loop opens a new one later. */
    private void readLetters() throws Exception {
        if (!loop.running()) {
            return;
        }
        kafka.ensureTopics();
        try (KafkaConsumer<String, String> letters = kafka.consumer(GROUP)) {
            consumer = letters;
            letters.subscribe(List.of(Topic.DEAD_LETTER.topicName()));
            while (loop.running()) {
                ConsumerRecords<String, String> polled = letters.poll(Duration.ofMillis(500));
                if (polled.isEmpty()) {
                    continue;
                }
                List<ConsumerRecord<String, String>> batch = new ArrayList<>(polled.count());
                polled.forEach(batch::add);
                record(batch);
                letters.commitSync();
            }
        } catch (WakeupException stopping) {
            // Shutdown: what was not committed is read again by the next holder of the partitions.
        } finally {
            consumer = null;
        }
    }

    /**
     * Records, in one transaction, the set-aside event of each letter another service's consumer wrote and that was
     * not recorded before.
     *
     * @return how many of the letters were other services'
     */
    int record(List<ConsumerRecord<String, String>> letters) {
        List<ConsumerRecord<String, String>> others = letters.stream()
                .filter(letter -> !ownConsumer(header(letter, "doorstep.consumer"))).toList();
        if (!others.isEmpty()) {
            QuarkusTransaction.requiringNew().run(() -> others.forEach(OtherServicesSetAside::keep));
            LOG.debugf("Recorded %d events other services set aside", others.size());
        }
        return others.size();
    }

    private static void keep(ConsumerRecord<String, String> letter) {
        String consumer = header(letter, "doorstep.consumer");
        SetAsideEvent event = SetAsideEvents.describe(consumer == null || consumer.isBlank() ? "unknown" : consumer,
                originTopic(header(letter, "doorstep.origin")), header(letter, "doorstep.reason"),
                writtenAt(letter));
        SetAsideEvents.place(event, letter.key());
        event.letterPartition = letter.partition();
        event.letterOffset = letter.offset();
        SetAsideEvent.keepLetter(event);
    }

    /** Dispatch's own consumers sign {@code dispatch-service.<topic>}. */
    private static boolean ownConsumer(String consumer) {
        return consumer != null && consumer.startsWith(CompoundFeeds.GROUP + ".");
    }

    /**
     * When the letter was written (its record's time, the same each time it is read): a letter read long after, the
     * first time this group starts, is as old as it is.
     */
    private static OffsetDateTime writtenAt(ConsumerRecord<String, String> letter) {
        Instant at = letter.timestamp() >= 0 ? Instant.ofEpochMilli(letter.timestamp()) : Instant.now();
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }

    /** The topic of an origin written as {@code topic-partition@offset}, or "unknown". */
    static String originTopic(String origin) {
        int at = origin == null ? -1 : origin.lastIndexOf('@');
        int dash = at < 0 ? -1 : origin.lastIndexOf('-', at);
        return dash <= 0 ? "unknown" : origin.substring(0, dash);
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
