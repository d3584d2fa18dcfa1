package org.doorstep.order.order;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.doorstep.common.contracts.DispatchStatus;
import org.doorstep.common.contracts.HandoffCodes;
import org.doorstep.common.contracts.OrderCancelled;
import org.doorstep.common.contracts.OrderPlaced;
import org.doorstep.common.events.EventEnvelope;
import org.doorstep.common.events.Topic;
import org.doorstep.order.OrderFixture;
import org.doorstep.testkit.As;
import org.doorstep.testkit.DoorstepTestServers;
import org.doorstep.testkit.EventProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;


import static org.awaitility.Awaitility.await;
import static org.doorstep.testkit.OpenApiValidation.invalidOnPurpose;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(value = DoorstepTestServers.class, scope = TestResourceScope.GLOBAL)
class OrderResourceTest {

    private static OrderFixture fixture;

    @BeforeAll
    static void setUp() throws Exception {
        fixture = new OrderFixture();
    }

    @AfterAll
    static void tearDown() {
        fixture.close();
    }

    private static Response place(Object body) {
        return OrderFixture.resident().contentType(ContentType.JSON).body(body).post("/api/orders");
    }

    /** A body that breaks the OpenAPI document on purpose: only the answer is checked against it. */
    private static Response placeInvalid(Object body) {
        return invalidOnPurpose(OrderFixture.resident()).contentType(ContentType.JSON).body(body).post("/api/orders");
    }

    private static Response placeWithKey(io.restassured.specification.RequestSpecification caller, String key,
                                         Object body) {
        return caller.contentType(ContentType.JSON).header("Idempotency-Key", key).body(body).post("/api/orders");
    }

    private static int ordersOf(long household) {
        return OrderFixture.resident().queryParam("householdId", household).get("/api/orders").then().statusCode(200)
                .extract().jsonPath().getList("$").size();
    }

    @Test
    void an_order_is_placed_with_a_handoff_code_and_published_keyed_by_compound_and_building_without_the_code() {
        long household = fixture.household(List.of("CHILD_IN_DIFFICULTY"));
        long building = OrderFixture.resident().get("/api/households/{id}", household).then().extract().jsonPath().getLong("buildingId");

        Response created = place(OrderFixture.medicineOrder(household));
        created.then().statusCode(201)
                .header("Location", containsString("/api/orders/"))
                .contentType(ContentType.JSON)
                .body("status", equalTo("PLACED"))
                .body("category", equalTo("MEDICINE"))
                .body("urgent", equalTo(true))
                .body("items[0].name", equalTo("Cetirizine syrup"))
                .body("handoffCode", matchesPattern("\\d{6}"))
                .body("history.status", contains("PLACED"));
        long orderId = created.jsonPath().getLong("id");
        String code = created.jsonPath().getString("handoffCode");

        var record = fixture.events.awaitRecord(Topic.ORDERS, r -> {
            EventEnvelope e = EventProbe.read(r.value());
            return e != null && OrderPlaced.TYPE.equals(e.type()) && e.aggregateId().equals(String.valueOf(orderId));
        }, Duration.ofSeconds(20));
        assertNotNull(record, "OrderPlaced for order " + orderId);
        assertEquals(OrderFixture.compoundOf(building) + "/" + building, record.key(),
                "keyed by compound (the partition) and building");
        OrderPlaced placed = EventProbe.payload(EventProbe.read(record.value()), OrderPlaced.class);
        assertEquals(building, placed.buildingId());
        assertTrue(placed.urgent());
        assertEquals(List.of("CHILD_IN_DIFFICULTY"), placed.vulnerabilities().stream().map(Enum::name).toList());
        assertTrue(HandoffCodes.matches(DoorstepTestServers.HANDOFF_SECRET, orderId, code, placed.handoffCodeDigest()));
        assertFalse(EventProbe.read(record.value()).payload().has("handoffCode"), "the code never travels");
    }

