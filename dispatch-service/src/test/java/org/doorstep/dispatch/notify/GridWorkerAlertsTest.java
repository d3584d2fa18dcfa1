package org.doorstep.dispatch.notify;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.doorstep.common.contracts.HouseholdErased;
import org.doorstep.common.contracts.OrderCategory;
import org.doorstep.common.contracts.ResidentNotReached;
import org.doorstep.common.events.EventEnvelope;
import org.doorstep.common.events.EventKeys;
import org.doorstep.common.events.Topic;
import org.doorstep.dispatch.Fixture;
import org.doorstep.dispatch.WithFixture;
import org.doorstep.testkit.As;
import org.doorstep.testkit.DoorstepTestServers;
import org.doorstep.testkit.FakeWeChat;
import org.doorstep.testkit.FakeWeChatServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.doorstep.testkit.OpenApiValidation.invalidOnPurpose;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue 15, grid workers: a grid worker signed in to the console gets a binding code, binds their WeChat in the
 * mini-program, and is sent their grids' alerts through the fake WeChat on loopback, once each however often the
 * schedule looks; against the real database and broker. The schedule's look is triggered here directly
 * ({@link GridAlertCalls#check()}), and what follows is polled with a deadline.
 */
@QuarkusTest
@WithTestResource(value = DoorstepTestServers.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeWeChat.class, scope = TestResourceScope.GLOBAL)
class GridWorkerAlertsTest extends WithFixture {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String CODE = "135790";

    @Inject
    GridAlertCalls calls;

    /** A grid worker of one grid, bound to a WeChat user of the fake (openId) in the mini-program. */
    record GridWorker(String name, long grid, String openId) {
        io.restassured.specification.RequestSpecification as() {
            return As.gridWorker(name, grid);
        }
    }

    private static String bindingCode(String name, long grid) {
        return As.gridWorker(name, grid).post("/api/grid-workers/wechat-binding").then().statusCode(201)
                .body("code", matchesPattern("[A-HJKMNP-Z2-9]{8}")).body("expiresAt", notNullValue())
                .extract().path("code");
    }

    private static Response miniProgram(String wxCode, String bindingCode, Map<String, String> subscriptions) {
        return miniProgram(As.nobody(), wxCode, bindingCode, subscriptions);
    }

    /** The same, breaking the document on purpose. */
    private static Response badMiniProgram(String wxCode, String bindingCode, Map<String, String> subscriptions) {
        return miniProgram(invalidOnPurpose(As.nobody()), wxCode, bindingCode, subscriptions);
    }

    private static Response miniProgram(io.restassured.specification.RequestSpecification as, String wxCode,
                                        String bindingCode, Map<String, String> subscriptions) {
        Map<String, Object> body = new HashMap<>();
        body.put("code", wxCode);
        if (bindingCode != null) {
            body.put("bindingCode", bindingCode);
        }
        if (subscriptions != null) {
            body.put("subscriptions", subscriptions);
        }
        return as.contentType(ContentType.JSON).body(body).post("/api/grid-workers/wechat");
    }

    /** Signs in to the console, asks for a code, and binds a fresh WeChat user with these consents. */
    private static GridWorker bound(long grid, Map<String, String> subscriptions) {
        String name = "gw-" + Fixture.nextId();
        String code = bindingCode(name, grid);
        String user = UUID.randomUUID().toString().substring(0, 8);
        miniProgram("user:" + user, code, subscriptions).then().statusCode(200).body("gridWorker", equalTo(name));
        return new GridWorker(name, grid, FakeWeChatServer.openIdOf(user));
    }

    /** An urgent medicine order placed 40 minutes ago: 10 minutes past its 30-minute target. */
    private static long overdueOrder(Fixture.World world) {
        long order = fixture.order(world.building(), OrderCategory.MEDICINE, true, CODE,
                OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(40), null);
        awaitAlert(world.grid(), "URGENT_OVERDUE", order);
        return order;
    }

    private static List<Map<String, Object>> alerts(long grid) {
        return As.gridWorker("w", grid).get("/api/grids/{id}/alerts", grid).then().statusCode(200).extract()
                .jsonPath().getList("$");
    }

    private static Map<String, Object> awaitAlert(long grid, String type, Long order) {
        return await().atMost(WAIT).until(() -> alerts(grid).stream()
                .filter(a -> type.equals(a.get("type")) && (order == null || a.get("orderId") != null
                        && ((Number) a.get("orderId")).longValue() == order))
                .findFirst().orElse(null), notNullValue());
    }

    private static List<Map<String, Object>> list(GridWorker gw) {
        return gw.as().get("/api/me/notifications").then().statusCode(200).extract().jsonPath().getList("$");
    }

    private static List<Map<String, Object>> entries(GridWorker gw, String kind, long order) {
        return list(gw).stream().filter(n -> kind.equals(n.get("kind")) && n.get("orderId") != null
                && ((Number) n.get("orderId")).longValue() == order).toList();
    }

    /** The grid worker's entry of that kind for the order, once it is sent or given up on. */
    private static Map<String, Object> settled(GridWorker gw, String kind, long order) {
        return await().atMost(WAIT).until(() -> entries(gw, kind, order).stream()
                .filter(n -> Boolean.TRUE.equals(n.get("sent")) || !String.valueOf(n.get("reason"))
                        .startsWith("will try again") && !"not sent yet".equals(n.get("reason")))
                .findFirst().orElse(null), notNullValue());
    }

    private static List<FakeWeChatServer.Message> messages(GridWorker gw, String template, long number) {
        return FakeWeChatServer.messagesTo(gw.openId()).stream().filter(m -> m.templateId().equals(template)
                && m.data().path("character_string3").path("value").asText().equals(String.valueOf(number))).toList();
    }

    @Test
    void a_bound_grid_worker_gets_an_urgent_overdue_alert_once_however_often_the_schedule_looks_and_another_grids_none() {
        Fixture.World world = fixture.world(true);
        Fixture.World elsewhere = fixture.world(true);
        GridWorker gw = bound(world.grid(), Map.of("tmpl-urgent-overdue", "accept"));
        GridWorker other = bound(elsewhere.grid(), Map.of("tmpl-urgent-overdue", "accept"));
        // A second consent, given later from the mini-program: the WeChat user alone finds the grid worker.
        miniProgram("user:" + gw.openId().substring(2), null, Map.of("tmpl-urgent-overdue", "accept"))
                .then().statusCode(200).body("gridWorker", equalTo(gw.name()))
                .body("templates.URGENT_OVERDUE", equalTo("tmpl-urgent-overdue"))
                .body("consents.tmpl-urgent-overdue", equalTo(2));

        long order = overdueOrder(world);
        calls.check();
        Map<String, Object> sent = settled(gw, "URGENT_OVERDUE", order);
        assertEquals(true, sent.get("sent"), sent.toString());
        assertEquals("WECHAT", sent.get("channel"));
        assertEquals(world.building(), ((Number) sent.get("buildingId")).longValue());
        List<FakeWeChatServer.Message> messages = messages(gw, "tmpl-urgent-overdue", order);
        assertEquals(1, messages.size());
        assertEquals("加急药品超时未送达", messages.get(0).data().path("thing1").path("value").asText());
        assertEquals("Building 1", messages.get(0).data().path("thing2").path("value").asText());

        // The schedule looks again, twice: the alert is still there and nothing more is recorded or sent. A second
        // overdue order found by the next look is sent (with the second consent), so the sender has run since.
        calls.check();
        calls.check();
        long later = overdueOrder(world);
        calls.check();
        assertEquals(true, settled(gw, "URGENT_OVERDUE", later).get("sent"));
        assertEquals(1, messages(gw, "tmpl-urgent-overdue", order).size());
        assertEquals(1, entries(gw, "URGENT_OVERDUE", order).size());

        // The grid worker of another grid is told nothing of it.
        assertEquals(List.of(), messages(other, "tmpl-urgent-overdue", order));
        assertEquals(List.of(), entries(other, "URGENT_OVERDUE", order));
        assertEquals(0, consentsLeft(gw, "tmpl-urgent-overdue"));
    }

    private static int consentsLeft(GridWorker gw, String template) {
        Number left = miniProgram("user:" + gw.openId().substring(2), null, null).then().statusCode(200)
                .extract().path("consents." + template);
        return left == null ? 0 : left.intValue();
    }

    @Test
    void without_consent_nothing_goes_to_wechat_and_the_list_says_why() {
        Fixture.World world = fixture.world(true);
        GridWorker gw = bound(world.grid(), null);
        long order = overdueOrder(world);
        calls.check();
        Map<String, Object> entry = settled(gw, "URGENT_OVERDUE", order);
        assertEquals(false, entry.get("sent"));
        assertEquals("no consent left in WeChat for this message", entry.get("reason"));
        assertEquals(List.of(), FakeWeChatServer.messagesTo(gw.openId()));
    }

    @Test
    void a_household_no_message_reached_is_an_alert_of_its_grid_only_once_sent_to_the_bound_grid_worker_and_erased() {
        Fixture.World world = fixture.world(true);
        Fixture.World elsewhere = fixture.world(true);
        GridWorker gw = bound(world.grid(), Map.of("tmpl-resident-not-reached", "accept"));
        long household = Fixture.nextId();
        long order = Fixture.nextId();
        String key = EventKeys.of(world.compound(), world.building());
        OffsetDateTime at = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
        ResidentNotReached payload = new ResidentNotReached(household, world.building(), order, "DELIVERED",
                "NO_CHANNEL", "no WeChat and no phone", "602", "Chen Jie", at);
        EventEnvelope event = fixture.events.send(Topic.ORDERS, key, ResidentNotReached.TYPE, "order-service",
                "Household", household, payload);
        // The same event delivered again, and published again under another id.
        fixture.events.sendAll(Topic.ORDERS, key, List.of(event));
        fixture.events.send(Topic.ORDERS, key, ResidentNotReached.TYPE, "order-service", "Household", household,
                payload);

        Map<String, Object> alert = awaitAlert(world.grid(), "RESIDENT_NOT_REACHED", order);
        assertEquals("602", alert.get("room"));
        assertEquals("Chen Jie", alert.get("contactName"));
        assertEquals("DELIVERED", alert.get("kind"));
        assertEquals(household, ((Number) alert.get("householdId")).longValue());
        assertEquals(world.building(), ((Number) alert.get("buildingId")).longValue());
        assertEquals(at.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
                OffsetDateTime.parse((String) alert.get("since")).withOffsetSameInstant(ZoneOffset.UTC)
                        .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        // A later event on the same key is applied after the repeats: then exactly one alert is there.
        long laterOrder = Fixture.nextId();
        fixture.events.send(Topic.ORDERS, key, ResidentNotReached.TYPE, "order-service", "Household", household,
                new ResidentNotReached(household, world.building(), laterOrder, "FAILED", "GIVEN_UP",
                        "gave up after 6h: WeChat answered HTTP 500", "602", "Chen Jie", at));
        awaitAlert(world.grid(), "RESIDENT_NOT_REACHED", laterOrder);
        assertEquals(1, alerts(world.grid()).stream().filter(a -> "RESIDENT_NOT_REACHED".equals(a.get("type"))
                && ((Number) a.get("orderId")).longValue() == order).count());
        As.gridWorker("w", elsewhere.grid()).get("/api/grids/{id}/alerts", elsewhere.grid()).then().statusCode(200)
                .body("type", not(hasItem("RESIDENT_NOT_REACHED")));

        calls.check();
        calls.check();
        Map<String, Object> sent = settled(gw, "RESIDENT_NOT_REACHED", order);
        assertEquals(true, sent.get("sent"), sent.toString());
        List<FakeWeChatServer.Message> messages = messages(gw, "tmpl-resident-not-reached", order);
        assertEquals(1, messages.size());
        assertEquals("602室 Chen Jie", messages.get(0).data().path("thing2").path("value").asText());
        // The later one had no consent left: listed, not sent.
        assertEquals(false, settled(gw, "RESIDENT_NOT_REACHED", laterOrder).get("sent"));

        // order-service erased the household: its door is gone from the grid's alerts.
        fixture.events.send(Topic.ORDERS, key, HouseholdErased.TYPE, "order-service", "Household", household,
                new HouseholdErased(household, world.building(), OffsetDateTime.now(ZoneOffset.UTC)));
        await().atMost(WAIT).until(() -> alerts(world.grid()).stream()
                .noneMatch(a -> "RESIDENT_NOT_REACHED".equals(a.get("type"))));
    }

    @Test
    void a_building_status_message_that_reached_nobody_is_sent_with_the_door_to_knock_on() {
        Fixture.World world = fixture.world(true);
        GridWorker gw = bound(world.grid(), Map.of("tmpl-resident-not-reached", "accept"));
        long household = Fixture.nextId();
        OffsetDateTime at = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
        fixture.events.send(Topic.ORDERS, EventKeys.of(world.compound(), world.building()), ResidentNotReached.TYPE,
                "order-service", "Household", household, new ResidentNotReached(household, world.building(), null,
                        "BUILDING_SEALED", "NO_CHANNEL", "no WeChat and no phone", "1203", "Wang Fang", at));
        Map<String, Object> alert = awaitAlert(world.grid(), "RESIDENT_NOT_REACHED", null);
        assertEquals(null, alert.get("orderId"));
        assertEquals("BUILDING_SEALED", alert.get("kind"));

        calls.check();
        Map<String, Object> sent = await().atMost(WAIT).until(() -> list(gw).stream()
                .filter(n -> "RESIDENT_NOT_REACHED".equals(n.get("kind")) && Boolean.TRUE.equals(n.get("sent")))
                .findFirst().orElse(null), notNullValue());
        assertEquals(null, sent.get("orderId"));
        List<FakeWeChatServer.Message> messages = messages(gw, "tmpl-resident-not-reached", world.building());
        assertEquals(1, messages.size());
        assertEquals("1203室 Wang Fang", messages.get(0).data().path("thing2").path("value").asText());
    }

    @Test
    void the_mini_program_reads_the_templates_without_a_token() {
        As.nobody().get("/api/grid-workers/wechat/templates").then().statusCode(200)
                .body("templates.URGENT_OVERDUE", equalTo("tmpl-urgent-overdue"))
                .body("templates.RESIDENT_NOT_REACHED", equalTo("tmpl-resident-not-reached"))
                .body("templates", hasKey("COVERAGE_GAP"));
    }

    @Test
    void a_code_binds_once_a_new_one_replaces_the_old_and_an_unbound_wechat_user_is_told_so() {
        Fixture.World world = fixture.world(true);
        String name = "gw-" + Fixture.nextId();
        String first = bindingCode(name, world.grid());
        String second = bindingCode(name, world.grid());
        String user = "user:" + UUID.randomUUID().toString().substring(0, 8);
        miniProgram(user, first, null).then().statusCode(401).contentType("application/problem+json")
                .body("type", equalTo("urn:doorstep:wechat:not-bound"));
        miniProgram(user, null, null).then().statusCode(401).body("type", equalTo("urn:doorstep:wechat:not-bound"));
        // Typed with a dash and in small letters, as people do.
        String typed = (second.substring(0, 4) + "-" + second.substring(4)).toLowerCase();
        miniProgram(user, typed, null).then().statusCode(200).body("gridWorker", equalTo(name));
        String another = "user:" + UUID.randomUUID().toString().substring(0, 8);
        miniProgram(another, second, null).then().statusCode(401)
                .body("type", equalTo("urn:doorstep:wechat:not-bound"));
        miniProgram(user, null, null).then().statusCode(200).body("gridWorker", equalTo(name));
    }

    @Test
    void wechat_refusing_or_away_bad_input_and_unknown_templates_change_nothing() {
        Fixture.World world = fixture.world(true);
        String name = "gw-" + Fixture.nextId();
        String code = bindingCode(name, world.grid());
        miniProgram("errcode:40029", code, null).then().statusCode(401).contentType("application/problem+json");
        miniProgram("errcode:-1", code, null).then().statusCode(503).header("Retry-After", "5");
        badMiniProgram("", code, null).then().statusCode(400).contentType("application/problem+json");
        invalidOnPurpose(As.nobody()).contentType(ContentType.JSON).body("{\"code\": ").post("/api/grid-workers/wechat")
                .then().statusCode(400);
        String user = "user:" + UUID.randomUUID().toString().substring(0, 8);
        badMiniProgram(user, code, Map.of("tmpl-urgent-overdue", "maybe")).then().statusCode(400);
        miniProgram(user, code, Map.of("tmpl-not-ours", "accept")).then().statusCode(422)
                .contentType("application/problem+json");
        // None of those used the code.
        miniProgram(user, code, Map.of("tmpl-coverage-gap", "accept")).then().statusCode(200)
                .body("gridWorker", equalTo(name)).body("consents.tmpl-coverage-gap", equalTo(1));
    }
}
