package org.doorstep.order.limits;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.doorstep.common.contracts.BuildingStatus;
import org.doorstep.common.contracts.DispatchStatus;
import org.doorstep.order.OrderFixture;
import org.doorstep.testkit.As;
import org.doorstep.testkit.DoorstepTestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue 13, item 5: a resident holds at most so many households, and a household has at most so many open orders and
 * open urgent medicine orders; over a limit: 422 naming it, unless a grid worker or admin states why, which is audited.
 * Runs with the documented defaults (the rest of the suite raises them for its fixtures).
 */
@QuarkusTest
@TestProfile(LimitsTest.Defaults.class)
@WithTestResource(value = DoorstepTestServers.class, scope = TestResourceScope.GLOBAL)
class LimitsTest {

    /** The defaults of {@link Limits}, as production runs them. */
    public static class Defaults implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("doorstep.limit.households-per-resident", "10",
                    "doorstep.limit.open-urgent-per-household", "5",
                    "doorstep.limit.open-orders-per-household", "30");
        }
    }

    private static final String PHONE = "13912345678";

    private static OrderFixture fixture;
    private static long building;

    @BeforeAll
    static void setUp() throws Exception {
        fixture = new OrderFixture();
        building = fixture.building(BuildingStatus.SEALED);
    }

    @AfterAll
    static void tearDown() {
        fixture.close();
    }

    private static Map<String, Object> household(String room) {
        return Map.of("buildingId", building, "room", room, "contactName", "Chen Jie", "phone", PHONE);
    }

    private static Response register(RequestSpecification as, Map<String, Object> body) {
        return as.contentType(ContentType.JSON).body(body).post("/api/households");
    }

    /** A household of the account, registered by it once the building has reached order-service. */
    private static long householdOf(String account) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> {
            Response response = register(As.resident(account), household("602"));
            return response.statusCode() == 201 ? response.jsonPath().getLong("id") : null;
        }, notNullValue());
    }

    private static Map<String, Object> order(long household, boolean urgent) {
        return Map.of("householdId", household, "category", "MEDICINE",
                "items", List.of(Map.of("name", "Cetirizine syrup", "quantity", 1)), "urgent", urgent);
    }

    private static Response place(RequestSpecification as, Map<String, Object> body) {
        return as.contentType(ContentType.JSON).body(body).post("/api/orders");
    }

    private static Map<String, Object> with(Map<String, Object> body, String key, Object value) {
        Map<String, Object> changed = new HashMap<>(body);
        changed.put(key, value);
        return changed;
    }

    private static int householdsOf(String account) {
        return As.resident(account).get("/api/households").then().statusCode(200).extract().jsonPath()
                .getList("$").size();
    }

    private static int ordersOf(String account, long household) {
        return As.resident(account).queryParam("householdId", household).get("/api/orders").then().statusCode(200)
                .extract().jsonPath().getList("$").size();
    }

    private static final Map<String, String> TITLES = Map.of(
            "households-per-resident", "Limit reached: households per resident",
            "open-urgent-per-household", "Limit reached: open urgent medicine orders per household",
            "open-orders-per-household", "Limit reached: open orders per household");

    private static void assertLimit(Response response, String limit, int value) {
        response.then().statusCode(422).contentType("application/problem+json")
                .body("type", equalTo("urn:doorstep:limit:" + limit))
                .body("title", equalTo(TITLES.get(limit)))
                .body("status", equalTo(422))
                .body("limit", equalTo(limit))
                .body("limitValue", equalTo(value))
                .body("detail", containsString("overrideLimitReason"));
    }

    private static List<Response> atOnce(int times, Supplier<Response> request) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(times);
        try {
            List<Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < times; i++) {
                Callable<Response> call = () -> {
                    go.await();
                    return request.get();
                };
                answers.add(pool.submit(call));
            }
            go.countDown();
            List<Response> responses = new ArrayList<>();
            for (Future<Response> answer : answers) {
                responses.add(answer.get());
            }
            return responses;
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void the_limits_in_force_are_readable_by_anyone_signed_in() {
        As.resident("chen").get("/api/limits").then().statusCode(200)
                .body("householdsPerResident", equalTo(10))
                .body("openUrgentPerHousehold", equalTo(5))
                .body("openOrdersPerHousehold", equalTo(30));
    }

    @Test
    void a_resident_holds_at_most_ten_households_and_the_eleventh_is_refused_naming_the_limit() {
        String account = "limit-households-" + OrderFixture.nextId();
        householdOf(account);
        for (int i = 1; i < 10; i++) {
            register(As.resident(account), household("70" + i)).then().statusCode(201);
        }
        assertLimit(register(As.resident(account), household("711")), "households-per-resident", 10);
        // A grid worker linking one more to the account meets the same limit.
        assertLimit(register(OrderFixture.gridWorker(), with(household("712"), "account", account)),
                "households-per-resident", 10);
        assertEquals(10, householdsOf(account), "nothing written");
        // A household nobody signs in for counts against no account.
        register(OrderFixture.gridWorker(), household("713")).then().statusCode(201);
    }

    @Test
    void a_grid_worker_registers_one_more_household_for_a_resident_with_a_reason_which_is_audited() {
        String account = "limit-override-" + OrderFixture.nextId();
        householdOf(account);
        for (int i = 1; i < 10; i++) {
            register(As.resident(account), household("80" + i)).then().statusCode(201);
        }
        long id = register(OrderFixture.gridWorker(), with(with(household("811"), "account", account),
                        "overrideLimitReason", "Grandmother moved in next door, her son " + PHONE + " orders for both"))
                .then().statusCode(201).body("account", equalTo(account)).extract().jsonPath().getLong("id");
        assertEquals(11, householdsOf(account));
        OrderFixture.gridWorker().queryParam("limit", 1000).get("/api/audit").then().statusCode(200)
                .body("find { it.subjectId == '" + id + "' && it.action == 'LIMIT_OVERRIDDEN' }.subjectType",
                        equalTo("Household"))
                .body("find { it.subjectId == '" + id + "' && it.action == 'LIMIT_OVERRIDDEN' }.actor",
                        equalTo("Zhang Wei"))
                .body("find { it.subjectId == '" + id + "' && it.action == 'LIMIT_OVERRIDDEN' }.role",
                        equalTo("GRID_WORKER"))
                .body("find { it.subjectId == '" + id + "' && it.action == 'LIMIT_OVERRIDDEN' }.detail",
                        equalTo("households-per-resident 10 exceeded: Grandmother moved in next door, her son"
                                + " [number] orders for both"))
                .body("detail", not(hasItem(containsString(PHONE))));
    }

    @Test
    void a_resident_stating_an_override_reason_gets_403_and_nothing_is_written() {
        String account = "limit-resident-override-" + OrderFixture.nextId();
        long household = householdOf(account);
        register(As.resident(account), with(household("901"), "overrideLimitReason", "we are a big family"))
                .then().statusCode(403).contentType("application/problem+json")
                .body("detail", containsString("Only a grid worker or an admin may go over a limit"));
        place(As.resident(account), with(order(household, false), "overrideLimitReason", "please"))
                .then().statusCode(403).contentType("application/problem+json")
                .body("detail", containsString("Only a grid worker or an admin may go over a limit"));
        assertEquals(1, householdsOf(account));
        assertEquals(0, ordersOf(account, household));
    }

    @Test
    void a_household_has_at_most_five_urgent_medicine_orders_open_and_a_cancelled_one_frees_its_place() {
        String account = "limit-urgent-" + OrderFixture.nextId();
        long household = householdOf(account);
        List<Long> urgent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            urgent.add(place(As.resident(account), order(household, true)).then().statusCode(201).extract()
                    .jsonPath().getLong("id"));
        }
        assertLimit(place(As.resident(account), order(household, true)), "open-urgent-per-household", 5);
        assertEquals(5, ordersOf(account, household), "nothing written");
        // Not urgent, it fits; and a cancelled urgent order is no longer open.
        place(As.resident(account), order(household, false)).then().statusCode(201);
        As.resident(account).post("/api/orders/{id}/cancel", urgent.get(0)).then().statusCode(200);
        place(As.resident(account), order(household, true)).then().statusCode(201);
        assertLimit(place(As.resident(account), order(household, true)), "open-urgent-per-household", 5);
    }

    @Test
    void a_household_has_at_most_thirty_open_orders_a_delivered_one_frees_its_place_and_a_grid_worker_may_go_over()
            throws Exception {
        String account = "limit-open-" + OrderFixture.nextId();
        long household = householdOf(account);
        List<Long> orders = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            orders.add(place(As.resident(account), order(household, false)).then().statusCode(201).extract()
                    .jsonPath().getLong("id"));
        }
        assertLimit(place(As.resident(account), order(household, false)), "open-orders-per-household", 30);
        // The hotline meets the same limit without a reason.
        assertLimit(place(OrderFixture.gridWorker(), order(household, false)), "open-orders-per-household", 30);
        assertEquals(30, ordersOf(account, household), "nothing written");

        fixture.progress(orders.get(0), building, DispatchStatus.DELIVERED, 1L, 1);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> As.resident(account)
                .get("/api/orders/{id}", orders.get(0)).then().body("status", equalTo("DELIVERED")));
        place(As.resident(account), order(household, false)).then().statusCode(201);
        assertLimit(place(As.resident(account), order(household, false)), "open-orders-per-household", 30);

        long over = place(OrderFixture.gridWorker(), with(order(household, true), "overrideLimitReason",
                "pharmacy delivery for the whole floor, call " + PHONE)).then().statusCode(201)
                .body("onBehalf", equalTo(true)).extract().jsonPath().getLong("id");
        assertEquals(32, ordersOf(account, household));
        OrderFixture.gridWorker().queryParam("limit", 1000).get("/api/audit").then().statusCode(200)
                .body("find { it.subjectId == '" + over + "' && it.action == 'LIMIT_OVERRIDDEN' }.subjectType",
                        equalTo("Order"))
                .body("find { it.subjectId == '" + over + "' && it.action == 'LIMIT_OVERRIDDEN' }.actor",
                        equalTo("Zhang Wei"))
                .body("find { it.subjectId == '" + over + "' && it.action == 'LIMIT_OVERRIDDEN' }.detail",
                        equalTo("open-orders-per-household 30 exceeded: pharmacy delivery for the whole floor, call"
                                + " [number]"))
                .body("detail", not(hasItem(containsString(PHONE))));
    }

    @Test
    void orders_sent_at_the_same_moment_for_the_last_place_are_not_both_accepted() throws Exception {
        String account = "limit-race-" + OrderFixture.nextId();
        long household = householdOf(account);
        for (int i = 0; i < 29; i++) {
            place(As.resident(account), order(household, false)).then().statusCode(201);
        }
        List<Response> answers = atOnce(8, () -> place(As.resident(account), order(household, false)));
        assertEquals(1, answers.stream().filter(r -> r.statusCode() == 201).count(), "one order took the last place");
        answers.stream().filter(r -> r.statusCode() != 201)
                .forEach(r -> assertLimit(r, "open-orders-per-household", 30));
        assertEquals(30, ordersOf(account, household));
    }

    /**
     * Another instance's intake group holds the household and is about to commit its order for the last place: this
     * instance's group waits for it and counts that order, rather than counting without it and taking a 31st.
     */
    @Test
    void an_order_for_the_last_place_waits_for_another_instances_group_and_is_refused() throws Exception {
        String account = "limit-instances-" + OrderFixture.nextId();
        long household = householdOf(account);
        for (int i = 0; i < 29; i++) {
            place(As.resident(account), order(household, false)).then().statusCode(201);
        }
        CompletableFuture<Response> answer;
        try (Connection other = otherInstance()) {
            try (PreparedStatement lock = other.prepareStatement("select id from household where id = ? for update");
                 PreparedStatement insert = other.prepareStatement("insert into resident_order (id, household_id,"
                         + " building_id, category, urgent, status, handoff_code, placed_at) values (?, ?, ?, 'FOOD',"
                         + " false, 'PLACED', '123456', utc_timestamp(6))")) {
                lock.setLong(1, household);
                lock.executeQuery().close();
                insert.setLong(1, 9_000_000_000_000L + OrderFixture.nextId());
                insert.setLong(2, household);
                insert.setLong(3, building);
                insert.executeUpdate();
            }
            answer = CompletableFuture.supplyAsync(() -> place(As.resident(account), order(household, false)));
            awaitStatementWaiting("select id from household where id in");
            other.commit();
        }
        assertLimit(answer.get(20, TimeUnit.SECONDS), "open-orders-per-household", 30);
        assertEquals(30, ordersOf(account, household));
    }

    /**
     * A registration for the account's last place is under way on another worker and not yet committed: this one
     * waits for the account's row and counts that household, rather than counting without it and taking an 11th.
     */
    @Test
    void a_household_for_the_last_place_waits_for_a_registration_under_way_and_is_refused() throws Exception {
        String account = "limit-race-households-" + OrderFixture.nextId();
        householdOf(account);
        for (int i = 1; i < 9; i++) {
            register(As.resident(account), household("60" + i)).then().statusCode(201);
        }
        CompletableFuture<Response> answer;
        try (Connection other = otherInstance()) {
            try (PreparedStatement lock = other.prepareStatement(
                    "select account from resident_account where account = ? for update");
                 PreparedStatement insert = other.prepareStatement("insert into household (building_id, room,"
                         + " contact_name, created_at, owner_account) values (?, '610', 'Chen Jie',"
                         + " utc_timestamp(6), ?)")) {
                lock.setString(1, account);
                lock.executeQuery().close();
                insert.setLong(1, building);
                insert.setString(2, account);
                insert.executeUpdate();
            }
            answer = CompletableFuture.supplyAsync(() -> register(As.resident(account), household("699")));
            awaitStatementWaiting("insert into resident_account");
            other.commit();
        }
        assertLimit(answer.get(20, TimeUnit.SECONDS), "households-per-resident", 10);
        assertEquals(10, householdsOf(account));
    }

    /** A transaction of its own on the service's database, as another instance of the service would hold one. */
    private static Connection otherInstance() throws Exception {
        Connection connection = DoorstepTestServers.database().connect(DoorstepTestServers.DATABASE);
        connection.setAutoCommit(false);
        connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        return connection;
    }

    /** Until the service runs a statement that starts so (and waits for a lock the test holds). */
    private static void awaitStatementWaiting(String start) {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            try (Connection connection = DoorstepTestServers.database().connect(DoorstepTestServers.DATABASE);
                 PreparedStatement running = connection.prepareStatement("select count(*) from"
                         + " information_schema.processlist where command = 'Query' and info like ?")) {
                running.setString(1, start + "%");
                try (ResultSet row = running.executeQuery()) {
                    return row.next() && row.getInt(1) > 0;
                }
            }
        });
    }
}
