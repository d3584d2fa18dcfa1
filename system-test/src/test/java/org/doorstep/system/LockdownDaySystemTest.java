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
 * day's meal plan.
 */
@org.junit.jupiter.api.Order(3)
class LockdownDaySystemTest {

    private static final Duration FEW_SECONDS = Duration.ofSeconds(30);
    private static Stack stack;

    @BeforeAll
    static void start() throws Exception {
        stack = Stack.shared();
    }

    private static RequestSpecification to(Stack.Service service) {
        return stack.to(service);
    }

    private static long create(Stack.Service service, String path, Object body) {
        return stack.createWhenKnown(service, path, body).getLong("id");
    }

    private static long compound(String name) {
        return create(Stack.Service.DISPATCH, "/api/compounds", Map.of("name", name));
    }

    private static long building(long compound, String name, String status) {
        return create(Stack.Service.DISPATCH, "/api/buildings", Map.of("compoundId", compound, "name", name,
                "status", status));
    }

    private static long household(long building, String room) {
        return create(Stack.Service.ORDER, "/api/households", Map.of("buildingId", building, "room", room,
                "contactName", "Resident " + room));
    }

    private static long volunteer(long compound, List<Long> buildings, int capacity) {
        long id = create(Stack.Service.VOLUNTEER, "/api/volunteers", Map.of("name", "Volunteer",
                "phone", "13800138000", "compoundId", compound, "buildingIds", buildings, "capacity", capacity));
        to(Stack.Service.VOLUNTEER).body(Map.of("result", "NEGATIVE", "takenAt",
                OffsetDateTime.now().minusHours(4).toString())).post("/api/volunteers/{id}/tests", id)
                .then().statusCode(200);
        to(Stack.Service.VOLUNTEER).body(Map.of("onDuty", true)).put("/api/volunteers/{id}/duty", id)
                .then().statusCode(200);
        return id;
    }

