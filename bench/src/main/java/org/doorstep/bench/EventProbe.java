package org.doorstep.bench;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Reads doorstep.orders and doorstep.dispatch from their ends as they grow (no consumer group: it disturbs nobody)
 * and keeps, per order, the times the events themselves carry: OrderPlaced.placedAt, and the {@code at} of the first
 * OrderProgressed ASSIGNED and of DELIVERED. Latencies come from these, not from when anyone polled. It also keeps each
 * order's latest dispatch status, so the number of orders queued, assigned, delivered... is known at any moment, and
 * passes RunChanged events to whoever plays the volunteers.
 */
final class EventProbe implements AutoCloseable {

    static final String ORDERS = "doorstep.orders";
    static final String DISPATCH = "doorstep.dispatch";

    /** One order as the events show it. Times in microseconds since the epoch; 0 while not seen. */
    static final class Track {
        final long orderId;
        volatile long buildingId;
        volatile long householdId;
        volatile long placedMicros;
        /** When order-service's relay sent its OrderPlaced to the broker (the record's create time, in ms). */
        volatile long onBrokerMicros;
        volatile long assignedMicros;
        volatile long deliveredMicros;
        volatile boolean urgentMedicine;
        volatile String category;
        volatile String status;
        volatile long seq = -1;

        Track(long orderId) {
            this.orderId = orderId;
        }
    }

    /** A run as RunChanged shows it. */
    record RunEvent(long runId, long buildingId, Long volunteerId, String status, List<Long> orderIds) {
    }

    private final KafkaConsumer<String, String> consumer;
    private final Thread thread;
    private volatile boolean running = true;

    final Map<Long, Track> orders = new ConcurrentHashMap<>();
    /** Orders whose OrderPlaced was seen. */
    final AtomicLong placed = new AtomicLong();
    /** Orders whose first ASSIGNED was seen. */
    final AtomicLong assigned = new AtomicLong();
    final AtomicLong delivered = new AtomicLong();
    final AtomicLong ordersRecords = new AtomicLong();
    final AtomicLong dispatchRecords = new AtomicLong();
    /** Orders by their latest dispatch status (QUEUED, ASSIGNED, PICKED_UP, DELIVERED, SELF_COLLECTION...). */
    final Map<String, AtomicLong> byStatus = new ConcurrentHashMap<>();
    /** Urgent medicine not yet assigned: order id → placedAt (µs). */
    final Map<Long, Long> urgentWaiting = new ConcurrentHashMap<>();
    private final List<Consumer<RunEvent>> runListeners = new CopyOnWriteArrayList<>();
    private volatile Throwable failure;

    EventProbe(String bootstrapServers) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, "doorstep-bench-probe",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        consumer = new KafkaConsumer<>(config);
        List<TopicPartition> partitions = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        for (String topic : List.of(ORDERS, DISPATCH)) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            while ((infos == null || infos.isEmpty()) && System.nanoTime() < deadline) {
                Http.sleep(500);
                infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            }
            if (infos == null || infos.isEmpty()) {
                consumer.close();
                throw new IllegalStateException("topic " + topic + " does not exist on " + bootstrapServers
                        + "; are the services running?");
            }
            infos.forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve the ends now: only what happens from here on counts
        thread = new Thread(this::loop, "bench-event-probe");
        thread.setDaemon(true);
        thread.start();
    }

    void onRun(Consumer<RunEvent> listener) {
        runListeners.add(listener);
    }

    private void loop() {
        try {
            while (running) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    try {
                        apply(record);
                    } catch (RuntimeException e) {
                        // not an event the probe understands; the services dead-letter such records themselves
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (Throwable e) {
            failure = e;
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void apply(ConsumerRecord<String, String> record) {
        boolean orderTopic = record.topic().equals(ORDERS);
        (orderTopic ? ordersRecords : dispatchRecords).incrementAndGet();
        JsonNode event = Json.parse(record.value());
        String type = event.path("type").asText();
        JsonNode payload = event.path("payload");
        switch (type) {
            case "OrderPlaced" -> {
                Track track = orders.computeIfAbsent(payload.path("orderId").asLong(), Track::new);
                synchronized (track) {
                    if (track.placedMicros != 0) {
                        return; // a resend of the outbox
                    }
                    track.buildingId = payload.path("buildingId").asLong();
                    track.householdId = payload.path("householdId").asLong();
                    track.category = payload.path("category").asText();
                    track.urgentMedicine = payload.path("urgent").asBoolean() && "MEDICINE".equals(track.category);
                    track.placedMicros = Json.epochMicros(payload.path("placedAt").asText());
                    track.onBrokerMicros = record.timestamp() * 1000;
                    if (track.status == null) {
                        move(track, "PLACED");
                    }
                    if (track.urgentMedicine && track.assignedMicros == 0
                            && ("PLACED".equals(track.status) || "QUEUED".equals(track.status))) {
                        urgentWaiting.put(track.orderId, track.placedMicros);
                    }
                }
                placed.incrementAndGet();
            }
            case "OrderProgressed" -> {
                Track track = orders.computeIfAbsent(payload.path("orderId").asLong(), Track::new);
                String status = payload.path("status").asText();
                long seq = payload.path("seq").asLong();
                long at = Json.epochMicros(payload.path("at").asText());
                synchronized (track) {
                    if ("ASSIGNED".equals(status) && track.assignedMicros == 0) {
                        track.assignedMicros = at;
                        assigned.incrementAndGet();
                    }
                    if ("DELIVERED".equals(status) && track.deliveredMicros == 0) {
                        track.deliveredMicros = at;
                        delivered.incrementAndGet();
                    }
                    if (!"QUEUED".equals(status)) {
                        urgentWaiting.remove(track.orderId);
                    }
                    if (seq > track.seq) {
                        track.seq = seq;
                        move(track, status);
                    }
                }
            }
            case "RunChanged" -> {
                List<Long> orderIds = new ArrayList<>();
                payload.path("orderIds").forEach(id -> orderIds.add(id.asLong()));
                RunEvent run = new RunEvent(payload.path("runId").asLong(), payload.path("buildingId").asLong(),
                        payload.path("volunteerId").isNull() ? null : payload.path("volunteerId").asLong(),
                        payload.path("status").asText(), orderIds);
                runListeners.forEach(listener -> listener.accept(run));
            }
            default -> {
                // other events (cancellations, distributions) only count as records
            }
        }
    }

    private void move(Track track, String status) {
        if (track.status != null) {
            byStatus.computeIfAbsent(track.status, s -> new AtomicLong()).decrementAndGet();
        }
        track.status = status;
        byStatus.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
    }

    long count(String status) {
        AtomicLong n = byStatus.get(status);
        return n == null ? 0 : n.get();
    }

    /** Placed orders not yet assigned (queued in dispatch, or not yet read by it). */
    long backlog() {
        return placed.get() - assigned.get();
    }

    /** How long the oldest urgent medicine order not yet assigned has waited, in seconds; 0 when none waits. */
    double oldestUrgentWaitSeconds() {
        long now = System.currentTimeMillis() * 1000;
        return urgentWaiting.values().stream().mapToLong(Long::longValue).min()
                .stream().mapToDouble(placedAt -> (now - placedAt) / 1e6).findFirst().orElse(0);
    }

    void check() {
        if (failure != null) {
            throw new IllegalStateException("the event probe stopped: " + failure, failure);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(5000);
    }
}
