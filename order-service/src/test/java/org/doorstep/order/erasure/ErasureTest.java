package org.doorstep.order.erasure;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.doorstep.common.contracts.BuildingState;
import org.doorstep.common.contracts.BuildingStatus;
import org.doorstep.common.contracts.DispatchStatus;
import org.doorstep.common.contracts.HouseholdErased;
import org.doorstep.common.contracts.OrderCancelled;
import org.doorstep.common.contracts.OrderProgressed;
import org.doorstep.common.events.EventEnvelope;
import org.doorstep.common.events.EventKeys;
import org.doorstep.common.events.Topic;
import org.doorstep.order.OrderFixture;
import org.doorstep.order.notify.FakeSms;
import org.doorstep.testkit.FakeWeChat;
import org.doorstep.testkit.FakeWeChatServer;
import org.doorstep.testkit.SqlRows;
import org.doorstep.testkit.As;
import org.doorstep.testkit.AuditTrail;
import org.doorstep.testkit.DoorstepTestServers;
import org.doorstep.testkit.EventProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Personal data has an end (issue 13, item 7): an admin erases a household on request, and a compound's households are
 * erased once every building of it has been OPEN long enough. What is erased: room, contact name, phone, order notes,
 * handoff codes and request hashes, the words of its messages, and with a resident's last household their WeChat
 * sign-in; what stays: ids, statuses, categories, times. Dispatch is told after the cancellations of the household's
 * open orders.
 */
@QuarkusTest
@WithTestResource(value = DoorstepTestServers.class, scope = TestResourceScope.GLOBAL)
// Residents sign in with WeChat and are sent messages, as in the notification tests (and in their application).
@WithTestResource(value = FakeWeChat.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeSms.class, scope = TestResourceScope.GLOBAL)
class ErasureTest {

    /** What the fixture's households and orders say of their people (a room number would match times). */
    private static final List<String> PERSONAL = List.of("Chen Jie", "13912345678", "child allergy");

    private static OrderFixture fixture;

    @Inject
    LockdownEnd lockdownEnd;

    @Inject
    DataSource dataSource;

    @BeforeAll
    static void setUp() throws Exception {
        fixture = new OrderFixture();
    }

    @AfterAll
    static void tearDown() {
        fixture.close();
    }

    @Test
    void an_admin_erases_a_household_on_request_its_open_order_cancelled_first_and_dispatch_told() throws Exception {
        long household = fixture.household(List.of("ELDERLY_ALONE"));
        JsonPath placed = order(household);
        long orderId = placed.getLong("id");
        long building = placed.getLong("buildingId");

        As.admin().post("/api/households/{id}/erasure", household).then().statusCode(200)
                .body("id", equalTo((int) household))
                .body("buildingId", equalTo((int) building))
                .body("room", nullValue())
                .body("contactName", nullValue())
                .body("phone", nullValue())
                .body("vulnerabilities[0]", equalTo("ELDERLY_ALONE"))
                .body("account", equalTo(OrderFixture.RESIDENT))
                .body("erasedAt", notNullValue());

        // The resident sees it erased; their order was cancelled through the one cancellation path, its note and
        // handoff code gone, its status and times kept.
        String erasedAt = OrderFixture.resident().get("/api/households/{id}", household).then().statusCode(200)
                .body("room", nullValue()).body("contactName", nullValue()).body("phone", nullValue())
                .extract().path("erasedAt");
        assertNotNull(erasedAt);
        OrderFixture.resident().get("/api/orders/{id}", orderId).then().statusCode(200)
                .body("status", equalTo("CANCELLED"))
                .body("category", equalTo("MEDICINE"))
                .body("placedAt", notNullValue())
                .body("note", nullValue())
                .body("handoffCode", nullValue())
                .body("history.note", everyItem(nullValue()));
        assertEquals(List.of(Arrays.asList(null, null, null)), rows(
                "select room, contact_name, phone from household where id = ?", household));
        assertEquals(List.of(Arrays.asList(null, null, null)), rows(
                "select note, handoff_code, request_hash from resident_order where id = ?", orderId));

        // Dispatch hears of the cancellation first, then of the erasure, on the building's key.
        EventEnvelope erased = fixture.events.await(Topic.ORDERS, e -> HouseholdErased.TYPE.equals(e.type())
                && e.aggregateId().equals(String.valueOf(household)), Duration.ofSeconds(20));
        assertNotNull(erased, "HouseholdErased published");
        HouseholdErased payload = EventProbe.payload(erased, HouseholdErased.class);
        assertEquals(building, payload.buildingId());
        List<String> sequence = fixture.events.all(Topic.ORDERS, e ->
                        (OrderCancelled.TYPE.equals(e.type()) && e.aggregateId().equals(String.valueOf(orderId)))
                                || (HouseholdErased.TYPE.equals(e.type())
                                && e.aggregateId().equals(String.valueOf(household))))
                .stream().map(EventEnvelope::type).toList();
        assertEquals(List.of(OrderCancelled.TYPE, HouseholdErased.TYPE), sequence);

        // It can no longer order or start a meal plan.
        OrderFixture.resident().contentType(ContentType.JSON).body(OrderFixture.medicineOrder(household))
                .post("/api/orders").then().statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("was erased"));
        OrderFixture.resident().contentType(ContentType.JSON).body(Map.of("householdId", household,
                        "days", List.of("MONDAY"), "windowStart", "11:30", "windowEnd", "12:30",
                        "items", List.of(Map.of("name", "Lunch box", "quantity", 1))))
                .post("/api/meal-plans").then().statusCode(409)
                .contentType("application/problem+json");
        // Nor be given a door again by an edit.
        OrderFixture.resident().contentType(ContentType.JSON).body(Map.of("room", "1203", "contactName", "Wang Fang"))
                .patch("/api/households/{id}", household).then().statusCode(409)
                .body("detail", containsString("was erased"));
        As.admin().get("/api/households/{id}", household).then().statusCode(200).body("room", nullValue());

