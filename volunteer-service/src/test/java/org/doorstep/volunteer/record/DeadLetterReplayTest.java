package org.doorstep.volunteer.record;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringSerializer;
import org.doorstep.common.contracts.RunChanged;
import org.doorstep.common.contracts.RunStatus;
import org.doorstep.common.events.Topic;
import org.doorstep.common.kafka.DeadLetterReplay;
import org.doorstep.testkit.As;
import org.doorstep.volunteer.VolunteerFixture;
import org.doorstep.testkit.DoorstepTestServers;
import org.doorstep.testkit.EventProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * After a fix, the replay command sends the dead letters back where they came from: the event that was set aside is
 * applied now, and a second replay sends nothing again.
 */
@QuarkusTest
@WithTestResource(value = DoorstepTestServers.class, scope = TestResourceScope.GLOBAL)
class DeadLetterReplayTest {

    private static EventProbe events;

    @BeforeAll
    static void connect() throws Exception {
        events = new EventProbe(DoorstepTestServers.broker().bootstrapServers());
    }

    @AfterAll
    static void disconnect() {
        events.close();
    }

    @Test
    void a_replayed_dead_letter_is_applied_once_and_not_sent_again() throws Exception {
        long building = 600_000_000L + System.nanoTime() % 100_000_000L;
        long compound = building + 1;
        VolunteerFixture.announceBuilding(events, compound, building);
        long volunteer = VolunteerFixture.volunteerOnceKnown(compound, building);
        // A run's end that a consumer had set aside (say, a bug since fixed), as the consumer writes a dead letter.
        String consumer = "replay-test-" + UUID.randomUUID();
        String done = EventProbe.write(EventProbe.envelope(RunChanged.TYPE, "dispatch-service", "Run", 1,
                new RunChanged(1, building, volunteer, RunStatus.DONE, List.of(5L), 1, 0,
                        OffsetDateTime.now(ZoneOffset.UTC))));
        deadLetter(String.valueOf(building), done, consumer, Topic.DISPATCH.topicName() + "-3@17");

        DeadLetterReplay.Result first = DeadLetterReplay.replay(DoorstepTestServers.broker().bootstrapServers(),
                consumer);

        assertEquals(1, first.replayed(), "the one letter of this consumer: " + first);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> As.admin().get("/api/volunteers/{id}", volunteer)
                .then().body("record.runsCompleted", equalTo(1)));
        assertEquals(0, DeadLetterReplay.replay(DoorstepTestServers.broker().bootstrapServers(), consumer).replayed(),
                "a letter is replayed once");
        As.admin().get("/api/volunteers/{id}", volunteer).then().body("record.runsCompleted", equalTo(1));
    }

    private static void deadLetter(String key, String value, String consumer, String origin) throws Exception {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, DoorstepTestServers.broker().bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            ProducerRecord<String, String> letter = new ProducerRecord<>(Topic.DEAD_LETTER.topicName(), key, value);
            letter.headers().add(new RecordHeader("doorstep.reason", bytes("a bug, since fixed")));
            letter.headers().add(new RecordHeader("doorstep.consumer", bytes(consumer)));
            letter.headers().add(new RecordHeader("doorstep.origin", bytes(origin)));
            producer.send(letter).get();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
