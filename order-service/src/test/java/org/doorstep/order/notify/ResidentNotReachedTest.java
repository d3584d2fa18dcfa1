package org.doorstep.order.notify;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.doorstep.common.contracts.BuildingState;
import org.doorstep.common.contracts.BuildingStatus;
import org.doorstep.common.contracts.DispatchStatus;
import org.doorstep.common.contracts.ResidentNotReached;
import org.doorstep.common.events.EventEnvelope;
import org.doorstep.common.events.EventKeys;
import org.doorstep.common.events.Topic;
import org.doorstep.order.OrderFixture;
import org.doorstep.order.notify.Residents.WeChatResident;
import org.doorstep.testkit.As;
import org.doorstep.testkit.DoorstepTestServers;
import org.doorstep.testkit.EventProbe;
import org.doorstep.testkit.FakeWeChat;
import org.doorstep.testkit.FakeWeChatServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;
import static org.doorstep.order.notify.Residents.WAIT;
import static org.doorstep.order.notify.Residents.consent;
import static org.doorstep.order.notify.Residents.household;
import static org.doorstep.order.notify.Residents.list;
import static org.doorstep.order.notify.Residents.order;
import static org.doorstep.order.notify.Residents.settled;
import static org.doorstep.order.notify.Residents.signedInWithWeChat;
import static org.doorstep.order.notify.Residents.step;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15, households the system cannot reach: each message that matters and that nobody will receive is published
 * once as ResidentNotReached on doorstep.orders, for dispatch to make it their grid worker's alert. Read from the real
 * broker; WeChat is the fake on loopback. Giving up is shortened to two seconds here.
 */
@QuarkusTest
@TestProfile(ResidentNotReachedTest.QuickToGiveUp.class)
@WithTestResource(value = DoorstepTestServers.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeWeChat.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeSms.class, scope = TestResourceScope.GLOBAL)
class ResidentNotReachedTest {