    @Test
    void the_resident_follows_dispatch_steps_and_late_or_repeated_steps_change_nothing() {
        long household = fixture.household(List.of());
        Response created = place(OrderFixture.medicineOrder(household));
        long orderId = created.jsonPath().getLong("id");
        long building = created.jsonPath().getLong("buildingId");

        fixture.progress(orderId, building, DispatchStatus.QUEUED, null, 1);
        EventEnvelope assigned = fixture.progress(orderId, building, DispatchStatus.ASSIGNED, 55L, 2);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> OrderFixture.resident().get("/api/orders/{id}", orderId).then()
                .body("status", equalTo("ASSIGNED"))
                .body("runId", equalTo(55))
                .body("history.status", contains("PLACED", "QUEUED", "ASSIGNED")));

        // Delivered arrives before out-for-delivery; the older step and a duplicate are then ignored.
        fixture.progress(orderId, building, DispatchStatus.DELIVERED, 55L, 4);
        fixture.progress(orderId, building, DispatchStatus.PICKED_UP, 55L, 3);
        fixture.events.sendRaw(Topic.DISPATCH, String.valueOf(building), EventProbe.write(assigned));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> OrderFixture.resident().get("/api/orders/{id}", orderId).then()
                .body("status", equalTo("DELIVERED")));
        // The same step again under a new event id: a repeat, not a new step.
        fixture.progress(orderId, building, DispatchStatus.DELIVERED, 55L, 4);
        // A step of another order of the building, sent last on the building's partition: once the resident sees
        // it, every step before it has been read, the late and the repeated ones too.
        long marker = place(OrderFixture.medicineOrder(household)).then().statusCode(201).extract().jsonPath()
                .getLong("id");
        fixture.progress(marker, building, DispatchStatus.QUEUED, null, 1);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> OrderFixture.resident()
                .get("/api/orders/{id}", marker).then().body("status", equalTo("QUEUED")));
        OrderFixture.resident().get("/api/orders/{id}", orderId).then()
                .body("status", equalTo("DELIVERED"))
                .body("history.status", contains("PLACED", "QUEUED", "ASSIGNED", "DELIVERED"))
                .body("history[3].at", matchesPattern("\\d{4}-\\d\\d-\\d\\dT.*(Z|[+-]\\d\\d:\\d\\d)"));
    }

    @Test
    void a_delivery_confirmed_offline_is_in_the_history_at_the_time_it_was_confirmed() {
        long household = fixture.household(List.of());
        Response created = place(OrderFixture.medicineOrder(household));
        long orderId = created.jsonPath().getLong("id");
        long building = created.jsonPath().getLong("buildingId");
        OffsetDateTime atTheDoor = OffsetDateTime.now(ZoneOffset.UTC).minusHours(2).withNano(0);

        fixture.progress(orderId, building, DispatchStatus.PICKED_UP, 55L, 1,
                OffsetDateTime.now(ZoneOffset.UTC).minusHours(3));
        fixture.progress(orderId, building, DispatchStatus.DELIVERED, 55L, 2,
                atTheDoor.withOffsetSameInstant(ZoneOffset.ofHours(8)));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> OrderFixture.resident()
                .get("/api/orders/{id}", orderId).then().body("status", equalTo("DELIVERED")));
        String deliveredAt = OrderFixture.resident().get("/api/orders/{id}", orderId).then()
                .body("history.status", contains("PLACED", "OUT_FOR_DELIVERY", "DELIVERED"))
                .extract().path("history[2].at");
        assertEquals(atTheDoor.toInstant(), OffsetDateTime.parse(deliveredAt).toInstant());
    }

    @Test
    void a_resident_cancels_before_pickup_but_not_after() {
        long household = fixture.household(List.of());
        Response first = place(OrderFixture.medicineOrder(household));
        long cancelled = first.jsonPath().getLong("id");
        OrderFixture.resident().post("/api/orders/{id}/cancel", cancelled).then().statusCode(200)
                .body("status", equalTo("CANCELLED"))
                .body("history.status", contains("PLACED", "CANCELLED"));
        assertNotNull(fixture.events.await(Topic.ORDERS, e -> OrderCancelled.TYPE.equals(e.type())
                && e.aggregateId().equals(String.valueOf(cancelled)), Duration.ofSeconds(20)));

        Response second = place(OrderFixture.medicineOrder(household));
        long pickedUp = second.jsonPath().getLong("id");
        fixture.progress(pickedUp, second.jsonPath().getLong("buildingId"), DispatchStatus.PICKED_UP, 9L, 3);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> OrderFixture.resident().get("/api/orders/{id}", pickedUp).then()
                .body("status", equalTo("OUT_FOR_DELIVERY")));
        OrderFixture.resident().post("/api/orders/{id}/cancel", pickedUp).then()
                .statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("picked it up"));
    }

    @Test
    void a_retry_with_the_same_idempotency_key_returns_the_first_order() throws Exception {
        long household = fixture.household(List.of());
        Map<String, Object> body = OrderFixture.medicineOrder(household);
        Response first = OrderFixture.resident().contentType(ContentType.JSON).header("Idempotency-Key", "tap-" + household)
                .body(body).post("/api/orders");
        first.then().statusCode(201);
        OrderFixture.resident().contentType(ContentType.JSON).header("Idempotency-Key", "tap-" + household).body(body)
                .post("/api/orders").then().statusCode(201)
                .body("id", equalTo(first.jsonPath().getInt("id")))
                .body("handoffCode", equalTo(first.jsonPath().getString("handoffCode")));

        Map<String, Object> other = new HashMap<>(body);
        other.put("note", "another order");
        OrderFixture.resident().contentType(ContentType.JSON).header("Idempotency-Key", "tap-" + household).body(other)
                .post("/api/orders").then().statusCode(422).contentType("application/problem+json")
                .body("detail", containsString("different order"));
        assertEquals(1, ordersOf(household));

        // A double tap: eight identical requests at once make one order.
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> taps = Collections.nCopies(8, () -> OrderFixture.resident().contentType(ContentType.JSON)
                    .header("Idempotency-Key", "double-" + household).body(body).post("/api/orders")
                    .then().statusCode(201).extract().jsonPath().getInt("id"));
            Set<Integer> ids = new java.util.HashSet<>();
            for (Future<Integer> id : pool.invokeAll(taps)) {
                ids.add(id.get());
            }
            assertEquals(1, ids.size(), "one order for eight taps: " + ids);
        } finally {
            pool.shutdown();
        }
        assertEquals(2, ordersOf(household));
    }

    /**
     * An Idempotency-Key is its caller's: two residents whose phones happen to send the same key each get their own
     * order and code, a grid worker entering an order for the household under that key enters another one, and each
     * caller's own retry still returns their first order.
     */
    @Test
    void the_same_idempotency_key_from_another_caller_is_another_order_and_each_callers_retry_returns_their_own() {
        String key = "shared-" + OrderFixture.nextId();
        String neighbour = "neighbour-" + OrderFixture.nextId();
        long mine = fixture.household(List.of());
        long theirs = fixture.household(neighbour, List.of());
        Map<String, Object> myOrder = OrderFixture.medicineOrder(mine);
        Map<String, Object> theirOrder = OrderFixture.medicineOrder(theirs);

        Response first = placeWithKey(OrderFixture.resident(), key, myOrder);
        first.then().statusCode(201).body("householdId", equalTo((int) mine));
        Response second = placeWithKey(As.resident(neighbour), key, theirOrder);
        second.then().statusCode(201).body("householdId", equalTo((int) theirs))
                .body("handoffCode", matchesPattern("\\d{6}"));
        long firstId = first.jsonPath().getLong("id");
        long secondId = second.jsonPath().getLong("id");
        assertNotEquals(firstId, secondId, "the neighbour's key names the neighbour's request, not Chen's order");
        As.resident(neighbour).get("/api/orders/{id}", secondId).then().statusCode(200)
                .body("handoffCode", equalTo(second.jsonPath().getString("handoffCode")));

        // Each one's retry is recognised as their own.
        placeWithKey(OrderFixture.resident(), key, myOrder).then().statusCode(201)
                .body("id", equalTo((int) firstId))
                .body("handoffCode", equalTo(first.jsonPath().getString("handoffCode")));
        placeWithKey(As.resident(neighbour), key, theirOrder).then().statusCode(201)
                .body("id", equalTo((int) secondId))
                .body("handoffCode", equalTo(second.jsonPath().getString("handoffCode")));

        // The household's grid worker takes the same order on the hotline with the same key: their own order.
        Response entered = placeWithKey(OrderFixture.gridWorker(), key, myOrder);
        entered.then().statusCode(201).body("channel", equalTo("HOTLINE"));
        assertFalse(List.of(firstId, secondId).contains(entered.jsonPath().getLong("id")),
                "the grid worker's order is not a replay of a resident's");

        // The same caller with another request under the key is still refused.
        placeWithKey(As.resident(neighbour), key, with(theirOrder, "note", "another order")).then().statusCode(422)
                .contentType("application/problem+json").body("detail", containsString("different order"));
        assertEquals(2, ordersOf(mine));
        assertEquals(1, As.resident(neighbour).queryParam("householdId", theirs).get("/api/orders").then()
                .statusCode(200).extract().jsonPath().getList("$").size());
    }

    /**
     * Residents whose requests arrive together are decided in one intake group: the same key from several residents
     * at once is still one order each, and each resident's double tap within the group is still one.
     */
    @Test
    void residents_sending_the_same_idempotency_key_at_the_same_moment_each_get_their_own_order() throws Exception {
        String key = "same-moment-" + OrderFixture.nextId();
        Map<String, Long> households = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 8; i++) {
            String resident = "resident-" + OrderFixture.nextId();
            households.put(resident, fixture.household(resident, List.of()));
        }
        List<String> callers = new ArrayList<>();
        households.keySet().forEach(resident -> callers.addAll(List.of(resident, resident))); // each taps twice
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(callers.size());
        List<Future<Response>> answers = new ArrayList<>();
        try {
            for (String resident : callers) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return placeWithKey(As.resident(resident), key,
                            OrderFixture.medicineOrder(households.get(resident)));
                }));
            }
            go.countDown();
            Map<String, Set<Long>> idsOf = new HashMap<>();
            for (int i = 0; i < callers.size(); i++) {
                String resident = callers.get(i);
                Response answer = answers.get(i).get();
                answer.then().statusCode(201).body("householdId", equalTo(households.get(resident).intValue()));
                idsOf.computeIfAbsent(resident, r -> new java.util.HashSet<>()).add(answer.jsonPath().getLong("id"));
            }
            idsOf.forEach((resident, ids) -> assertEquals(1, ids.size(), resident + "'s two taps: " + ids));
            assertEquals(households.size(), idsOf.values().stream().flatMap(Set::stream).distinct().count(),
                    "one order per resident");
        } finally {
            pool.shutdown();
        }
        households.forEach((resident, household) -> assertEquals(1, As.resident(resident)
                .queryParam("householdId", household).get("/api/orders").then().statusCode(200)
                .extract().jsonPath().getList("$").size(), resident + "'s orders"));
    }

    /**
     * Concurrent requests are committed together (OrderIntake): each caller still gets its own order with its own
     * items and code, the refused ones (a household that is not theirs, a channel only a grid worker may use) are
     * answered alone, and every accepted order is stored with its history and published once.
     */
    @Test
    void orders_placed_at_the_same_moment_each_get_their_own_answer_and_a_refusal_holds_up_none() throws Exception {
        List<Long> households = List.of(fixture.household(List.of()), fixture.household(List.of("ELDERLY_ALONE")),
                fixture.household(List.of()));
        List<Callable<Response>> requests = new ArrayList<>();
        for (int i = 0; i < 48; i++) {
            Map<String, Object> body = new HashMap<>(OrderFixture.medicineOrder(households.get(i % 3)));
            body.put("items", List.of(Map.of("name", "item " + i, "quantity", 1 + i % 5)));
            if (i % 8 == 5) {
                body.put("householdId", 987654000L + i); // nobody's household: 404
            } else if (i % 8 == 7) {
                body.put("channel", "HOTLINE"); // a grid worker's channel: 403 for a resident
            }
            requests.add(() -> place(body));
        }
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Response> answers = new ArrayList<>();
        try {
            for (Future<Response> answer : pool.invokeAll(requests)) {
                answers.add(answer.get());
            }
        } finally {
            pool.shutdown();
        }
        Set<Long> ids = new java.util.HashSet<>();
        for (int i = 0; i < answers.size(); i++) {
            Response answer = answers.get(i);
            if (i % 8 == 5) {
                answer.then().statusCode(404).contentType("application/problem+json")
                        .body("detail", containsString("does not exist"));
                continue;
            }
            if (i % 8 == 7) {
                answer.then().statusCode(403).contentType("application/problem+json");
                continue;
            }
            answer.then().statusCode(201).body("items[0].name", equalTo("item " + i))
                    .body("items[0].quantity", equalTo(1 + i % 5))
                    .body("householdId", equalTo(households.get(i % 3).intValue()))
                    .body("handoffCode", matchesPattern("\\d{6}"))
                    .body("history.status", contains("PLACED"))
                    .body("history[0].by", equalTo(OrderFixture.RESIDENT));
            long id = answer.jsonPath().getLong("id");
            assertTrue(ids.add(id), "order " + id + " answered twice");
            // What the answer said is what was stored.
            OrderFixture.resident().get("/api/orders/{id}", id).then().statusCode(200)
                    .body("items[0].name", equalTo("item " + i))
                    .body("handoffCode", equalTo(answer.jsonPath().getString("handoffCode")))
                    .body("history.status", contains("PLACED"));
        }
        assertEquals(36, ids.size());
        for (long household : households) {
            assertEquals(12, ordersOf(household));
        }
        List<EventEnvelope> published = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            published.clear();
            published.addAll(fixture.events.all(Topic.ORDERS, e -> OrderPlaced.TYPE.equals(e.type())
                    && ids.contains(Long.parseLong(e.aggregateId()))));
            return published.size() >= ids.size();
        });
        assertEquals(ids.size(), published.size(), "one OrderPlaced per order");
        assertEquals(Set.of("ELDERLY_ALONE"), published.stream()
                .map(e -> EventProbe.payload(e, OrderPlaced.class))
                .filter(placed -> placed.householdId() == households.get(1))
                .flatMap(placed -> placed.vulnerabilities().stream().map(Enum::name))
                .collect(java.util.stream.Collectors.toSet()));
    }

    @Test
    void bad_orders_get_a_problem_and_write_nothing() {
        long household = fixture.household(List.of());
        List<Map<String, Object>> thousandItems = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            thousandItems.add(Map.of("name", "rice", "quantity", 1));
        }
        Map<String, Object> good = OrderFixture.medicineOrder(household);

        placeInvalid(with(good, "items", List.of())).then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", hasItem("items"));
        placeInvalid(with(good, "items", thousandItems)).then().statusCode(400)
                .body("violations.field", hasItem("items"));
        placeInvalid(with(good, "items", List.of(Map.of("name", "eggs", "quantity", -2)))).then().statusCode(400)
                .body("violations.field", hasItem("items[0].quantity"));
        placeInvalid(with(good, "items", List.of(Map.of("name", "eggs", "quantity", 1000)))).then().statusCode(400)
                .body("detail", containsString("at most 99"));
        placeInvalid(with(good, "items", List.of(Map.of("name", "", "quantity", 1)))).then().statusCode(400)
                .body("violations.field", hasItem("items[0].name"));
        placeInvalid(with(good, "items", List.of(Map.of("name", "eggs", "quantity", "many")))).then().statusCode(400)
                .body("detail", containsString("quantity"));
        placeInvalid(with(good, "category", "PIZZA")).then().statusCode(400)
                .body("detail", containsString("FOOD, MEDICINE, MEAL"));
        placeInvalid(with(good, "note", "x".repeat(501))).then().statusCode(400)
                .body("violations.field", hasItem("note"));
        place(with(good, "householdId", 987654321)).then().statusCode(404)
                .body("detail", containsString("Household 987654321 does not exist"));
        placeInvalid(with(good, "urgent", "very")).then().statusCode(400);
        placeInvalid("{\"householdId\": ").then().statusCode(400).body("detail", containsString("not valid JSON"));
        placeInvalid("null").then().statusCode(400);
        invalidOnPurpose(OrderFixture.resident()).contentType(ContentType.JSON)
                .header("Idempotency-Key", "k".repeat(101)).body(good).post("/api/orders").then().statusCode(400);
        OrderFixture.resident().get("/api/orders/{id}", 987654321).then().statusCode(404).contentType("application/problem+json");
        OrderFixture.resident().get("/api/orders").then().statusCode(400).body("detail", containsString("householdId"));
        OrderFixture.resident().post("/api/orders/{id}/cancel", 987654321).then().statusCode(404);

        assertEquals(0, ordersOf(household), "no bad request left an order behind");
    }

    private static Map<String, Object> with(Map<String, Object> body, String field, Object value) {
        Map<String, Object> copy = new HashMap<>(body);
        copy.put(field, value);
        return copy;
    }

}
