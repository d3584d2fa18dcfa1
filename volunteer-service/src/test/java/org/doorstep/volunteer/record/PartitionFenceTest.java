package org.doorstep.volunteer.record;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.doorstep.common.events.EventEnvelope;
import org.doorstep.common.events.Topic;
import org.doorstep.common.inbox.EventConsumers;
import org.doorstep.common.inbox.EventHandler;
import org.doorstep.common.inbox.PartitionFence;
import org.doorstep.common.kafka.KafkaClients;
import org.doorstep.testkit.DoorstepTestServers;
import org.doorstep.testkit.EventProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An instance that lost its partitions while it was applying (paused past its session, say) cannot commit behind the
 * new holder's back: its transaction is refused and rolled back, it rejoins, and the event is applied once, by
 * whoever holds the partition then, from the offset stored with the last applied events.
 */
@QuarkusTest
@WithTestResource(value = DoorstepTestServers.class, scope = TestResourceScope.GLOBAL)
class PartitionFenceTest {

    private static final String PROBE = "FenceProbe";

    private static EventProbe events;

    @Inject
    EventConsumers consumers;

    @Inject
    PartitionFence fence;

    @Inject
    KafkaClients kafka;

    @Inject
    TransactionSynchronizationRegistry transactions;

    @Inject
    DataSource dataSource;

    @BeforeAll
    static void connect() throws Exception {
        events = new EventProbe(DoorstepTestServers.broker().bootstrapServers());
    }

    @AfterAll
    static void disconnect() {
        events.close();
    }

    @Test
    void a_holder_whose_partitions_were_taken_meanwhile_cannot_commit_and_the_event_is_applied_once() throws Exception {
        String group = "fence-test-" + UUID.randomUUID();
        CountDownLatch applying = new CountDownLatch(1);
        CountDownLatch taken = new CountDownLatch(1);
        Queue<String> committed = new ConcurrentLinkedQueue<>();
        Queue<String> rolledBack = new ConcurrentLinkedQueue<>();
        EventHandler slowFirstTime = new EventHandler() {
            @Override
            public boolean wants(String eventType) {
                return PROBE.equals(eventType);
            }

            @Override
            public void apply(EventEnvelope event) {
                String id = event.eventId().toString();
                transactions.registerInterposedSynchronization(new Synchronization() {
                    @Override
                    public void beforeCompletion() {
                    }

                    @Override
                    public void afterCompletion(int status) {
                        (status == Status.STATUS_COMMITTED ? committed : rolledBack).add(id);
                    }
                });
                if (applying.getCount() > 0) {
                    applying.countDown();
                    waitFor(taken);
                }
            }
        };

        try (EventConsumers.Running running = consumers.start(group,
                List.of(new EventConsumers.Subscription(Topic.DISPATCH, group, slowFirstTime)))) {
            EventEnvelope probe = events.send(Topic.DISPATCH, "fence/" + group, PROBE, "test", "Probe", 1,
                    Map.of("what", "a write that must happen once"));
            assertTrue(applying.await(60, TimeUnit.SECONDS), "the consumer started applying the probe");

            // Another instance takes every partition of the topic, as it would after a rebalance this one missed.
            int partitions = kafka.producer().partitionsFor(Topic.DISPATCH.topicName()).size();
            fence.take(group, Topic.DISPATCH.topicName(), IntStream.range(0, partitions).boxed().toList());
            taken.countDown();

            String id = probe.eventId().toString();
            await().atMost(Duration.ofSeconds(60)).until(() -> committed.contains(id));
            assertEquals(List.of(id), List.copyOf(rolledBack), "the write made while the partition moved was refused");
            assertEquals(1, timesRecordedAsApplied(group, id), "applied once, by the holder after the move");
            Thread.sleep(1000);
            assertEquals(List.of(id), List.copyOf(committed), "and not again");
        }
    }

    private int timesRecordedAsApplied(String consumer, String eventId) throws Exception {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "select count(*) from processed_event where consumer = ? and event_id = ?")) {
            select.setString(1, consumer);
            select.setString(2, eventId);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static void waitFor(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
