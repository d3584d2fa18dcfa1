package org.doorstep.dispatch.intake;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringSerializer;
import org.doorstep.common.events.EventKeys;
import org.doorstep.common.events.Topic;
import org.doorstep.dispatch.Fixture;
import org.doorstep.dispatch.WithFixture;
import org.doorstep.testkit.As;
import org.doorstep.testkit.DoorstepTestServers;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An event order-service or volunteer-service had to set aside does not go unnoticed either: dispatch reads their
 * dead letters, and the grid workers of the building see an alert naming the consumer, once per letter however often
 * it is read; dispatch's own letters (recorded as it sets them aside) add nothing; no other grid sees them.
 */
@QuarkusTest
@WithTestResource(value = DoorstepTestServers.class, scope = TestResourceScope.GLOBAL)
class OtherServicesSetAsideTest extends WithFixture {

    private static final String SECRET_REASON = "payload does not fit OrderProgressed: room 602, 13812345678";

    @Inject
    OtherServicesSetAside letters;

    @Test
    void the_grid_workers_of_the_building_see_each_other_services_set_aside_event_once() throws Exception {
        Fixture.World world = fixture.world(true);
        Fixture.World elsewhere = fixture.world(true);
        String building = String.valueOf(world.building());

        // As EventConsumers writes them (same headers); one partition, so they are read in this order.
        try (KafkaProducer<String, String> producer = producer()) {
            send(producer, EventKeys.of(world.compound(), world.building()), "dispatch-service.orders",
                    "doorstep.orders-0@41", "{\"not\":\"an order\"}");
            send(producer, building, "order-service.dispatch", "doorstep.dispatch-3@42",
                    "{\"type\":\"OrderProgressed\",\"payload\":{\"status\":7}}");
            send(producer, building, "volunteer-service.dispatch", "doorstep.dispatch-3@42",
                    "not even JSON");
        }

        List<Map<String, Object>> alerts = await().atMost(Duration.ofSeconds(30))
                .until(() -> setAside(world), list -> list.size() >= 2);
        assertSeenOnce(alerts, world);

        // The same letters delivered again, as after a restart before their offsets were committed.
        List<ConsumerRecord<String, String>> again = List.of(letter("dispatch-service.orders", world),
                letter("order-service.dispatch", world), letter("volunteer-service.dispatch", world));
        assertEquals(2, letters.record(again), "dispatch's own letter is not another service's");
        assertSeenOnce(setAside(world), world);

        As.gridWorker("w-elsewhere", elsewhere.grid()).get("/api/grids/{id}/alerts", elsewhere.grid()).then()
                .statusCode(200).body("type", not(hasItem("EVENT_SET_ASIDE")));
    }

    /** One alert per other service's letter, naming the consumer that set it aside and not why. */
    private static void assertSeenOnce(List<Map<String, Object>> alerts, Fixture.World world) {
        assertEquals(2, alerts.size(), "one alert per letter of order-service and volunteer-service: " + alerts);
        List<String> details = alerts.stream().map(a -> (String) a.get("detail")).toList();
        assertEquals(1, details.stream().filter(d -> d.contains("by order-service.dispatch")).count(), details::toString);
        assertEquals(1, details.stream().filter(d -> d.contains("by volunteer-service.dispatch")).count(),
                details::toString);
        for (Map<String, Object> alert : alerts) {
            assertEquals(world.building(), ((Number) alert.get("buildingId")).longValue());
            String detail = (String) alert.get("detail");
            assertTrue(detail.contains("Building 1"), detail);
            assertFalse(detail.contains("13812345678") || detail.contains("602"), "the reason stays with the operator");
        }
    }

    private static List<Map<String, Object>> setAside(Fixture.World world) {
        return As.gridWorker("w", world.grid()).get("/api/grids/{id}/alerts", world.grid()).then().statusCode(200)
                .extract().jsonPath().getList("findAll { it.type == 'EVENT_SET_ASIDE' }");
    }

    /** The letter the consumer wrote about the world's building, read back from the topic as the service reads it. */
    private static ConsumerRecord<String, String> letter(String consumer, Fixture.World world) {
        ConsumerRecord<String, String> letter = fixture.events.awaitRecord(Topic.DEAD_LETTER,
                r -> consumer.equals(header(r, "doorstep.consumer"))
                        && (String.valueOf(world.building()).equals(r.key())
                        || EventKeys.of(world.compound(), world.building()).equals(r.key())),
                Duration.ofSeconds(20));
        assertNotNull(letter, "the letter of " + consumer);
        return letter;
    }

    private static void send(KafkaProducer<String, String> producer, String key, String consumer, String origin,
                             String value) throws Exception {
        List<Header> headers = List.of(
                new RecordHeader("doorstep.reason", SECRET_REASON.getBytes(StandardCharsets.UTF_8)),
                new RecordHeader("doorstep.consumer", consumer.getBytes(StandardCharsets.UTF_8)),
                new RecordHeader("doorstep.origin", origin.getBytes(StandardCharsets.UTF_8)));
        producer.send(new ProducerRecord<>(Topic.DEAD_LETTER.topicName(), 0, key, value, headers)).get();
    }

    private static KafkaProducer<String, String> producer() throws Exception {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, DoorstepTestServers.broker().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()));
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
