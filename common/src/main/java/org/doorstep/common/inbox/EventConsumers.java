package org.doorstep.common.inbox;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.doorstep.common.events.EventEnvelope;
import org.doorstep.common.events.EventJson;
import org.doorstep.common.events.MalformedEventException;
import org.doorstep.common.events.Topic;
import org.doorstep.common.Failures;
import org.doorstep.common.kafka.KafkaClients;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Runs a service's Kafka consumers. Each record is applied at most once per consumer group, in a transaction
 * together with the record of its event id and its partition's offset (one transaction for all a poll brought, when
 * it can); so Kafka's at-least-once delivery becomes exactly-once in effect. The offsets stored in that transaction are
 * where a new holder of the partition goes on, and each holder's epoch fences the one before ({@link PartitionFence}). A record that cannot be read goes to the dead-letter topic and the consumer
 * goes on; a failure that may pass (database away, concurrent change) is retried until it succeeds.
 */
@ApplicationScoped
public class EventConsumers {

    private static final Logger LOG = Logger.getLogger(EventConsumers.class);
    private static final int ATTEMPTS_BEFORE_DEAD_LETTER = 5;

    @Inject
    KafkaClients kafka;

    @Inject
    EventJson json;

    @Inject
    ProcessedEvents processed;

    @Inject
    Instance<SetAsideListener> setAsideListeners;

    @Inject
    PartitionFence fence;

    private final List<Loop> loops = new CopyOnWriteArrayList<>();

    /**
     * What a consumer reads from one topic: the handler of its events, and the name under which the ids of the
     * events it applied are kept (and dead letters are signed).
     */
    public record Subscription(Topic topic, String consumerName, EventHandler handler) {
    }

    /** A started consumer, to stop before the service does (a test's own consumer). */
    public interface Running extends AutoCloseable {
        @Override
        void close();
    }

    /** Starts a consumer thread for the group on the topics; the handler is called for each new event. */
    public Running start(String group, List<Topic> topics, EventHandler handler) {
        return start(group, topics.stream().map(topic -> new Subscription(topic, group, handler)).toList());
    }

    /**
     * Starts one consumer thread for the group on several topics. With as many partitions on each and the range
     * assignment, partition n of every topic goes to the same member: the events of one key's partition meet on one
     * instance. A poll's records are applied topic by topic, in the order given.
     */
    public Running start(String group, List<Subscription> subscriptions) {
        Loop loop = new Loop(group, subscriptions);
        loops.add(loop);
        Thread thread = new Thread(loop, "consumer-" + group);
        thread.setDaemon(true);
        thread.start();
        return () -> {
            loop.stop();
            loops.remove(loop);
        };
    }

    void stop(@Observes ShutdownEvent event) {
        loops.forEach(Loop::stop);
    }

    private final class Loop implements Runnable {
        private final String group;
        private final List<Applier> appliers;
        private volatile boolean running = true;
        private volatile KafkaConsumer<String, String> consumer;
        /** The epoch this instance took each partition it holds with; only the loop's thread touches it. */
        private final Map<TopicPartition, Long> epochs = new HashMap<>();

        Loop(String group, List<Subscription> subscriptions) {
            this.group = group;
            this.appliers = subscriptions.stream().map(Applier::new).toList();
        }

        void stop() {
            running = false;
            KafkaConsumer<String, String> current = consumer;
            if (current != null) {
                current.wakeup();
            }
        }

