package org.doorstep.system;

import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * A lockdown day across the three services, over HTTP: a building sealed and opened mid-flow, urgent medicine
 * overtaking a queue, a failed handoff, a volunteer turning positive mid-run, a bulk drop to two buildings and a
 * day's meal plan. Each call is made by whoever makes it (docs/security.md): an admin sets up compounds, buildings and
 * grids; the grid worker of a test's grid changes statuses, reads queues and runs and sends distributions; each
 * household's resident registers it, orders and watches their orders; volunteers report their tests and duty and carry
 * their own runs.
 */
@org.junit.jupiter.api.Order(3)
class LockdownDaySystemTest {

    private static final Duration FEW_SECONDS = Duration.ofSeconds(30);
    private static Stack stack;
    /** The resident account that registered each household, and so owns its orders. */
    private static final Map<Long, String> RESIDENT_OF_HOUSEHOLD = new ConcurrentHashMap<>();
    /** Each order's household's resident: the one who watches it. */
    private static final Map<Long, String> RESIDENT_OF_ORDER = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        stack = Stack.shared();
    }

    /** A request signed in with the token (see {@link Tokens}). */
    private static RequestSpecification as(String token, Stack.Service service) {
        return stack.as(service, token);
    }

    private static long create(String token, Stack.Service service, String path, Object body) {
        return stack.createWhenKnown(service, token, path, body).getLong("id");
    }

    private static long compound(String name) {
        return create(Tokens.admin(), Stack.Service.DISPATCH, "/api/compounds", Map.of("name", name));
    }

    private static long building(long compound, String name, String status) {
        return create(Tokens.admin(), Stack.Service.DISPATCH, "/api/buildings", Map.of("compoundId", compound,
                "name", name, "status", status));
    }

    /** An admin puts the buildings in a new grid; returns the token of that grid's worker. */
    private static String gridWorker(String name, Long... buildings) {
        long grid = create(Tokens.admin(), Stack.Service.DISPATCH, "/api/grids", Map.of("name", name,
                "buildingIds", List.of(buildings)));
        return Tokens.gridWorker("worker-" + grid, grid);
    }

    /** Registered by its resident (an account per room), who then owns it. */
    private static long household(long building, String room) {
        String resident = "resident-" + room;
        long id = create(Tokens.resident(resident), Stack.Service.ORDER, "/api/households", Map.of(
                "buildingId", building, "room", room, "contactName", "Resident " + room));
        RESIDENT_OF_HOUSEHOLD.put(id, resident);
        return id;
    }

    /** The household's resident, signed in. */
    private static String residentOf(long household) {
        return Tokens.resident(RESIDENT_OF_HOUSEHOLD.get(household));
    }

    /** The resident who may see the order. */
    private static String ownerOf(long order) {
        return Tokens.resident(RESIDENT_OF_ORDER.get(order));
    }

    /** Registered by an admin (approved at once); the volunteer reports their test and goes on duty. */
    private static long volunteer(long compound, List<Long> buildings, int capacity) {
        long id = create(Tokens.admin(), Stack.Service.VOLUNTEER, "/api/volunteers", Map.of("name", "Volunteer",
                "phone", "13800138000", "compoundId", compound, "buildingIds", buildings, "capacity", capacity));
        as(Tokens.volunteer(id), Stack.Service.VOLUNTEER).body(Map.of("result", "NEGATIVE", "takenAt",
                OffsetDateTime.now().minusHours(4).toString())).post("/api/volunteers/{id}/tests", id)
                .then().statusCode(200);
        as(Tokens.volunteer(id), Stack.Service.VOLUNTEER).body(Map.of("onDuty", true))
                .put("/api/volunteers/{id}/duty", id).then().statusCode(200);
        return id;
    }

    /** Placed in the app by the household's resident. */
    private static long order(long household, String category, boolean urgent) {
        long id = as(residentOf(household), Stack.Service.ORDER).body(Map.of("householdId", household,
                        "category", category, "urgent", urgent,
                        "items", List.of(Map.of("name", category.toLowerCase(), "quantity", 1))))
                .post("/api/orders").then().statusCode(201).extract().jsonPath().getLong("id");
        RESIDENT_OF_ORDER.put(id, RESIDENT_OF_HOUSEHOLD.get(household));
        return id;
    }

    private static JsonPath awaitStatus(long order, String status) {
        return await().atMost(FEW_SECONDS).until(() -> as(ownerOf(order), Stack.Service.ORDER)
                .get("/api/orders/{id}", order)
                .then().statusCode(200).extract().jsonPath(), o -> status.equals(o.getString("status")));
    }

    private static void setStatus(String gridWorker, long building, String status) {
        as(gridWorker, Stack.Service.DISPATCH).body(Map.of("status", status, "reason", "district notice"))
                .put("/api/buildings/{id}/status", building).then().statusCode(200);
    }

    @Test
    void a_status_change_mid_flow_re_plans_the_buildings_orders() {
        long compound = compound("Status Lane");
        long building = building(compound, "Building 1", "SEALED");
        String worker = gridWorker("Status Lane", building);
        volunteer(compound, List.of(building), 5);
        long order = order(household(building, "101"), "FOOD", false);
        awaitStatus(order, "ASSIGNED");

        setStatus(worker, building, "OPEN");
        JsonPath selfCollection = awaitStatus(order, "SELF_COLLECTION");
        org.junit.jupiter.api.Assertions.assertNull(selfCollection.get("runId"));
        setStatus(worker, building, "SEALED");
        awaitStatus(order, "ASSIGNED");
    }

    @Test
    void urgent_medicine_overtakes_a_queue() {
        long compound = compound("Queue Lane");
        long building = building(compound, "Building 2", "SEALED");
        String worker = gridWorker("Queue Lane", building);
        long household = household(building, "202");
        long food = order(household, "FOOD", false);
        long medicine = order(household, "MEDICINE", true);
        awaitStatus(medicine, "QUEUED");
        awaitStatus(food, "QUEUED");
        as(worker, Stack.Service.DISPATCH).get("/api/buildings/{id}/queue", building).then().statusCode(200)
                .body("orderId", contains((int) medicine, (int) food));

        volunteer(compound, List.of(building), 1);
        awaitStatus(medicine, "ASSIGNED");
        as(ownerOf(food), Stack.Service.ORDER).get("/api/orders/{id}", food).then()
                .body("status", equalTo("QUEUED"));
    }

    @Test
    void a_failed_handoff_goes_back_to_the_queue_once() {
        long compound = compound("Failed Lane");
        long building = building(compound, "Building 3", "SEALED");
        long carrier = volunteer(compound, List.of(building), 5);
        long order = order(household(building, "303"), "FOOD", false);
        long run = awaitStatus(order, "ASSIGNED").getLong("runId");
        as(Tokens.volunteer(carrier), Stack.Service.DISPATCH).post("/api/runs/{id}/pickup", run).then()
                .statusCode(200);
        as(Tokens.volunteer(carrier), Stack.Service.DISPATCH).body(Map.of("orderId", order, "failed", true,
                        "reason", "nobody answered"))
                .post("/api/runs/{id}/handoffs", run).then().statusCode(200);

        JsonPath again = await().atMost(FEW_SECONDS).until(() -> as(ownerOf(order), Stack.Service.ORDER)
                .get("/api/orders/{id}", order).then().statusCode(200).extract().jsonPath(),
                o -> "ASSIGNED".equals(o.getString("status")) && o.getLong("runId") != run);
        assertNotEquals(run, again.getLong("runId"));
        assertEquals(List.of("PLACED", "QUEUED", "ASSIGNED", "OUT_FOR_DELIVERY", "QUEUED", "ASSIGNED"),
                again.getList("history.status"));
        assertEquals("handoff failed (nobody answered); back in the queue for another try",
                again.getString("history[4].note"));
    }

    @Test
    void a_volunteer_turning_positive_mid_run_gives_back_what_they_have_not_picked_up() {
        long compound = compound("Positive Lane");
        long building = building(compound, "Building 4", "SEALED");
        String worker = gridWorker("Positive Lane", building);
        long sick = volunteer(compound, List.of(building), 5);
        long household = household(building, "404");
        long carried = order(household, "FOOD", false);
        long carriedRun = awaitStatus(carried, "ASSIGNED").getLong("runId");
        as(Tokens.volunteer(sick), Stack.Service.DISPATCH).post("/api/runs/{id}/pickup", carriedRun).then()
                .statusCode(200);
        long waiting = order(household, "FOOD", false);
        awaitStatus(waiting, "ASSIGNED");

        as(Tokens.volunteer(sick), Stack.Service.VOLUNTEER).body(Map.of("result", "POSITIVE",
                        "takenAt", OffsetDateTime.now().toString()))
                .post("/api/volunteers/{id}/tests", sick).then().statusCode(200);
        awaitStatus(waiting, "QUEUED");
        as(ownerOf(carried), Stack.Service.ORDER).get("/api/orders/{id}", carried).then()
                .body("status", equalTo("OUT_FOR_DELIVERY"));

        long healthy = volunteer(compound, List.of(building), 5);
        long run = awaitStatus(waiting, "ASSIGNED").getLong("runId");
        as(worker, Stack.Service.DISPATCH).get("/api/runs/{id}", run).then().statusCode(200)
                .body("volunteerId", equalTo((int) healthy));
    }

    @Test
    void a_bulk_drop_reaches_every_household_of_two_buildings() {
        long compound = compound("Vegetable Lane");
        long b1 = building(compound, "Building 5", "SEALED");
        long b2 = building(compound, "Building 6", "CONTROLLED");
        String worker = gridWorker("Vegetable Lane", b1, b2);
        volunteer(compound, List.of(b1, b2), 10);
        List<Long> households = List.of(household(b1, "501"), household(b1, "502"), household(b2, "601"));
        long distribution = as(worker, Stack.Service.DISPATCH).body(Map.of("name", "Vegetable pack 5 kg",
                        "buildingIds", List.of(b1, b2),
                        "items", List.of(Map.of("name", "Vegetable pack", "quantity", 1))))
                .post("/api/distributions").then().statusCode(201).extract().jsonPath().getLong("id");

        for (long household : households) {
            long order = await().atMost(FEW_SECONDS).until(() -> as(residentOf(household), Stack.Service.ORDER)
                    .queryParam("householdId", household).get("/api/orders").then().statusCode(200)
                    .extract().jsonPath()
                    .getList("findAll { it.distributionId == " + distribution + " }.id", Integer.class),
                    ids -> ids.size() == 1).get(0);
            RESIDENT_OF_ORDER.put(order, RESIDENT_OF_HOUSEHOLD.get(household));
            awaitStatus(order, "ASSIGNED");
        }
        await().atMost(FEW_SECONDS).untilAsserted(() -> as(worker, Stack.Service.DISPATCH)
                .get("/api/distributions/{id}", distribution).then()
                .body("orders", equalTo(3)).body("byStatus.ASSIGNED", equalTo(3)));
    }

    @Test
    void a_days_meal_plan_makes_the_canteens_orders_which_wait_for_their_window() {
        long compound = compound("Canteen Lane");
        long building = building(compound, "Building 7", "SEALED");
        String worker = gridWorker("Canteen Lane", building);
        volunteer(compound, List.of(building), 5);
        long household = household(building, "701");
        LocalDate tomorrow = LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(1);
        as(residentOf(household), Stack.Service.ORDER).body(Map.of("householdId", household,
                        "days", List.of(tomorrow.getDayOfWeek().name()),
                        "windowStart", "11:30", "windowEnd", "12:30",
                        "items", List.of(Map.of("name", "Lunch box", "quantity", 1))))
                .post("/api/meal-plans").then().statusCode(201);
        // Making the day's meal-plan orders is an admin's job (the canteen's daily run).
        as(Tokens.admin(), Stack.Service.ORDER).body(Map.of("date", tomorrow.toString()))
                .post("/api/meal-plans/generate").then().statusCode(200).body("created", equalTo(1));

        long meal = as(residentOf(household), Stack.Service.ORDER).queryParam("householdId", household)
                .get("/api/orders").then().statusCode(200)
                .body("$", hasSize(1)).body("[0].channel", equalTo("MEAL_PLAN"))
                .extract().jsonPath().getLong("[0].id");
        RESIDENT_OF_ORDER.put(meal, RESIDENT_OF_HOUSEHOLD.get(household));
        awaitStatus(meal, "QUEUED");
        await().during(Duration.ofSeconds(2)).atMost(FEW_SECONDS).untilAsserted(() ->
                as(ownerOf(meal), Stack.Service.ORDER).get("/api/orders/{id}", meal).then()
                        .body("status", equalTo("QUEUED")));
        as(worker, Stack.Service.DISPATCH).get("/api/buildings/{id}/queue", building).then().statusCode(200)
                .body("[0].orderId", equalTo((int) meal))
                .body("[0].deliverFrom", containsString(tomorrow.toString()));
    }
}