    /** DOORSTEP_NOTIFY_GIVE_UP_AFTER of two seconds, tried often enough to reach it. */
    public static class QuickToGiveUp implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("doorstep.notify.give-up-after", "PT2S", "doorstep.notify.backoff", "PT0.5S",
                    "doorstep.notify.max-backoff", "PT1S", "doorstep.notify.poll-interval", "PT0.5S");
        }
    }

    private static final String NO_CHANNEL_REASON = "not signed in with WeChat; no phone number";
    private static final TreeSet<String> FIELDS = new TreeSet<>(List.of("householdId", "buildingId", "orderId", "kind",
            "why", "reason", "room", "contactName", "at"));

    private static OrderFixture fixture;

    @BeforeAll
    static void setUp() throws Exception {
        fixture = Residents.fixture();
    }

    @AfterEach
    void wechatBackUp() {
        FakeWeChatServer.answerSends = FakeWeChatServer.Answer.OK;
    }

    @Test
    void a_household_without_wechat_or_phone_is_one_alert_when_delivered_though_events_come_again_none_when_assigned() {
        String account = "plain-" + OrderFixture.nextId();
        long[] household = household(As.resident(account), null);
        long building = household[1];
        long order = order(As.resident(account), household[0], true);
        step(order, building, DispatchStatus.ASSIGNED);
        step(order, building, DispatchStatus.PICKED_UP);
        EventEnvelope delivered = step(order, building, DispatchStatus.DELIVERED);
        // The same event again, then dispatch saying it again (picked up and delivered once more): the same step.
        fixture.events.sendRaw(Topic.DISPATCH, String.valueOf(building), EventProbe.write(delivered));
        step(order, building, DispatchStatus.PICKED_UP);
        step(order, building, DispatchStatus.DELIVERED);
        // Applied after all of those (the same key): once its alert is out, theirs would be too.
        long later = order(As.resident(account), household[0], false);
        step(later, building, DispatchStatus.DELIVERED);

        awaitAlert(household[0], alert -> alert.path("orderId").asLong() == later);
        List<JsonNode> alerts = alertsOf(household[0]).stream().map(EventEnvelope::payload)
                .filter(alert -> alert.path("orderId").asLong() == order).toList();
        assertEquals(1, alerts.size(), alerts.toString());
        JsonNode alert = alerts.get(0);
        assertEquals(FIELDS, fieldsOf(alert));
        assertEquals(household[0], alert.path("householdId").asLong());
        assertEquals(building, alert.path("buildingId").asLong());
        assertEquals("DELIVERED", alert.path("kind").asText());
        assertEquals("NO_CHANNEL", alert.path("why").asText());
        assertEquals("301", alert.path("room").asText());
        assertEquals("Wang Fang", alert.path("contactName").asText());
        // The words the resident's own list shows.
        Map<String, Object> entry = settled(As.resident(account), order, "DELIVERED");
        assertEquals(false, entry.get("sent"));
        assertEquals(NO_CHANNEL_REASON, entry.get("reason"));
        assertEquals(entry.get("reason"), alert.path("reason").asText());
        OffsetDateTime at = OffsetDateTime.parse(alert.path("at").asText(), DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        assertTrue(at.isAfter(OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(5)), at.toString());
        // Assigned and on its way are in their list, not worth a grid worker's visit.
        assertEquals(false, settled(As.resident(account), order, "ASSIGNED").get("sent"));
        assertEquals(List.of("DELIVERED", "DELIVERED"), alertsOf(household[0]).stream()
                .map(e -> e.payload().path("kind").asText()).toList());

        // Keyed like the household's orders, so it reaches dispatch in order with them; about the household.
        ConsumerRecord<String, String> record = fixture.events.awaitRecord(Topic.ORDERS, r -> {
            EventEnvelope e = EventProbe.read(r.value());
            return e != null && ResidentNotReached.TYPE.equals(e.type())
                    && String.valueOf(household[0]).equals(e.aggregateId());
        }, WAIT);
        assertEquals(EventKeys.of(OrderFixture.compoundOf(building), building), record.key());
        assertEquals("Household", EventProbe.read(record.value()).aggregateType());
    }

    @Test
    void a_message_wechat_keeps_refusing_is_given_up_and_becomes_one_alert() {
        WeChatResident resident = signedInWithWeChat();
        long[] household = household(resident.as(), null);
        consent(resident.as(), Map.of("tmpl-delivered", "accept"));
        long order = order(resident.as(), household[0], true);
        FakeWeChatServer.answerSends = FakeWeChatServer.Answer.HTTP_500;
        step(order, household[1], DispatchStatus.DELIVERED);

        Map<String, Object> entry = settled(resident.as(), order, "DELIVERED");
        assertEquals(false, entry.get("sent"));
        String reason = String.valueOf(entry.get("reason"));
        assertTrue(reason.startsWith("gave up after 2s: ") && reason.contains("HTTP 500"), reason);
        EventEnvelope alert = awaitAlert(household[0], a -> a.path("orderId").asLong() == order);
        assertEquals("GIVEN_UP", alert.payload().path("why").asText());
        assertEquals("DELIVERED", alert.payload().path("kind").asText());
        assertEquals(reason, alert.payload().path("reason").asText());
        assertEquals(household[1], alert.payload().path("buildingId").asLong());
        assertEquals(FIELDS, fieldsOf(alert.payload()));
        String raw = EventProbe.write(alert);
        assertFalse(raw.contains(resident.openId()), "the event carries the openid: " + raw);
        // Given up is final: the entry is settled, nothing of it is tried or published again.
        assertEquals(1, alertsOf(household[0]).size());
        assertEquals(1, list(resident.as()).size());
    }

    @Test
    void a_household_without_wechat_or_phone_is_one_alert_when_its_building_is_sealed() {
        String account = "plain-" + OrderFixture.nextId();
        long[] household = household(As.resident(account), null);
        long building = household[1];
        long compound = OrderFixture.compoundOf(building);
        for (BuildingStatus status : List.of(BuildingStatus.OPEN, BuildingStatus.SEALED)) {
            fixture.events.send(Topic.BUILDINGS, EventKeys.of(compound, building), BuildingState.TYPE,
                    "dispatch-service", "Building", building, new BuildingState(building, compound,
                            "Building " + building, status, OffsetDateTime.now(ZoneOffset.UTC), "Zhang Wei", null,
                            OrderFixture.GRID));
        }

        awaitAlert(household[0], a -> "BUILDING_SEALED".equals(a.path("kind").asText()));
        List<JsonNode> sealed = alertsOf(household[0]).stream().map(EventEnvelope::payload)
                .filter(a -> "BUILDING_SEALED".equals(a.path("kind").asText())).toList();
        assertEquals(1, sealed.size(), sealed.toString());
        JsonNode alert = sealed.get(0);
        assertEquals(FIELDS, fieldsOf(alert));
        assertTrue(alert.path("orderId").isNull(), alert.toString());
        assertEquals(building, alert.path("buildingId").asLong());
        assertEquals("NO_CHANNEL", alert.path("why").asText());
        assertEquals(NO_CHANNEL_REASON, alert.path("reason").asText());
        assertEquals("301", alert.path("room").asText());
    }

    private static List<EventEnvelope> alertsOf(long household) {
        return fixture.events.all(Topic.ORDERS, e -> ResidentNotReached.TYPE.equals(e.type())
                && String.valueOf(household).equals(e.aggregateId()));
    }

    private static EventEnvelope awaitAlert(long household, Predicate<JsonNode> match) {
        return await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> alertsOf(household).stream()
                .filter(e -> match.test(e.payload())).findFirst().orElse(null), notNullValue());
    }

    private static TreeSet<String> fieldsOf(JsonNode node) {
        TreeSet<String> names = new TreeSet<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