        @Override
        public void run() {
            while (running) {
                try {
                    kafka.ensureTopics();
                    consumer = kafka.consumer(group);
                    epochs.clear();
                    try (KafkaConsumer<String, String> c = consumer) {
                        c.subscribe(appliers.stream().map(a -> a.topic.topicName()).toList(), new Holdings(c));
                        while (running) {
                            ConsumerRecords<String, String> records = c.poll(Duration.ofMillis(500));
                            if (records.isEmpty()) {
                                continue;
                            }
                            Map<TopicPartition, Long> stored = new HashMap<>();
                            for (Applier applier : appliers) {
                                List<ConsumerRecord<String, String>> ofTopic = new ArrayList<>();
                                records.records(applier.topic.topicName()).forEach(ofTopic::add);
                                if (!ofTopic.isEmpty() && !applier.applyBatch(ofTopic, stored)) {
                                    return;
                                }
                            }
                            Map<TopicPartition, OffsetAndMetadata> next = nextOffsets(records);
                            storeOffsetsNotYetStored(next, stored);
                            // A crash before this commit redelivers nothing: the new holder seeks to the stored offsets.
                            c.commitSync(next);
                        }
                    }
                } catch (WakeupException e) {
                    return;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (Exception e) {
                    if (!running) {
                        return;
                    }
                    PartitionFence.FencedOut fenced = fencedOut(e);
                    if (fenced != null) {
                        // Paused past its session: the partitions moved on, and so must this instance, from scratch.
                        LOG.warnf("Consumer %s: its writes were refused (%s); rejoining the group", group,
                                fenced.getMessage());
                        continue;
                    }
                    LOG.warnf("Consumer %s stopped (%s); reconnecting in 1 s", group, e.toString());
                    sleepQuietly(1000);
                }
            }
        }

        private Map<Integer, Long> epochsOf(String topicName) {
            Map<Integer, Long> of = new HashMap<>();
            epochs.forEach((partition, epoch) -> {
                if (partition.topic().equals(topicName)) {
                    of.put(partition.partition(), epoch);
                }
            });
            return of;
        }

        /**
         * The offsets of records that no transaction stored (passed over, dead-lettered) go to the database before
         * Kafka, so that a new holder seeking to the stored offsets does not read them again.
         */
        private void storeOffsetsNotYetStored(Map<TopicPartition, OffsetAndMetadata> next,
                                              Map<TopicPartition, Long> stored) {
            Map<String, Map<Integer, Long>> behind = new HashMap<>();
            next.forEach((partition, offset) -> {
                if (stored.getOrDefault(partition, -1L) < offset.offset()) {
                    behind.computeIfAbsent(partition.topic(), t -> new HashMap<>())
                            .put(partition.partition(), offset.offset());
                }
            });
            if (!behind.isEmpty()) {
                QuarkusTransaction.requiringNew().run(() -> behind.forEach((topic, offsets) ->
                        fence.advance(group, topic, offsets, epochsOf(topic))));
            }
        }

        /**
         * Takes the partitions Kafka assigns (raising their epochs, which refuses the writes of their last holder)
         * and goes on from the offsets stored with the last applied events; logs which partitions the instance
         * holds, the first thing an operator asks when work moves between instances.
         */
        private final class Holdings implements ConsumerRebalanceListener {
            private final KafkaConsumer<String, String> consumer;

            Holdings(KafkaConsumer<String, String> consumer) {
                this.consumer = consumer;
            }

            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                partitions.forEach(epochs::remove);
                if (!partitions.isEmpty()) {
                    LOG.infof("Consumer %s: gave up %d partitions", group, partitions.size());
                }
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                Map<String, List<Integer>> byTopic = new HashMap<>();
                partitions.forEach(p -> byTopic.computeIfAbsent(p.topic(), t -> new ArrayList<>()).add(p.partition()));
                byTopic.forEach((topic, numbers) -> fence.take(group, topic, numbers).forEach((number, hold) -> {
                    TopicPartition partition = new TopicPartition(topic, number);
                    epochs.put(partition, hold.epoch());
                    if (hold.nextOffset() >= 0) {
                        consumer.seek(partition, hold.nextOffset());
                    }
                }));
                LOG.infof("Consumer %s: now holds %s", group, partitions);
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
                partitions.forEach(epochs::remove);
                LOG.warnf("Consumer %s: lost %d partitions to another instance (missed the session timeout)", group,
                        partitions.size());
            }
        }

        /** Applies the records of one topic, under its consumer name. */
        private final class Applier {
            private final Topic topic;
            private final String name;
            private final EventHandler handler;

            Applier(Subscription subscription) {
                this.topic = subscription.topic();
                this.name = subscription.consumerName();
                this.handler = subscription.handler();
            }

            /**
             * Applies what one poll brought in as few transactions as it takes: every event the handler wants, with the
             * record of their ids and the handler's end-of-batch work, in one transaction. When that transaction fails
             * for a reason that does not pass by itself, the records are applied one by one, so one bad event is set
             * aside alone.
             *
             * @return false on shutdown, before everything was applied
             */
            private boolean applyBatch(List<ConsumerRecord<String, String>> records, Map<TopicPartition, Long> stored)
                    throws InterruptedException {
                List<EventEnvelope> wanted = new ArrayList<>(records.size());
                List<ConsumerRecord<String, String>> wantedRecords = new ArrayList<>(records.size());
                for (ConsumerRecord<String, String> record : records) {
                    EventEnvelope event;
                    try {
                        event = json.read(record.value());
                    } catch (MalformedEventException e) {
                        deadLetter(record, e.getMessage());
                        continue;
                    }
                    if (wants(event)) {
                        wanted.add(event);
                        wantedRecords.add(record);
                    }
                }
                if (wanted.isEmpty()) {
                    return true;
                }
                // What must not wait for the rest of the poll (urgent medicine) commits first, with whatever came
                // before it in its partition, so the order of each partition holds.
                List<Integer> ahead = aheadOfTheRest(wantedRecords, wanted.stream().map(this::goesFirst).toList());
                if (!ahead.isEmpty() && ahead.size() < wanted.size()) {
                    Set<Integer> first = new HashSet<>(ahead);
                    List<EventEnvelope> restEvents = new ArrayList<>();
                    List<ConsumerRecord<String, String>> restRecords = new ArrayList<>();
                    for (int i = 0; i < wanted.size(); i++) {
                        if (!first.contains(i)) {
                            restEvents.add(wanted.get(i));
                            restRecords.add(wantedRecords.get(i));
                        }
                    }
                    return applyWanted(ahead.stream().map(wanted::get).toList(),
                            ahead.stream().map(wantedRecords::get).toList(), stored)
                            && applyWanted(restEvents, restRecords, stored);
                }
                return applyWanted(wanted, wantedRecords, stored);
            }