        // Erasing again changes nothing; the trail says who erased it, by id, and no personal data.
        As.admin().post("/api/households/{id}/erasure", household).then().statusCode(200)
                .body("erasedAt", equalTo(erasedAt));
        AuditTrail trail = AuditTrail.readBy(As.admin());
        List<Map<String, Object>> entries = trail.about("Household", household);
        assertEquals(1, entries.stream().filter(e -> "HOUSEHOLD_ERASED".equals(e.get("action"))).count());
        assertTrue(entries.stream().anyMatch(e -> "HOUSEHOLD_ERASED".equals(e.get("action"))
                && "root".equals(e.get("actor")) && "ADMIN".equals(e.get("role"))), entries.toString());
        assertEquals(List.of(), entries.stream()
                .filter(e -> PERSONAL.stream().anyMatch(text -> String.valueOf(e).contains(text))).toList());
    }

    @Test
    void an_order_out_for_delivery_holds_the_erasure_off_until_it_arrives() throws Exception {
        long household = fixture.household(List.of());
        JsonPath placed = order(household);
        long orderId = placed.getLong("id");
        long building = placed.getLong("buildingId");
        fixture.progress(orderId, building, DispatchStatus.PICKED_UP, 31L, 3);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> OrderFixture.resident()
                .get("/api/orders/{id}", orderId).then().body("status", equalTo("OUT_FOR_DELIVERY")));

        As.admin().post("/api/households/{id}/erasure", household).then().statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("OUT_FOR_DELIVERY"));
        OrderFixture.resident().get("/api/households/{id}", household).then().statusCode(200)
                .body("room", equalTo("602")).body("erasedAt", nullValue());
        OrderFixture.resident().get("/api/orders/{id}", orderId).then().body("handoffCode", notNullValue());

        fixture.progress(orderId, building, DispatchStatus.DELIVERED, 31L, 4);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> OrderFixture.resident()
                .get("/api/orders/{id}", orderId).then().body("status", equalTo("DELIVERED")));
        As.admin().post("/api/households/{id}/erasure", household).then().statusCode(200)
                .body("room", nullValue());
        OrderFixture.resident().get("/api/orders/{id}", orderId).then().body("status", equalTo("DELIVERED"));
    }

    @Test
    void only_an_admin_erases() {
        long household = fixture.household(List.of());
        OrderFixture.resident().post("/api/households/{id}/erasure", household).then().statusCode(403);
        OrderFixture.gridWorker().post("/api/households/{id}/erasure", household).then().statusCode(403);
        As.admin().post("/api/households/{id}/erasure", 987654321L).then().statusCode(404);
        OrderFixture.resident().get("/api/households/{id}", household).then().body("room", equalTo("602"));
    }

    @Test
    void a_compounds_households_are_erased_once_every_building_has_been_open_for_two_weeks() throws Exception {
        long compound = OrderFixture.nextId();
        long first = OrderFixture.nextId();
        long second = OrderFixture.nextId();
        announce(compound, first, BuildingStatus.SEALED, 40);
        announce(compound, second, BuildingStatus.SEALED, 40);
        long inFirst = register(first);
        long inSecond = register(second);
        long pendingOrder = order(inSecond).getLong("id");
        registeredDaysAgo(30, inFirst, inSecond);
        long elsewhere = fixture.household(List.of());
        registeredDaysAgo(30, elsewhere);

        // One building open for 20 days, the other still sealed: the lockdown has not ended.
        announceAndAwait(compound, first, BuildingStatus.OPEN, 20);
        lockdownEnd.sweep();
        assertErased(false, inFirst, inSecond);

        // The second opened 13 days ago: not yet two weeks.
        announceAndAwait(compound, second, BuildingStatus.OPEN, 13);
        assertTrue(!lockdownEnd.endedCompounds().containsKey(compound));
        lockdownEnd.sweep();
        assertErased(false, inFirst, inSecond);

        // 15 days: every household registered before it opened is erased, its open order cancelled by the system;
        // a household registered since (the compound was open) stays, as does one of another compound.
        announceAndAwait(compound, second, BuildingStatus.OPEN, 15);
        long registeredSince = register(second);
        lockdownEnd.sweep();
        assertErased(true, inFirst, inSecond);
        assertErased(false, registeredSince, elsewhere);
        OrderFixture.resident().get("/api/orders/{id}", pendingOrder).then()
                .body("status", equalTo("CANCELLED"))
                .body("history[-1].by", equalTo(LockdownEnd.BY))
                .body("handoffCode", nullValue());
        for (long household : List.of(inFirst, inSecond)) {
            assertNotNull(fixture.events.await(Topic.ORDERS, e -> HouseholdErased.TYPE.equals(e.type())
                    && e.aggregateId().equals(String.valueOf(household)), Duration.ofSeconds(20)));
        }
        List<Map<String, Object>> entries = AuditTrail.readBy(As.admin()).about("Household", inFirst);
        assertTrue(entries.stream().anyMatch(e -> "HOUSEHOLD_ERASED".equals(e.get("action"))
                && "system".equals(e.get("actor"))
                && String.valueOf(e.get("detail")).contains("lockdown of compound " + compound + " ended")),
                entries.toString());

        // A second sweep (another instance, the next hour) erases nothing more and publishes nothing again.
        lockdownEnd.sweep();
        assertEquals(1, fixture.events.all(Topic.ORDERS, e -> HouseholdErased.TYPE.equals(e.type())
                && e.aggregateId().equals(String.valueOf(inFirst))).size());
        assertErased(false, registeredSince);
    }

    /**
     * The notification feature keeps what each message was about, its words, and the sealed openid it goes to.
     * Erasing a WeChat resident's only household blanks the words, settles the message still waiting as never sent,
     * and forgets their WeChat sign-in and consents: the same person signing in again is a new user. A later change of
     * the building tells the erased household nothing.
     */
    @Test
    void erasing_a_wechat_residents_last_household_forgets_its_messages_words_and_their_sign_in() throws Exception {
        String user = "erasure-" + OrderFixture.nextId();
        String token = signInWithWeChat(user);
        long building = fixture.building(BuildingStatus.SEALED);
        long household = register(as(token), building);
        String account = as(token).get("/api/households/{id}", household).then().statusCode(200)
                .extract().path("account");
        as(token).contentType(ContentType.JSON).body(Map.of("tmpl-failed", "accept", "tmpl-delivered", "accept"))
                .post("/api/me/subscriptions").then().statusCode(200);
        long orderId = order(as(token), household).getLong("id");
        String why = "Nobody answered; the neighbour says Chen Jie went to hospital";
        fixture.events.send(Topic.DISPATCH, String.valueOf(building), OrderProgressed.TYPE, "dispatch-service",
                "Order", orderId, new OrderProgressed(orderId, building, DispatchStatus.FAILED, 31L, 7L, why, 1,
                        OffsetDateTime.now(ZoneOffset.UTC), false));
        await().atMost(Duration.ofSeconds(30)).until(() -> messagesAbout(token, orderId, "FAILED").stream()
                .anyMatch(n -> Boolean.TRUE.equals(n.get("sent"))));
        assertEquals(1, FakeWeChatServer.messagesTo(FakeWeChatServer.openIdOf(user)).size());
        assertEquals(List.of(List.of(why)), rows("select detail from notification where household_id = ?", household));
        // A message the sender holds for the quiet hours, as it does at night: still to be sent in the morning.
        heldForTheQuietHours(account, household, building);
        as(token).get("/api/me/subscriptions").then().statusCode(200).body("consents.tmpl-delivered", equalTo(1));

        As.admin().post("/api/households/{id}/erasure", household).then().statusCode(200);

        // The words are gone; what each message was about, and whether it went, stays for the resident's list.
        assertEquals(List.of(), rows("select id from notification where household_id = ? and detail is not null",
                household));
        Map<String, Object> failed = messagesAbout(token, orderId, "FAILED").get(0);
        assertEquals(true, failed.get("sent"));
        assertEquals("WECHAT", failed.get("channel"));
        List<Map<String, Object>> held = list(as(token)).stream()
                .filter(n -> "BUILDING_SEALED".equals(n.get("kind"))).toList();
        assertEquals(1, held.size(), held.toString());
        assertEquals(false, held.get(0).get("sent"));
        assertEquals(HouseholdErasure.NOT_SENT_ERASED, held.get(0).get("reason"));
        assertEquals(List.of(List.of("NOT_SENT")), rows("select state from notification where household_id = ?"
                + " and kind = 'BUILDING_SEALED'", household));

        // The sealed openid and the consents are gone with the account's WeChat sign-in.
        assertEquals(List.of(), rows("select openid_sealed from wechat_account where account = ?", account));
        as(token).get("/api/me/subscriptions").then().statusCode(200).body("consents.size()", equalTo(0));

        // The same WeChat user signing in again is a new resident: another account, no household, no messages.
        String again = signInWithWeChat(user);
        as(again).get("/api/households").then().statusCode(200).body("size()", equalTo(0));
        as(again).get("/api/households/{id}", household).then().statusCode(404);
        assertEquals(List.of(), list(as(again)));
        long second = register(as(again), fixture.building(BuildingStatus.SEALED));
        String newAccount = as(again).get("/api/households/{id}", second).then().statusCode(200)
                .extract().path("account");
        assertNotEquals(account, newAccount, "a fresh account");

        // The building is put under control: its other household is told, the erased one is not.
        String neighbour = "neighbour-" + OrderFixture.nextId();
        register(As.resident(neighbour), building);
        announce(OrderFixture.compoundOf(building), building, BuildingStatus.CONTROLLED, 0);
        await().atMost(Duration.ofSeconds(30)).until(() -> list(As.resident(neighbour)).stream()
                .anyMatch(n -> "BUILDING_CONTROLLED".equals(n.get("kind"))));
        assertEquals(List.of(), rows("select id from notification where household_id = ?"
                + " and kind = 'BUILDING_CONTROLLED'", household));
    }

    /**
     * A resident's WeChat sign-in stays while they hold a household that is not erased, and goes with the last, also
     * when the last is erased because its compound's lockdown ended.
     */
    @Test
    void a_residents_wechat_sign_in_stays_while_a_household_of_theirs_stands_and_goes_with_the_last()
            throws Exception {
        String user = "erasure-" + OrderFixture.nextId();
        String token = signInWithWeChat(user);
        long compound = OrderFixture.nextId();
        long building = OrderFixture.nextId();
        announce(compound, building, BuildingStatus.SEALED, 40);
        long first = register(as(token), fixture.building(BuildingStatus.SEALED));
        long last = register(as(token), building);
        String account = as(token).get("/api/households/{id}", last).then().statusCode(200)
                .extract().path("account");

        As.admin().post("/api/households/{id}/erasure", first).then().statusCode(200);
        String again = signInWithWeChat(user);
        as(again).get("/api/households/{id}", last).then().statusCode(200)
                .body("account", equalTo(account)).body("erasedAt", nullValue());
        assertEquals(1, rows("select openid_sealed from wechat_account where account = ?", account).size());

        registeredDaysAgo(30, last);
        announceAndAwait(compound, building, BuildingStatus.OPEN, 15);
        lockdownEnd.sweep();
        assertErased(true, last);
        assertEquals(List.of(), rows("select openid_sealed from wechat_account where account = ?", account));
        String afterwards = signInWithWeChat(user);
        as(afterwards).get("/api/households").then().statusCode(200).body("size()", equalTo(0));
        as(afterwards).get("/api/households/{id}", last).then().statusCode(404);
    }

    private static String signInWithWeChat(String user) {
        return As.nobody().contentType(ContentType.JSON).body(Map.of("code", "user:" + user))
                .post("/api/auth/wechat").then().statusCode(200).extract().path("token");
    }

    private static RequestSpecification as(String token) {
        return As.nobody().auth().oauth2(token);
    }

    private static List<Map<String, Object>> list(RequestSpecification caller) {
        return caller.get("/api/me/notifications").then().statusCode(200).extract().jsonPath().getList("$");
    }

    private static List<Map<String, Object>> messagesAbout(String token, long orderId, String kind) {
        return list(as(token)).stream().filter(n -> kind.equals(n.get("kind"))
                && n.get("orderId") != null && ((Number) n.get("orderId")).longValue() == orderId).toList();
    }

    /** A building message as the sender leaves it at night: pending, due in the morning, with the reason it waits. */
    private void heldForTheQuietHours(String account, long household, long building) throws SQLException {
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("insert into notification (recipient,"
                     + " household_id, subject, kind, building_id, urgent, created_at, state, reason, next_attempt_at)"
                     + " values (?, ?, ?, 'BUILDING_SEALED', ?, false, ?, 'PENDING', ?, ?)")) {
            statement.setString(1, account);
            statement.setLong(2, household);
            statement.setString(3, "building:" + building + "@" + now.toInstant(ZoneOffset.UTC));
            statement.setLong(4, building);
            statement.setObject(5, now);
            statement.setString(6, "held for the quiet hours until 07:00");
            statement.setObject(7, now.plusHours(8));
            assertEquals(1, statement.executeUpdate());
        }
    }

    private static JsonPath order(long household) {
        return order(OrderFixture.resident(), household);
    }

    private static JsonPath order(RequestSpecification resident, long household) {
        return resident.contentType(ContentType.JSON).body(OrderFixture.medicineOrder(household))
                .post("/api/orders").then().statusCode(201).extract().jsonPath();
    }

    /** dispatch-service says the building has had the status since so many days. */
    private void announce(long compound, long building, BuildingStatus status, int daysAgo) {
        fixture.events.send(Topic.BUILDINGS, EventKeys.of(compound, building), BuildingState.TYPE,
                "dispatch-service", "Building", building, new BuildingState(building, compound, "Building " + building,
                        status, OffsetDateTime.now(ZoneOffset.UTC).minusDays(daysAgo), "grid worker", null,
                        OrderFixture.GRID));
    }

    private void announceAndAwait(long compound, long building, BuildingStatus status, int daysAgo) {
        announce(compound, building, status, daysAgo);
        LocalDateTime since = LocalDateTime.now(ZoneOffset.UTC).minusDays(daysAgo).minusMinutes(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            List<List<Object>> found = rows("select status, status_since from known_building where building_id = ?",
                    building);
            return !found.isEmpty() && status.name().equals(found.get(0).get(0))
                    && ((LocalDateTime) found.get(0).get(1)).isAfter(since);
        });
    }

    private static long register(long building) {
        return register(OrderFixture.resident(), building);
    }

    private static long register(RequestSpecification resident, long building) {
        Map<String, Object> body = Map.of("buildingId", building, "room", "602", "contactName", "Chen Jie",
                "phone", "13912345678");
        return await().atMost(Duration.ofSeconds(20)).until(() -> {
            var response = resident.contentType(ContentType.JSON).body(body).post("/api/households");
            return response.statusCode() == 201 ? response.jsonPath().getLong("id") : null;
        }, notNullValue());
    }

    private void registeredDaysAgo(int days, long... households) throws SQLException {
        for (long household : households) {
            try (Connection connection = dataSource.getConnection();
                 PreparedStatement statement = connection.prepareStatement(
                         "update household set created_at = ? where id = ?")) {
                statement.setObject(1, LocalDateTime.now(ZoneOffset.UTC).minusDays(days));
                statement.setLong(2, household);
                assertEquals(1, statement.executeUpdate());
            }
        }
    }

    private static void assertErased(boolean erased, long... households) {
        for (long household : households) {
            As.admin().get("/api/households/{id}", household).then().statusCode(200)
                    .body("erasedAt", erased ? notNullValue() : nullValue())
                    .body("room", erased ? nullValue() : equalTo("602"))
                    .body("contactName", erased ? nullValue() : equalTo("Chen Jie"))
                    .body("phone", erased ? nullValue() : equalTo("13912345678"));
        }
    }

    private List<List<Object>> rows(String sql, Object... parameters) throws SQLException {
        return SqlRows.of(dataSource, sql, parameters);
    }
}