    private static long order(long household, String category, boolean urgent) {
        return to(Stack.Service.ORDER).body(Map.of("householdId", household, "category", category, "urgent", urgent,
                        "items", List.of(Map.of("name", category.toLowerCase(), "quantity", 1))))
                .post("/api/orders").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    private static JsonPath awaitStatus(long order, String status) {
        return await().atMost(FEW_SECONDS).until(() -> to(Stack.Service.ORDER).get("/api/orders/{id}", order)
                .then().statusCode(200).extract().jsonPath(), o -> status.equals(o.getString("status")));
    }

    private static void setStatus(long building, String status) {
        to(Stack.Service.DISPATCH).body(Map.of("status", status, "reason", "district notice"))
                .put("/api/buildings/{id}/status", building).then().statusCode(200);
    }

    @Test
    void a_status_change_mid_flow_re_plans_the_buildings_orders() {
        long compound = compound("Status Lane");
        long building = building(compound, "Building 1", "SEALED");
        volunteer(compound, List.of(building), 5);
        long order = order(household(building, "101"), "FOOD", false);
        awaitStatus(order, "ASSIGNED");

        setStatus(building, "OPEN");
        JsonPath selfCollection = awaitStatus(order, "SELF_COLLECTION");
        org.junit.jupiter.api.Assertions.assertNull(selfCollection.get("runId"));
        setStatus(building, "SEALED");
        awaitStatus(order, "ASSIGNED");
    }

    @Test
    void urgent_medicine_overtakes_a_queue() {
        long compound = compound("Queue Lane");
        long building = building(compound, "Building 2", "SEALED");
        long household = household(building, "202");
        long food = order(household, "FOOD", false);
        long medicine = order(household, "MEDICINE", true);
        awaitStatus(medicine, "QUEUED");
        awaitStatus(food, "QUEUED");
        to(Stack.Service.DISPATCH).get("/api/buildings/{id}/queue", building).then()
                .body("orderId", contains((int) medicine, (int) food));

        volunteer(compound, List.of(building), 1);
        awaitStatus(medicine, "ASSIGNED");
        to(Stack.Service.ORDER).get("/api/orders/{id}", food).then().body("status", equalTo("QUEUED"));
    }

    @Test
    void a_failed_handoff_goes_back_to_the_queue_once() {
        long compound = compound("Failed Lane");
        long building = building(compound, "Building 3", "SEALED");
        volunteer(compound, List.of(building), 5);
        long order = order(household(building, "303"), "FOOD", false);
        long run = awaitStatus(order, "ASSIGNED").getLong("runId");
        to(Stack.Service.DISPATCH).post("/api/runs/{id}/pickup", run).then().statusCode(200);
        to(Stack.Service.DISPATCH).body(Map.of("orderId", order, "failed", true, "reason", "nobody answered"))
                .post("/api/runs/{id}/handoffs", run).then().statusCode(200);

        JsonPath again = await().atMost(FEW_SECONDS).until(() -> to(Stack.Service.ORDER)
                .get("/api/orders/{id}", order).then().extract().jsonPath(),
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
        long sick = volunteer(compound, List.of(building), 5);
        long household = household(building, "404");
        long carried = order(household, "FOOD", false);
        long carriedRun = awaitStatus(carried, "ASSIGNED").getLong("runId");
        to(Stack.Service.DISPATCH).post("/api/runs/{id}/pickup", carriedRun).then().statusCode(200);
        long waiting = order(household, "FOOD", false);
        awaitStatus(waiting, "ASSIGNED");

        to(Stack.Service.VOLUNTEER).body(Map.of("result", "POSITIVE", "takenAt", OffsetDateTime.now().toString()))
                .post("/api/volunteers/{id}/tests", sick).then().statusCode(200);
        awaitStatus(waiting, "QUEUED");
        to(Stack.Service.ORDER).get("/api/orders/{id}", carried).then().body("status", equalTo("OUT_FOR_DELIVERY"));

        long healthy = volunteer(compound, List.of(building), 5);
        long run = awaitStatus(waiting, "ASSIGNED").getLong("runId");
        to(Stack.Service.DISPATCH).get("/api/runs/{id}", run).then().body("volunteerId", equalTo((int) healthy));
    }

    @Test
    void a_bulk_drop_reaches_every_household_of_two_buildings() {
        long compound = compound("Vegetable Lane");
        long b1 = building(compound, "Building 5", "SEALED");
        long b2 = building(compound, "Building 6", "CONTROLLED");
        volunteer(compound, List.of(b1, b2), 10);
        List<Long> households = List.of(household(b1, "501"), household(b1, "502"), household(b2, "601"));
        long distribution = to(Stack.Service.DISPATCH).body(Map.of("name", "Vegetable pack 5 kg",
                        "buildingIds", List.of(b1, b2),
                        "items", List.of(Map.of("name", "Vegetable pack", "quantity", 1))))
                .post("/api/distributions").then().statusCode(201).extract().jsonPath().getLong("id");

        for (long household : households) {
            long order = await().atMost(FEW_SECONDS).until(() -> to(Stack.Service.ORDER)
                    .queryParam("householdId", household).get("/api/orders").then().extract().jsonPath()
                    .getList("findAll { it.distributionId == " + distribution + " }.id", Integer.class),
                    ids -> ids.size() == 1).get(0);
            awaitStatus(order, "ASSIGNED");
        }
        await().atMost(FEW_SECONDS).untilAsserted(() -> to(Stack.Service.DISPATCH)
                .get("/api/distributions/{id}", distribution).then()
                .body("orders", equalTo(3)).body("byStatus.ASSIGNED", equalTo(3)));
    }

    @Test
    void a_days_meal_plan_makes_the_canteens_orders_which_wait_for_their_window() {
        long compound = compound("Canteen Lane");
        long building = building(compound, "Building 7", "SEALED");
        volunteer(compound, List.of(building), 5);
        long household = household(building, "701");
        LocalDate tomorrow = LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(1);
        to(Stack.Service.ORDER).body(Map.of("householdId", household, "days", List.of(tomorrow.getDayOfWeek().name()),
                        "windowStart", "11:30", "windowEnd", "12:30",
                        "items", List.of(Map.of("name", "Lunch box", "quantity", 1))))
                .post("/api/meal-plans").then().statusCode(201);
        to(Stack.Service.ORDER).body(Map.of("date", tomorrow.toString())).post("/api/meal-plans/generate")
                .then().statusCode(200).body("created", equalTo(1));

        long meal = to(Stack.Service.ORDER).queryParam("householdId", household).get("/api/orders").then()
                .body("$", hasSize(1)).body("[0].channel", equalTo("MEAL_PLAN"))
                .extract().jsonPath().getLong("[0].id");
        awaitStatus(meal, "QUEUED");
        await().during(Duration.ofSeconds(2)).atMost(FEW_SECONDS).untilAsserted(() ->
                to(Stack.Service.ORDER).get("/api/orders/{id}", meal).then().body("status", equalTo("QUEUED")));
        to(Stack.Service.DISPATCH).get("/api/buildings/{id}/queue", building).then()
                .body("[0].orderId", equalTo((int) meal))
                .body("[0].deliverFrom", containsString(tomorrow.toString()));
    }
}