            /** {@link #applyBatch} for the events the handler wants, in one transaction. */
            private boolean applyWanted(List<EventEnvelope> wanted, List<ConsumerRecord<String, String>> wantedRecords,
                                        Map<TopicPartition, Long> stored) throws InterruptedException {
                if (wanted.size() == 1) {
                    return handle(wantedRecords.get(0), stored);
                }
                Map<Integer, Long> offsets = offsetsAfter(wantedRecords);
                int attempt = 0;
                long start = System.nanoTime();
                while (running) {
                    attempt++;
                    try {
                        QuarkusTransaction.requiringNew().run(() -> applyNew(wanted, offsets));
                        remember(offsets, stored);
                        LOG.debugf("Consumer %s: applied %d events in %d ms", name, wanted.size(),
                                (System.nanoTime() - start) / 1_000_000);
                        return true;
                    } catch (RuntimeException e) {
                        rethrowIfFencedOut(e);
                        if (!Failures.mayPass(e) || attempt >= ATTEMPTS_BEFORE_DEAD_LETTER) {
                            LOG.debugf("Consumer %s: a batch of %d failed (%s); applying its events one by one", name,
                                    wanted.size(), Failures.describe(e));
                            for (ConsumerRecord<String, String> record : wantedRecords) {
                                if (!handle(record, stored)) {
                                    return false;
                                }
                            }
                            return true;
                        }
                        long pause = retryPause(attempt);
                        LOG.warnf("Consumer %s: a batch of %d events failed (%s); retry %d in %d ms", name,
                                wanted.size(), Failures.describe(e), attempt, pause);
                        TimeUnit.MILLISECONDS.sleep(pause);
                    }
                }
                return false;
            }

            /** Whether the event goes ahead of the rest of its poll; one the handler cannot read does not. */
            private boolean goesFirst(EventEnvelope event) {
                try {
                    return handler.goesFirst(event);
                } catch (RuntimeException unreadable) {
                    return false;
                }
            }

            /** Whether the handler wants the event; one it cannot read is wanted, for the apply path to dead-letter. */
            private boolean wants(EventEnvelope event) {
                try {
                    return handler.wants(event);
                } catch (RuntimeException unreadable) {
                    return true;
                }
            }

            /**
             * In the caller's transaction: records the ids of the events, and has the handler apply those it had not
             * seen before (a redelivered event, or a record the relay sent twice in one poll, is skipped).
             */
            private void applyNew(List<EventEnvelope> events, Map<Integer, Long> offsets) {
                // A copy: each id is taken out as its first copy is applied, so a second copy in the same poll is not.
                Set<UUID> fresh = new HashSet<>(processed.markFirstSight(name,
                        events.stream().map(EventEnvelope::eventId).toList()));
                List<EventEnvelope> news = new ArrayList<>(fresh.size());
                for (EventEnvelope event : events) {
                    if (fresh.remove(event.eventId())) {
                        news.add(event);
                    } else {
                        LOG.debugf("Consumer %s: %s %s seen before, skipped", name, event.type(), event.eventId());
                    }
                }
                if (!news.isEmpty()) {
                    handler.beforeBatch(news);
                    news.forEach(handler::apply);
                    handler.endOfBatch();
                }
                // Last, so the partition's row is locked only for the commit; refused if another instance took it.
                fence.advance(group, topic.topicName(), offsets, epochsOf(topic.topicName()));
            }

