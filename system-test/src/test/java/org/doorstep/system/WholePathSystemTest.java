package org.doorstep.system;

import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The whole path of issue "The whole path, for real", over HTTP only, as the front ends use it, each call by whoever
 * makes it (docs/security.md): an admin sets up a compound and its grid, volunteers are registered, a resident orders
 * medicine, dispatch assigns the one eligible volunteer, the volunteer picks up and hands off with the resident's code,
 * and the resident sees it delivered.
 */
@org.junit.jupiter.api.Order(2)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WholePathSystemTest {

    private static final Duration FEW_SECONDS = Duration.ofSeconds(30);
    private static Stack stack;

    /** The resident of the household in the sealed building, and their neighbour in the open one. */
    private static final String CHEN = "chen-jie";
    private static final String ZHAO = "zhao-min";

    private static long compound;
    private static long sealed;
    private static long open;
    private static long grid;
    private static long volunteer;
    private static long household;

    @BeforeAll
    static void start() throws Exception {
        stack = Stack.shared();
    }

    /** A request signed in with the token (see {@link Tokens}). */
    private static RequestSpecification as(String token, Stack.Service service) {
        return stack.as(service, token);
    }

    private static JsonPath createWhenKnown(String token, Stack.Service service, String path, Object body) {
        return stack.createWhenKnown(service, token, path, body);
    }

    /** The grid worker of the compound's grid. */
    private static String gridWorker() {
        return Tokens.gridWorker("wang-li", grid);
    }

    /** By an admin: approved at once. */
    private static long registerVolunteer(String name, long compoundId, long buildingId, int capacity) {
        return createWhenKnown(Tokens.admin(), Stack.Service.VOLUNTEER, "/api/volunteers", Map.of("name", name,
                "phone", "13800138000", "compoundId", compoundId, "buildingIds", List.of(buildingId),
                "capacity", capacity)).getLong("id");
    }

    /** The volunteer reports their own test. */
    private static void negativeTest(long volunteerId, int hoursAgo) {
        as(Tokens.volunteer(volunteerId), Stack.Service.VOLUNTEER).body(Map.of("result", "NEGATIVE",
                        "takenAt", OffsetDateTime.now().minusHours(hoursAgo).toString()))
                .post("/api/volunteers/{id}/tests", volunteerId).then().statusCode(200);
    }

    private static void onDuty(long volunteerId) {
        as(Tokens.volunteer(volunteerId), Stack.Service.VOLUNTEER).body(Map.of("onDuty", true))
                .put("/api/volunteers/{id}/duty", volunteerId).then().statusCode(200);
    }

    /** Chen Jie orders, in the app, for their household. */
    private static JsonPath placeMedicine(long householdId) {
        return as(Tokens.resident(CHEN), Stack.Service.ORDER).body(Map.of("householdId", householdId,
                        "category", "MEDICINE", "items", List.of(Map.of("name", "Cetirizine syrup", "quantity", 1)),
                        "urgent", true))
                .post("/api/orders").then().statusCode(201).body("status", equalTo("PLACED"))
                .extract().jsonPath();
    }

    /** As the resident whose order it is. */
    private static JsonPath awaitOrderStatus(String resident, long orderId, String status) {
        return await().atMost(FEW_SECONDS).until(() -> as(Tokens.resident(resident), Stack.Service.ORDER)
                .get("/api/orders/{id}", orderId).then().statusCode(200).extract().jsonPath(),
                order -> status.equals(order.getString("status")));
    }

    @Test
    @Order(1)
    void an_admin_creates_a_compound_with_a_sealed_and_an_open_building_and_their_grid() {
        compound = as(Tokens.admin(), Stack.Service.DISPATCH).body(Map.of("name", "Jinqiao Garden"))
                .post("/api/compounds").then().statusCode(201).extract().jsonPath().getLong("id");
        sealed = as(Tokens.admin(), Stack.Service.DISPATCH).body(Map.of("compoundId", compound, "name", "Building 3",
                "status", "SEALED")).post("/api/buildings").then().statusCode(201)
                .body("status", equalTo("SEALED")).extract().jsonPath().getLong("id");
        open = as(Tokens.admin(), Stack.Service.DISPATCH).body(Map.of("compoundId", compound, "name", "Building 8",
                "status", "OPEN")).post("/api/buildings").then().statusCode(201).extract().jsonPath().getLong("id");
        grid = as(Tokens.admin(), Stack.Service.DISPATCH).body(Map.of("name", "Jinqiao",
                "buildingIds", List.of(sealed, open))).post("/api/grids").then().statusCode(201)
                .extract().jsonPath().getLong("id");
        as(gridWorker(), Stack.Service.DISPATCH).get("/api/buildings/{id}", sealed).then().statusCode(200)
                .body("statusSince", notNullValue());
    }


    @Test
    @Order(2)
    void volunteers_register_and_only_the_vetted_tested_on_duty_one_is_eligible() {
        volunteer = registerVolunteer("Li Ming", compound, sealed, 2);
        negativeTest(volunteer, 6);
        onDuty(volunteer);
        as(Tokens.volunteer(volunteer), Stack.Service.VOLUNTEER).get("/api/volunteers/{id}", volunteer).then()
                .body("eligible", is(true)).body("onDuty", is(true));

        long offDuty = registerVolunteer("Off Duty", compound, sealed, 10);
        negativeTest(offDuty, 2);
        long staleTest = registerVolunteer("Stale Test", compound, sealed, 10);
        negativeTest(staleTest, 50);
        onDuty(staleTest);
        long otherCompound = as(Tokens.admin(), Stack.Service.DISPATCH).body(Map.of("name", "Across the road"))
                .post("/api/compounds").then().statusCode(201).extract().jsonPath().getLong("id");
        long otherBuilding = as(Tokens.admin(), Stack.Service.DISPATCH).body(Map.of("compoundId", otherCompound,
                "name", "Block A", "status", "SEALED")).post("/api/buildings").then().statusCode(201)
                .extract().jsonPath().getLong("id");
        long elsewhere = registerVolunteer("Elsewhere", otherCompound, otherBuilding, 10);
        negativeTest(elsewhere, 2);
        onDuty(elsewhere);

        as(Tokens.volunteer(offDuty), Stack.Service.VOLUNTEER).get("/api/volunteers/{id}", offDuty).then()
                .body("eligible", is(false)).body("ineligibleReasons", contains("OFF_DUTY"));
        as(Tokens.volunteer(staleTest), Stack.Service.VOLUNTEER).get("/api/volunteers/{id}", staleTest).then()
                .body("eligible", is(false)).body("ineligibleReasons", contains("TEST_TOO_OLD"));
        // A volunteer may only serve buildings of their own compound.
        as(Tokens.admin(), Stack.Service.VOLUNTEER).body(Map.of("name", "Wrong Gate", "phone", "13800138000",
                        "compoundId", otherCompound, "buildingIds", List.of(sealed), "capacity", 3))
                .post("/api/volunteers").then().statusCode(422);
    }

    @Test
    @Order(3)
    void a_medicine_order_reaches_the_eligible_volunteer_and_the_resident_sees_it_assigned() {
        household = createWhenKnown(Tokens.resident(CHEN), Stack.Service.ORDER, "/api/households", Map.of(
                "buildingId", sealed,
                "room", "602", "contactName", "Chen Jie", "phone", "13912345678",
                "vulnerabilities", List.of("CHILD_IN_DIFFICULTY"))).getLong("id");
        JsonPath placed = placeMedicine(household);
        long orderId = placed.getLong("id");
        String code = placed.getString("handoffCode");

        JsonPath assigned = awaitOrderStatus(CHEN, orderId, "ASSIGNED");
        long runId = assigned.getLong("runId");
        assertEquals(List.of("PLACED", "QUEUED", "ASSIGNED"), assigned.getList("history.status"));

        as(gridWorker(), Stack.Service.DISPATCH).get("/api/runs/{id}", runId).then().statusCode(200)
                .body("volunteerId", equalTo((int) volunteer))
                .body("buildingId", equalTo((int) sealed))
                .body("status", equalTo("ASSIGNED"))
                .body("orders.orderId", contains((int) orderId));
        as(Tokens.volunteer(volunteer), Stack.Service.DISPATCH).queryParam("volunteerId", volunteer)
                .get("/api/runs").then().statusCode(200)
                .body("id", hasItem((int) runId));

        // The volunteer picks up; a wrong code is refused and changes nothing; the right one delivers.
        as(Tokens.volunteer(volunteer), Stack.Service.DISPATCH).post("/api/runs/{id}/pickup", runId).then()
                .statusCode(200).body("status", equalTo("PICKED_UP"));
        awaitOrderStatus(CHEN, orderId, "OUT_FOR_DELIVERY");
        String wrong = code.equals("000000") ? "111111" : "000000";
        as(Tokens.volunteer(volunteer), Stack.Service.DISPATCH).body(Map.of("orderId", orderId, "code", wrong))
                .post("/api/runs/{id}/handoffs", runId).then()
                .statusCode(422).contentType("application/problem+json");
        as(Tokens.volunteer(volunteer), Stack.Service.DISPATCH).get("/api/runs/{id}", runId).then()
                .body("orders[0].status", equalTo("PICKED_UP"));
        as(Tokens.resident(CHEN), Stack.Service.ORDER).get("/api/orders/{id}", orderId).then()
                .body("status", equalTo("OUT_FOR_DELIVERY"));

        as(Tokens.volunteer(volunteer), Stack.Service.DISPATCH).body(Map.of("orderId", orderId, "code", code))
                .post("/api/runs/{id}/handoffs", runId).then().statusCode(200)
                .body("status", equalTo("DONE"))
                .body("orders[0].status", equalTo("DELIVERED"));
        JsonPath delivered = awaitOrderStatus(CHEN, orderId, "DELIVERED");
        assertEquals(List.of("PLACED", "QUEUED", "ASSIGNED", "OUT_FOR_DELIVERY", "DELIVERED"),
                delivered.getList("history.status"));

        await().atMost(FEW_SECONDS).untilAsserted(() -> as(Tokens.volunteer(volunteer), Stack.Service.VOLUNTEER)
                .get("/api/volunteers/{id}", volunteer).then()
                .body("record.runsCompleted", equalTo(1))
                .body("record.handoffsDelivered", equalTo(1)));
    }

    @Test
    @Order(4)
    void ineligible_volunteers_are_never_chosen_even_when_the_eligible_one_is_full() {
        // Li Ming carries two at most; the third order waits rather than going to anyone ineligible.
        long first = placeMedicine(household).getLong("id");
        long second = placeMedicine(household).getLong("id");
        long third = placeMedicine(household).getLong("id");
        long run = awaitOrderStatus(CHEN, first, "ASSIGNED").getLong("runId");
        assertEquals(run, awaitOrderStatus(CHEN, second, "ASSIGNED").getLong("runId"));
        await().during(Duration.ofSeconds(2)).atMost(FEW_SECONDS).untilAsserted(() ->
                as(Tokens.resident(CHEN), Stack.Service.ORDER).get("/api/orders/{id}", third).then()
                        .body("status", equalTo("QUEUED")));
        as(Tokens.volunteer(volunteer), Stack.Service.DISPATCH).get("/api/runs/{id}", run).then()
                .body("volunteerId", equalTo((int) volunteer))
                .body("orders.orderId", containsInAnyOrder((int) first, (int) second));
    }

    @Test
    @Order(5)
    void the_resident_cancels_before_pickup_and_gets_409_after() {
        JsonPath runs = as(Tokens.volunteer(volunteer), Stack.Service.DISPATCH).queryParam("volunteerId", volunteer)
                .get("/api/runs").then().statusCode(200).extract().jsonPath();
        long openRun = runs.getLong("find { it.status == 'ASSIGNED' }.id");
        long toCancel = runs.getLong("find { it.status == 'ASSIGNED' }.orders[0].orderId");
        long toKeep = runs.getLong("find { it.status == 'ASSIGNED' }.orders[1].orderId");

        as(Tokens.resident(CHEN), Stack.Service.ORDER).post("/api/orders/{id}/cancel", toCancel).then()
                .statusCode(200).body("status", equalTo("CANCELLED"));
        await().atMost(FEW_SECONDS).untilAsserted(() -> as(Tokens.volunteer(volunteer), Stack.Service.DISPATCH)
                .get("/api/runs/{id}", openRun)
                .then().body("orders.find { it.orderId == " + toCancel + " }.status", equalTo("REMOVED")));

        as(Tokens.volunteer(volunteer), Stack.Service.DISPATCH).post("/api/runs/{id}/pickup", openRun).then()
                .statusCode(200);
        awaitOrderStatus(CHEN, toKeep, "OUT_FOR_DELIVERY");
        as(Tokens.resident(CHEN), Stack.Service.ORDER).post("/api/orders/{id}/cancel", toKeep).then()
                .statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("picked it up"));
        as(Tokens.resident(CHEN), Stack.Service.ORDER).get("/api/orders/{id}", toCancel).then()
                .body("status", equalTo("CANCELLED"))
                .body("history.status", not(hasItem("OUT_FOR_DELIVERY")));
    }

    @Test
    @Order(6)
    void an_order_for_an_open_building_is_not_dispatched_but_left_for_self_collection() {
        long neighbour = createWhenKnown(Tokens.resident(ZHAO), Stack.Service.ORDER, "/api/households", Map.of(
                "buildingId", open, "room", "201", "contactName", "Zhao Min")).getLong("id");
        long orderId = as(Tokens.resident(ZHAO), Stack.Service.ORDER).body(Map.of("householdId", neighbour,
                        "category", "FOOD", "items", List.of(Map.of("name", "Vegetable pack", "quantity", 1))))
                .post("/api/orders").then().statusCode(201).extract().jsonPath().getLong("id");
        JsonPath order = awaitOrderStatus(ZHAO, orderId, "SELF_COLLECTION");
        org.junit.jupiter.api.Assertions.assertNull(order.get("runId"));
        as(gridWorker(), Stack.Service.DISPATCH).queryParam("buildingId", open).get("/api/runs").then()
                .statusCode(200).body("size()", is(0));
    }

    @Test
    @Order(7)
    void every_service_is_healthy_and_documents_its_api() {
        for (Stack.Service service : Stack.Service.values()) {
            given().baseUri(stack.url(service)).get("/q/health/ready").then().statusCode(200)
                    .body("status", equalTo("UP"))
                    .body("checks.name", hasItem(containsString("Kafka")))
                    .body("checks.name", hasItem(containsString("Database")));
            given().baseUri(stack.url(service)).get("/q/openapi").then().statusCode(200)
                    .body(containsString("/api/"));
            given().baseUri(stack.url(service)).get("/q/swagger-ui/").then().statusCode(200);
        }
    }
}
