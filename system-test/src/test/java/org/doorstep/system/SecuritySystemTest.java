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

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Who may see and do what (docs/security.md), across the three packaged services, with one order on its way: another
 * resident cannot see it, another volunteer cannot read or pick up its run, the grid worker of another grid cannot
 * change its building's status, and the run's volunteer sees the stop's room, contact and masked phone only while
 * they carry it.
 */
@Order(3)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecuritySystemTest {

    private static final Duration FEW_SECONDS = Duration.ofSeconds(30);
    private static final String ALICE = "guarded-alice";
    private static final String BOB = "guarded-bob";
    private static final String PROBLEM = "application/problem+json";

    private static Stack stack;

    private static long north;
    private static String northWorker;
    private static String southWorker;
    private static long carrier;
    private static long stranger;
    private static long household;
    private static long order;
    private static String code;
    private static long run;

    /**
     * An admin sets up a compound with two buildings, each in its own grid; one volunteer serves each building; Alice
     * lives in the north building and orders; the north building's volunteer gets the run.
     */
    @BeforeAll
    static void start() throws Exception {
        stack = Stack.shared();
        long compound = create(Tokens.admin(), Stack.Service.DISPATCH, "/api/compounds",
                Map.of("name", "Guarded Court")).getLong("id");
        north = create(Tokens.admin(), Stack.Service.DISPATCH, "/api/buildings", Map.of("compoundId", compound,
                "name", "North Building", "status", "SEALED")).getLong("id");
        long south = create(Tokens.admin(), Stack.Service.DISPATCH, "/api/buildings", Map.of("compoundId", compound,
                "name", "South Building", "status", "SEALED")).getLong("id");
        long northGrid = create(Tokens.admin(), Stack.Service.DISPATCH, "/api/grids",
                Map.of("name", "Guarded North", "buildingIds", List.of(north))).getLong("id");
        long southGrid = create(Tokens.admin(), Stack.Service.DISPATCH, "/api/grids",
                Map.of("name", "Guarded South", "buildingIds", List.of(south))).getLong("id");
        northWorker = Tokens.gridWorker("north-worker", northGrid);
        southWorker = Tokens.gridWorker("south-worker", southGrid);
        carrier = volunteer(compound, north);
        stranger = volunteer(compound, south);

        household = create(Tokens.resident(ALICE), Stack.Service.ORDER, "/api/households", Map.of("buildingId", north,
                "room", "1203", "contactName", "Wang Fang", "phone", "13912345678")).getLong("id");
        JsonPath placed = as(Tokens.resident(ALICE), Stack.Service.ORDER).body(Map.of("householdId", household,
                        "category", "FOOD", "items", List.of(Map.of("name", "Rice 5 kg", "quantity", 1))))
                .post("/api/orders").then().statusCode(201).extract().jsonPath();
        order = placed.getLong("id");
        code = placed.getString("handoffCode");
        assertNotNull(code, "the resident who placed the order is shown its handoff code");
        run = awaitOrderStatus("ASSIGNED").getLong("runId");
        as(Tokens.admin(), Stack.Service.DISPATCH).get("/api/runs/{id}", run).then().statusCode(200)
                .body("volunteerId", equalTo((int) carrier));
    }

    private static RequestSpecification as(String token, Stack.Service service) {
        return stack.as(service, token);
    }

    private static JsonPath create(String token, Stack.Service service, String path, Object body) {
        return stack.createWhenKnown(service, token, path, body);
    }

    /** Registered by an admin (approved at once), tested and on duty by their own hand. */
    private static long volunteer(long compound, long building) {
        long id = create(Tokens.admin(), Stack.Service.VOLUNTEER, "/api/volunteers", Map.of("name", "Volunteer",
                "phone", "13800138000", "compoundId", compound, "buildingIds", List.of(building), "capacity", 5))
                .getLong("id");
        as(Tokens.volunteer(id), Stack.Service.VOLUNTEER).body(Map.of("result", "NEGATIVE",
                        "takenAt", OffsetDateTime.now().minusHours(3).toString()))
                .post("/api/volunteers/{id}/tests", id).then().statusCode(200);
        as(Tokens.volunteer(id), Stack.Service.VOLUNTEER).body(Map.of("onDuty", true))
                .put("/api/volunteers/{id}/duty", id).then().statusCode(200);
        return id;
    }

    private static JsonPath awaitOrderStatus(String status) {
        return await().atMost(FEW_SECONDS).until(() -> as(Tokens.resident(ALICE), Stack.Service.ORDER)
                        .get("/api/orders/{id}", order).then().statusCode(200).extract().jsonPath(),
                o -> status.equals(o.getString("status")));
    }

    @Test
    @Order(1)
    void another_resident_is_told_the_order_does_not_exist_and_only_its_resident_sees_the_handoff_code() {
        as(Tokens.resident(BOB), Stack.Service.ORDER).get("/api/orders/{id}", order).then()
                .statusCode(404).contentType(PROBLEM);
        as(Tokens.resident(BOB), Stack.Service.ORDER).get("/api/households/{id}", household).then()
                .statusCode(404).contentType(PROBLEM);
        as(Tokens.resident(BOB), Stack.Service.ORDER).queryParam("householdId", household).get("/api/orders").then()
                .statusCode(404).contentType(PROBLEM);
        as(Tokens.resident(BOB), Stack.Service.ORDER).post("/api/orders/{id}/cancel", order).then()
                .statusCode(404).contentType(PROBLEM);

        as(Tokens.resident(ALICE), Stack.Service.ORDER).get("/api/orders/{id}", order).then().statusCode(200)
                .body("status", equalTo("ASSIGNED")).body("handoffCode", equalTo(code));
        as(Tokens.admin(), Stack.Service.ORDER).get("/api/orders/{id}", order).then().statusCode(200)
                .body("status", equalTo("ASSIGNED")).body("handoffCode", nullValue());
        // order-service learns the building's grid from dispatch-service's event, a moment after the grid is made.
        await().atMost(FEW_SECONDS).untilAsserted(() -> as(northWorker, Stack.Service.ORDER)
                .get("/api/orders/{id}", order).then().statusCode(200).body("handoffCode", nullValue()));
    }

    @Test
    @Order(2)
    void another_volunteer_may_not_read_or_pick_up_the_run_and_only_its_volunteer_picks_up() {
        as(Tokens.volunteer(stranger), Stack.Service.DISPATCH).get("/api/runs/{id}", run).then()
                .statusCode(403).contentType(PROBLEM);
        as(Tokens.volunteer(stranger), Stack.Service.DISPATCH).queryParam("volunteerId", carrier).get("/api/runs")
                .then().statusCode(403).contentType(PROBLEM);
        as(Tokens.volunteer(stranger), Stack.Service.DISPATCH).post("/api/runs/{id}/pickup", run).then()
                .statusCode(403).contentType(PROBLEM);
        // Pickup is the run's volunteer's word alone: not even an admin or the grid's worker says it for them.
        as(Tokens.admin(), Stack.Service.DISPATCH).post("/api/runs/{id}/pickup", run).then()
                .statusCode(403).contentType(PROBLEM);
        as(northWorker, Stack.Service.DISPATCH).post("/api/runs/{id}/pickup", run).then()
                .statusCode(403).contentType(PROBLEM);

        as(Tokens.volunteer(carrier), Stack.Service.DISPATCH).get("/api/runs/{id}", run).then().statusCode(200)
                .body("status", equalTo("ASSIGNED"));
    }

    @Test
    @Order(3)
    void the_grid_worker_of_another_grid_may_not_change_the_buildings_status_or_read_its_runs() {
        as(southWorker, Stack.Service.DISPATCH).body(Map.of("status", "OPEN", "reason", "not my building"))
                .put("/api/buildings/{id}/status", north).then().statusCode(403).contentType(PROBLEM);
        as(southWorker, Stack.Service.DISPATCH).get("/api/runs/{id}", run).then()
                .statusCode(403).contentType(PROBLEM);

        as(Tokens.admin(), Stack.Service.DISPATCH).get("/api/buildings/{id}", north).then().statusCode(200)
                .body("status", equalTo("SEALED"));
        as(northWorker, Stack.Service.DISPATCH).get("/api/runs/{id}", run).then().statusCode(200)
                .body("status", equalTo("ASSIGNED"));
        awaitOrderStatus("ASSIGNED");
    }

    @Test
    @Order(4)
    void the_volunteer_sees_the_stops_room_and_masked_phone_while_carrying_and_not_after() {
        String volunteer = Tokens.volunteer(carrier);
        as(volunteer, Stack.Service.DISPATCH).get("/api/runs/{id}", run).then().statusCode(200)
                .body("status", equalTo("ASSIGNED"))
                .body("orders[0].orderId", equalTo((int) order))
                .body("orders[0].room", equalTo("1203"))
                .body("orders[0].contactName", equalTo("Wang Fang"))
                .body("orders[0].phone", equalTo("*******5678"))
                .body("orders[0].handoffCode", nullValue());

        as(volunteer, Stack.Service.DISPATCH).post("/api/runs/{id}/pickup", run).then().statusCode(200)
                .body("status", equalTo("PICKED_UP"));
        as(volunteer, Stack.Service.DISPATCH).get("/api/runs/{id}", run).then().statusCode(200)
                .body("status", equalTo("PICKED_UP"))
                .body("orders[0].room", equalTo("1203"))
                .body("orders[0].contactName", equalTo("Wang Fang"))
                .body("orders[0].phone", equalTo("*******5678"));

        as(volunteer, Stack.Service.DISPATCH).body(Map.of("orderId", order, "code", code))
                .post("/api/runs/{id}/handoffs", run).then().statusCode(200)
                .body("status", equalTo("DONE"));
        as(volunteer, Stack.Service.DISPATCH).get("/api/runs/{id}", run).then().statusCode(200)
                .body("status", equalTo("DONE"))
                .body("orders[0].status", equalTo("DELIVERED"))
                .body("orders[0].room", nullValue())
                .body("orders[0].contactName", nullValue())
                .body("orders[0].phone", nullValue());
        awaitOrderStatus("DELIVERED");
    }
}