            /** @return true once the record is applied, skipped as a duplicate or dead-lettered; false on shutdown */
            private boolean handle(ConsumerRecord<String, String> record, Map<TopicPartition, Long> stored)
                    throws InterruptedException {
                EventEnvelope event;
                LOG.debugf("Consumer %s: record %s-%s@%s", name, record.topic(), record.partition(), record.offset());
                try {
                    event = json.read(record.value());
                } catch (MalformedEventException e) {
                    deadLetter(record, e.getMessage());
                    return true;
                }
                Map<Integer, Long> offsets = offsetsAfter(List.of(record));
                int attempt = 0;
                while (running) {
                    attempt++;
                    try {
                        QuarkusTransaction.requiringNew().run(() -> applyNew(List.of(event), offsets));
                        remember(offsets, stored);
                        return true;
                    } catch (MalformedEventException e) {
                        deadLetter(record, e.getMessage());
                        return true;
                    } catch (RuntimeException e) {
                        rethrowIfFencedOut(e);
                        if (Failures.mayPass(e)) {
                            long pause = retryPause(attempt);
                            LOG.warnf("Consumer %s: %s %s failed (%s); retry %d in %d ms", name, event.type(),
                                    event.eventId(), Failures.describe(e), attempt, pause);
                            TimeUnit.MILLISECONDS.sleep(pause);
                        } else if (attempt >= ATTEMPTS_BEFORE_DEAD_LETTER) {
                            LOG.errorf(e, "Consumer %s: %s %s failed %d times", name, event.type(), event.eventId(), attempt);
                            deadLetter(record, Failures.describe(e));
                            return true;
                        } else {
                            TimeUnit.MILLISECONDS.sleep(100L * attempt);
                        }
                    }
                }
                return false;
            }

            private void remember(Map<Integer, Long> offsets, Map<TopicPartition, Long> stored) {
                offsets.forEach((partition, offset) ->
                        stored.merge(new TopicPartition(topic.topicName(), partition), offset, Math::max));
            }

            private void deadLetter(ConsumerRecord<String, String> record, String reason) {
                LOG.warnf("Consumer %s: record %s-%d@%d sent to the dead-letter topic: %s", name, record.topic(),
                        record.partition(), record.offset(), reason);
                ProducerRecord<String, String> letter = new ProducerRecord<>(Topic.DEAD_LETTER.topicName(), record.key(),
                        record.value());
                letter.headers().add(new RecordHeader("doorstep.reason", bytes(reason)));
                letter.headers().add(new RecordHeader("doorstep.consumer", bytes(name)));
                letter.headers().add(new RecordHeader("doorstep.origin",
                        bytes(record.topic() + "-" + record.partition() + "@" + record.offset())));
                try {
                    kafka.producer().send(letter).get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    // The offset is not committed past this record unless the letter is written: retry from poll.
                    throw new IllegalStateException("dead-letter topic unavailable", e);
                }
                for (SetAsideListener listener : setAsideListeners) {
                    try {
                        listener.setAside(name, record.topic(), record.key(), reason);
                    } catch (RuntimeException e) {
                        LOG.warnf("Consumer %s: could not tell %s of the dead letter (%s)", name,
                                listener.getClass().getSimpleName(), Failures.describe(e));
                    }
                }
            }
        }
    }

    /**
     * How long to wait before trying again: a lost race (a pickup committed first) is over at once, so the first
     * retries come quickly, with some jitter so two racers do not meet again; a database away gets up to 5 s.
     */
    static long retryPause(int attempt) {
        long base = Math.min(20L << Math.min(attempt - 1, 8), 5000);
        return base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<String, String> records) {
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<String, String>> of = records.records(partition);
            next.put(partition, new OffsetAndMetadata(of.get(of.size() - 1).offset() + 1));
        }
        return next;
    }

    /** Per partition, the offset after the last of the records. */
    private static Map<Integer, Long> offsetsAfter(List<ConsumerRecord<String, String>> records) {
        Map<Integer, Long> after = new HashMap<>();
        records.forEach(r -> after.merge(r.partition(), r.offset() + 1, Math::max));
        return after;
    }

    private static void rethrowIfFencedOut(Throwable e) {
        PartitionFence.FencedOut fenced = fencedOut(e);
        if (fenced != null) {
            throw fenced;
        }
    }

    private static PartitionFence.FencedOut fencedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PartitionFence.FencedOut fenced) {
                return fenced;
            }
        }
        return null;
    }

    private static byte[] bytes(String text) {
        return (text == null ? "" : text).getBytes(StandardCharsets.UTF_8);
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Which records of a poll go ahead of the rest ({@link EventHandler#goesFirst}): each one that goes first, and
     * every record before it in its partition, so that no partition's order changes. Empty when none goes first.
     *
     * @param records   the poll's records of one topic, each partition's in offset order
     * @param goesFirst for each record, whether it goes first
     * @return the positions in {@code records} of those that go ahead, in their order
     */
    static List<Integer> aheadOfTheRest(List<ConsumerRecord<String, String>> records, List<Boolean> goesFirst) {
        Map<Integer, Long> upTo = new HashMap<>();
        for (int i = 0; i < records.size(); i++) {
            if (goesFirst.get(i)) {
                upTo.merge(records.get(i).partition(), records.get(i).offset(), Math::max);
            }
        }
        List<Integer> ahead = new ArrayList<>();
        for (int i = 0; i < records.size() && !upTo.isEmpty(); i++) {
            Long last = upTo.get(records.get(i).partition());
            if (last != null && records.get(i).offset() <= last) {
                ahead.add(i);
            }
        }
        return ahead;
    }
}
