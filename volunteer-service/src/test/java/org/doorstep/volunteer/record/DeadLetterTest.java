package org.doorstep.volunteer.record;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.doorstep.common.contracts.RunChanged;
import org.doorstep.common.contracts.RunStatus;
import org.doorstep.common.events.Topic;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** An event nobody can read goes to the dead-letter topic with the reason, and the consumer carries on. */
@QuarkusTest
@WithTestResource(value = DoorstepTestServers.class, scope = TestResourceScope.GLOBAL)
class DeadLetterTest {

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
    void unreadable_events_are_dead_lettered_with_the_reason_and_the_next_event_is_applied() {
        String marker = UUID.randomUUID().toString();
        long building = 500_000_000L + System.nanoTime() % 100_000_000L;
        long compound = building + 1;
        events.sendRaw(Topic.DISPATCH, "garbage-" + marker, "this is not an event " + marker);
        events.sendRaw(Topic.DISPATCH, "bad-payload-" + marker, "{\"eventId\":\"" + UUID.randomUUID()
                + "\",\"type\":\"RunChanged\",\"occurredAt\":\"2022-04-10T08:00:00Z\",\"source\":\"x\","
                + "\"aggregateType\":\"Run\",\"aggregateId\":\"1\",\"payload\":{\"runId\":\"not a number\"}}");

        for (String key : List.of("garbage-" + marker, "bad-payload-" + marker)) {
            ConsumerRecord<String, String> letter = events.awaitRecord(Topic.DEAD_LETTER,
                    r -> key.equals(r.key()), Duration.ofSeconds(20));
            assertNotNull(letter, "dead letter for " + key);
            String reason = new String(letter.headers().lastHeader("doorstep.reason").value(), StandardCharsets.UTF_8);
            assertFalse(reason.isBlank(), "a reason is given");
            assertNotNull(letter.headers().lastHeader("doorstep.origin"));
        }

        // The consumer went on: a good event after the bad ones is applied.
        VolunteerFixture.announceBuilding(events, compound, building);
        long volunteer = VolunteerFixture.volunteerOnceKnown(compound, building);
        events.send(Topic.DISPATCH, String.valueOf(building), RunChanged.TYPE, "dispatch-service", "Run", 1,
                new RunChanged(1, building, volunteer, RunStatus.DONE, List.of(5L), 1, 0,
                        OffsetDateTime.now(ZoneOffset.UTC)));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> As.admin().get("/api/volunteers/{id}", volunteer)
                .then().body("record.runsCompleted", equalTo(1)));
    }
}
