package org.doorstep.dispatch.grids;

import org.doorstep.testkit.As;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.doorstep.common.contracts.DispatchStatus;
import org.doorstep.common.contracts.DistributionStarted;
import org.doorstep.common.contracts.OrderCategory;
import org.doorstep.common.contracts.TestResult;
import org.doorstep.common.contracts.Vulnerability;
import org.doorstep.common.events.Topic;
import org.doorstep.dispatch.Fixture;
import org.doorstep.dispatch.WithFixture;
import org.doorstep.testkit.DoorstepTestServers;
import org.doorstep.testkit.EventProbe;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.doorstep.testkit.OpenApiValidation.invalidOnPurpose;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** What grid workers and volunteers actually needed in the lockdowns (issue 3), over dispatch-service's API. */
@QuarkusTest
@WithTestResource(value = DoorstepTestServers.class, scope = TestResourceScope.GLOBAL)
class GridWorkTest extends WithFixture {

    private static void changeStatus(long building, String status) {
        As.admin().contentType(ContentType.JSON).body(Map.of("status", status, "reason", "test"))
                .put("/api/buildings/{id}/status", building).then().statusCode(200);
    }

    private static long grid(String name, long building) {
        return As.admin().contentType(ContentType.JSON).body(Map.of("name", name, "buildingIds", List.of(building)))
                .post("/api/grids").then().statusCode(201).body("buildingIds", contains((int) building))
                .extract().jsonPath().getLong("id");
    }

    @Test
    void a_building_that_opens_turns_pending_orders_into_self_collection_and_sealing_it_again_dispatches_them() {
        long compound = fixture.compound("Status Flow Garden");
        long building = fixture.building(compound, "Building 1", "SEALED");
        fixture.eligibleVolunteer(compound, List.of(building), 5);
        long waiting = fixture.order(building, OrderCategory.FOOD, false, List.of(), "100001");
        long runId = fixture.awaitRunOfOrder(building, waiting).getLong("id");

        // Picked up before the change: nothing picked up is lost by it.
        Fixture.carrier(runId).post("/api/runs/{id}/pickup", runId).then().statusCode(200);
        long later = fixture.order(building, OrderCategory.FOOD, false, List.of(), "100003");
        long laterRun = fixture.awaitRunOfOrder(building, later).getLong("id");

        changeStatus(building, "OPEN");
        fixture.awaitProgress(later, DispatchStatus.SELF_COLLECTION);
        As.admin().get("/api/runs/{id}", laterRun).then().body("status", equalTo("DONE"))
                .body("orders[0].status", equalTo("REMOVED"));
        As.admin().get("/api/runs/{id}", runId).then().body("status", equalTo("PICKED_UP"))
                .body("orders.status", contains("PICKED_UP"));

        changeStatus(building, "SEALED");
        fixture.awaitProgress(later, DispatchStatus.QUEUED);
        assertNotNull(fixture.awaitRunOfOrder(building, later));
    }

    @Test
    void precaution_delivers_to_the_door_only_for_vulnerable_households() {
        long compound = fixture.compound("Precaution Court");
        long building = fixture.building(compound, "Building 2", "PRECAUTION");
        fixture.eligibleVolunteer(compound, List.of(building), 5);
        long elderly = fixture.order(building, OrderCategory.FOOD, false, List.of(Vulnerability.ELDERLY_ALONE), "1");
        long ordinary = fixture.order(building, OrderCategory.FOOD, false, List.of(), "2");
        fixture.awaitProgress(ordinary, DispatchStatus.SELF_COLLECTION);
        assertNotNull(fixture.awaitRunOfOrder(building, elderly));
    }

    @Test
    void urgent_medicine_overtakes_the_queue() {
        long compound = fixture.compound("Queue Court");
        long building = fixture.building(compound, "Building 3", "SEALED");
        long grid = grid("Grid 7", building);
        long food1 = fixture.order(building, OrderCategory.FOOD, false, List.of(), "1");
        long food2 = fixture.order(building, OrderCategory.FOOD, false, List.of(), "2");
        long vulnerable = fixture.order(building, OrderCategory.FOOD, false, List.of(Vulnerability.DISABLED), "3");
        long medicine = fixture.order(building, OrderCategory.MEDICINE, true, List.of(), "4");
        fixture.awaitProgress(medicine, DispatchStatus.QUEUED);

        As.admin().get("/api/grids/{id}/queue", grid).then().statusCode(200)
                .body("orderId", contains((int) medicine, (int) vulnerable, (int) food1, (int) food2))
                .body("[0].waitingSeconds", greaterThanOrEqualTo(0))
                .body("[0].target", notNullValue());
        As.admin().get("/api/grids/{id}/board", grid).then()
                .body("[0].queued", equalTo(4)).body("[0].urgent", equalTo(1))
                .body("[0].coverageGap", is(true));
        As.admin().get("/api/grids/{id}/alerts", grid).then()
                .body("type", hasItem("COVERAGE_GAP"))
                .body("[0].detail", containsString("no volunteer may carry"));

        // One volunteer with room for one parcel: the urgent medicine goes first.
        long volunteer = fixture.eligibleVolunteer(compound, List.of(building), 1);
        JsonPath run = fixture.awaitRunOfOrder(building, medicine);
        assertEquals(volunteer, run.getLong("volunteerId"));
        assertEquals(List.of((int) medicine), run.getList("orders.orderId"));
        As.admin().get("/api/grids/{id}/alerts", grid).then().body("type", not(hasItem("COVERAGE_GAP")));
    }

    @Test
    void a_failed_handoff_is_tried_again_once_then_goes_to_the_grid_worker() {
        long compound = fixture.compound("Failed Door Lane");
        long building = fixture.building(compound, "Building 4", "SEALED");
        long grid = grid("Grid 8", building);
        fixture.eligibleVolunteer(compound, List.of(building), 5);
        long order = fixture.order(building, OrderCategory.FOOD, false, List.of(), "555555");

        long first = fixture.awaitRunOfOrder(building, order).getLong("id");
        Fixture.carrier(first).post("/api/runs/{id}/pickup", first).then().statusCode(200);
        Fixture.carrier(first).contentType(ContentType.JSON).body(Map.of("orderId", order, "failed", true, "reason", "nobody answered"))
                .post("/api/runs/{id}/handoffs", first).then().statusCode(200)
                .body("status", equalTo("DONE"))
                .body("orders[0].status", equalTo("FAILED"))
                .body("orders[0].reason", equalTo("nobody answered"));
        fixture.awaitProgress(order, DispatchStatus.QUEUED);

        long second = await().atMost(Duration.ofSeconds(20)).until(
                () -> fixture.awaitRunOfOrder(building, order).getLong("id"), id -> id != first);
        assertNotEquals(first, second);
        Fixture.carrier(second).post("/api/runs/{id}/pickup", second).then().statusCode(200);
        Fixture.carrier(second).contentType(ContentType.JSON).body(Map.of("orderId", order, "failed", true, "reason", "refused"))
                .post("/api/runs/{id}/handoffs", second).then().statusCode(200);
        assertEquals("handoff failed twice (refused); the grid worker takes over",
                fixture.awaitProgress(order, DispatchStatus.FAILED).reason());
        As.gridWorker("w8", grid).get("/api/grids/{id}/alerts", grid).then().statusCode(200)
                .body("find { it.type == 'HANDOFF_FAILED' }.orderId", equalTo((int) order))
                .body("find { it.type == 'HANDOFF_FAILED' }.buildingId", equalTo((int) building))
                .body("find { it.type == 'HANDOFF_FAILED' }.detail", containsString("refused"));
    }

    /** Picks up the order's run and fails its handoff twice: it ends FAILED, with the grid worker. */
    private static void failTwice(long building, long order) {
        for (String reason : List.of("nobody answered", "refused")) {
            // Its run (a failed stop is no longer the order's), picked up unless it already is.
            JsonPath current = fixture.awaitRunOfOrder(building, order);
            long run = current.getLong("id");
            if ("ASSIGNED".equals(current.getString("status"))) {
                Fixture.carrier(run).post("/api/runs/{id}/pickup", run).then().statusCode(200);
            }
            Fixture.carrier(run).contentType(ContentType.JSON)
                    .body(Map.of("orderId", order, "failed", true, "reason", reason))
                    .post("/api/runs/{id}/handoffs", run).then().statusCode(200);
            fixture.awaitProgress(order, reason.equals("refused") ? DispatchStatus.FAILED : DispatchStatus.QUEUED);
        }
    }

    @Test
    void a_volunteer_who_turns_positive_gives_back_unstarted_runs_but_finishes_what_they_carry() {
        long compound = fixture.compound("Positive Court");
        long building = fixture.building(compound, "Building 5", "SEALED");
        long sick = fixture.eligibleVolunteer(compound, List.of(building), 1);
        long carried = fixture.order(building, OrderCategory.FOOD, false, List.of(), "1");
        long carriedRun = fixture.awaitRunOfOrder(building, carried).getLong("id");
        Fixture.carrier(carriedRun).post("/api/runs/{id}/pickup", carriedRun).then().statusCode(200);
        // More room: a second, unstarted run for the same volunteer.
        fixture.volunteer(sick, compound, List.of(building), 2, true, TestResult.NEGATIVE, 6);
        long waiting = fixture.order(building, OrderCategory.FOOD, false, List.of(), "2");
        long waitingRun = fixture.awaitRunOfOrder(building, waiting).getLong("id");
        assertEquals(sick, fixture.runOfOrder(building, waiting).getLong("volunteerId"));

        fixture.volunteer(sick, compound, List.of(building), 2, false, TestResult.POSITIVE, 0);
        fixture.awaitProgress(waiting, DispatchStatus.QUEUED);
        As.admin().get("/api/runs/{id}", waitingRun).then().body("status", equalTo("DONE"))
                .body("orders[0].status", equalTo("REMOVED"));
        As.admin().get("/api/runs/{id}", carriedRun).then().body("status", equalTo("PICKED_UP"));

        long healthy = fixture.eligibleVolunteer(compound, List.of(building), 3);
        assertEquals(healthy, fixture.awaitRunOfOrder(building, waiting).getLong("volunteerId"));
    }

    @Test
    void a_grid_worker_makes_a_run_by_hand_takes_it_back_and_overrides_a_rule_only_with_a_reason() {
        long compound = fixture.compound("Manual Court");
        long building = fixture.building(compound, "Building 6", "CONTROLLED");
        long offDuty = fixture.volunteer(Fixture.nextId(), compound, List.of(building), 3, false, TestResult.NEGATIVE, 2);
        long order = fixture.order(building, OrderCategory.FOOD, false, List.of(), "1");
        fixture.awaitProgress(order, DispatchStatus.QUEUED);

        Map<String, Object> run = Map.of("buildingId", building, "orderIds", List.of(order), "volunteerId", offDuty);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> As.admin().contentType(ContentType.JSON).body(run)
                .post("/api/runs").then().statusCode(409).body("detail", containsString("OFF_DUTY")));
        long runId = As.admin().contentType(ContentType.JSON)
                .body(Map.of("buildingId", building, "orderIds", List.of(order), "volunteerId", offDuty,
                        "override", "on call tonight, confirmed by phone"))
                .post("/api/runs").then().statusCode(201)
                .body("overrideReason", containsString("OFF_DUTY"))
                .body("overrideReason", containsString("on call tonight"))
                .extract().jsonPath().getLong("id");
        fixture.awaitProgress(order, DispatchStatus.ASSIGNED);
        As.admin().contentType(ContentType.JSON).body(run).post("/api/runs").then().statusCode(409)
                .body("detail", containsString("only queued orders"));

        As.admin().post("/api/runs/{id}/unassign", runId).then().statusCode(200).body("status", equalTo("DONE"));
        fixture.awaitProgress(order, DispatchStatus.QUEUED);
    }

    @Test
    void a_meal_waits_for_its_window_while_other_orders_go_at_once() {
        long compound = fixture.compound("Canteen Court");
        long building = fixture.building(compound, "Building 7", "SEALED");
        fixture.eligibleVolunteer(compound, List.of(building), 5);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        long dinner = fixture.meal(building, now.plusHours(5), now.plusHours(6), "1");
        long lunch = fixture.meal(building, now.plusMinutes(10), now.plusMinutes(70), "2");
        long food = fixture.order(building, OrderCategory.FOOD, false, List.of(), "3");
        assertNotNull(fixture.awaitRunOfOrder(building, food));
        assertNotNull(fixture.awaitRunOfOrder(building, lunch));
        As.admin().get("/api/buildings/{id}/queue", building).then()
                .body("orderId", contains((int) dinner))
                .body("[0].deliverFrom", notNullValue());
    }

    @Test
    void a_meal_is_dispatched_by_itself_when_its_window_comes_near() {
        long compound = fixture.compound("Clock Court");
        long building = fixture.building(compound, "Building 10", "SEALED");
        fixture.eligibleVolunteer(compound, List.of(building), 5);
        OffsetDateTime soon = OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(30).plusSeconds(4);
        long meal = fixture.meal(building, soon, soon.plusHours(1), "1");
        fixture.awaitProgress(meal, DispatchStatus.QUEUED);
        // No event moves it: the clock does.
        assertNotNull(fixture.awaitRunOfOrder(building, meal));
    }

    @Test
    void a_delivery_frees_the_volunteer_for_the_next_order_at_once() {
        long compound = fixture.compound("Capacity Court");
        long building = fixture.building(compound, "Building 11", "SEALED");
        fixture.eligibleVolunteer(compound, List.of(building), 1);
        long first = fixture.order(building, OrderCategory.FOOD, false, List.of(), "111111");
        long second = fixture.order(building, OrderCategory.FOOD, false, List.of(), "222222");
        long run = fixture.awaitRunOfOrder(building, first).getLong("id");
        fixture.awaitProgress(second, DispatchStatus.QUEUED);
        Fixture.carrier(run).post("/api/runs/{id}/pickup", run).then().statusCode(200);
        Fixture.carrier(run).contentType(ContentType.JSON).body(Map.of("orderId", first, "code", "111111"))
                .post("/api/runs/{id}/handoffs", run).then().statusCode(200);
        assertNotNull(fixture.awaitRunOfOrder(building, second));
    }

    @Test
    void a_bulk_distribution_goes_to_every_household_of_its_buildings_and_is_tracked() {
        long compound = fixture.compound("Vegetable Estate");
        long b1 = fixture.building(compound, "Building 1", "SEALED");
        long b2 = fixture.building(compound, "Building 2", "CONTROLLED");
        long id = As.admin().contentType(ContentType.JSON).body(Map.of("name", "Vegetable pack 5 kg",
                        "buildingIds", List.of(b1, b2), "items", List.of(Map.of("name", "Vegetable pack", "quantity", 1))))
                .post("/api/distributions").then().statusCode(201)
                .body("buildingIds", contains((int) b1, (int) b2))
                .body("orders", equalTo(0))
                .extract().jsonPath().getLong("id");
        for (long building : List.of(b1, b2)) {
            var event = fixture.events.await(Topic.DISPATCH, e -> DistributionStarted.TYPE.equals(e.type())
                    && EventProbe.payload(e, DistributionStarted.class).distributionId() == id
                    && EventProbe.payload(e, DistributionStarted.class).buildingId() == building, Duration.ofSeconds(20));
            assertNotNull(event, "DistributionStarted for building " + building);
            assertEquals("Vegetable pack", EventProbe.payload(event, DistributionStarted.class).items().get(0).name());
        }

        // order-service makes one order per household; the grid worker follows them on the distribution.
        long grid = As.admin().contentType(ContentType.JSON).body(Map.of("name", "Grid 10", "buildingIds",
                List.of(b1, b2))).post("/api/grids").then().statusCode(201).extract().jsonPath().getLong("id");
        fixture.eligibleVolunteer(compound, List.of(b1), 5);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        long carried = fixture.order(b1, OrderCategory.FOOD, false, "131313", now, id);
        long waiting = fixture.order(b2, OrderCategory.FOOD, false, "141414", now, id);
        fixture.order(b1, OrderCategory.FOOD, false, "151515", now, null); // not of the distribution
        long run = fixture.awaitRunOfOrder(b1, carried).getLong("id");
        fixture.awaitProgress(waiting, DispatchStatus.QUEUED);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> As.gridWorker("w10", grid)
                .get("/api/distributions/{id}", id).then().statusCode(200)
                .body("orders", equalTo(2))
                .body("byStatus.ASSIGNED", equalTo(1))
                .body("byStatus.QUEUED", equalTo(1)));
        Fixture.carrier(run).post("/api/runs/{id}/pickup", run).then().statusCode(200);
        Fixture.carrier(run).contentType(ContentType.JSON).body(Map.of("orderId", carried, "code", "131313"))
                .post("/api/runs/{id}/handoffs", run).then().statusCode(200);
        As.gridWorker("w10", grid).get("/api/distributions/{id}", id).then().statusCode(200)
                .body("orders", equalTo(2))
                .body("byStatus.DELIVERED", equalTo(1))
                .body("byStatus.QUEUED", equalTo(1))
                .body("byStatus.ASSIGNED", nullValue());
        As.gridWorker("w-other", grid + 1_000_000).get("/api/distributions/{id}", id).then().statusCode(403);
        As.admin().contentType(ContentType.JSON).body(Map.of("name", "x", "buildingIds", List.of(987654321),
                "items", List.of(Map.of("name", "rice", "quantity", 1)))).post("/api/distributions").then()
                .statusCode(404);
        invalidOnPurpose(As.admin()).contentType(ContentType.JSON)
                .body(Map.of("name", "x", "buildingIds", List.of(b1), "items", List.of()))
                .post("/api/distributions").then().statusCode(400).body("violations.field", hasItem("items"));
    }

    /**
     * One grid's day: an order delivered and one failed twice in a building with a volunteer, urgent medicine nobody
     * may carry (placed 40 minutes ago, so past its target), and an order of an open building. The grid worker is
     * alerted to the gap, the overdue medicine and the failed handoff, and the brief counts each.
     */
    @Test
    void the_grid_worker_is_alerted_to_what_is_overdue_or_failed_and_the_daily_brief_counts_it() {
        long compound = fixture.compound("Brief Court");
        long served = fixture.building(compound, "Building 9", "SEALED");
        long unserved = fixture.building(compound, "Building 10", "SEALED");
        long open = fixture.building(compound, "Building 11", "OPEN");
        long grid = As.admin().contentType(ContentType.JSON).body(Map.of("name", "Grid 9", "buildingIds",
                List.of(served, unserved, open))).post("/api/grids").then().statusCode(201)
                .extract().jsonPath().getLong("id");
        fixture.eligibleVolunteer(compound, List.of(served), 5);
        // One instant for every order: the brief of its day counts them all, whenever the test runs.
        OffsetDateTime placedAt = OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(40);
        long delivered = fixture.order(served, OrderCategory.FOOD, false, "161616", placedAt, null);
        long failed = fixture.order(served, OrderCategory.FOOD, false, "171717", placedAt, null);
        long overdue = fixture.order(unserved, OrderCategory.MEDICINE, true, "181818", placedAt, null);
        long collected = fixture.order(open, OrderCategory.FOOD, false, "191919", placedAt, null);

        long run = fixture.awaitRunOfOrder(served, delivered).getLong("id");
        Fixture.carrier(run).post("/api/runs/{id}/pickup", run).then().statusCode(200);
        Fixture.carrier(run).contentType(ContentType.JSON).body(Map.of("orderId", delivered, "code", "161616"))
                .post("/api/runs/{id}/handoffs", run).then().statusCode(200);
        failTwice(served, failed);
        fixture.awaitProgress(overdue, DispatchStatus.QUEUED);
        fixture.awaitProgress(collected, DispatchStatus.SELF_COLLECTION);

        As.gridWorker("w9", grid).get("/api/grids/{id}/alerts", grid).then().statusCode(200)
                .body("type", containsInAnyOrder("COVERAGE_GAP", "URGENT_OVERDUE", "HANDOFF_FAILED"))
                .body("find { it.type == 'COVERAGE_GAP' }.buildingId", equalTo((int) unserved))
                .body("find { it.type == 'URGENT_OVERDUE' }.orderId", equalTo((int) overdue))
                .body("find { it.type == 'URGENT_OVERDUE' }.detail", containsString("past its 30-minute target"))
                .body("find { it.type == 'HANDOFF_FAILED' }.orderId", equalTo((int) failed))
                .body("find { it.type == 'HANDOFF_FAILED' }.detail", containsString("refused"));

        ZoneId district = ZoneId.of("Asia/Shanghai");
        As.gridWorker("w9", grid).queryParam("gridId", grid)
                .queryParam("date", placedAt.atZoneSameInstant(district).toLocalDate().toString())
                .get("/api/brief").then().statusCode(200)
                .body("total.placed", equalTo(4))
                .body("total.delivered", equalTo(1))
                .body("total.failed", equalTo(1))
                .body("total.overdue", equalTo(1))
                .body("total.pending", equalTo(1))
                .body("total.selfCollection", equalTo(1))
                .body("total.cancelled", equalTo(0))
                .body("byCategoryAndStatus.FOOD.DELIVERED", equalTo(1))
                .body("byCategoryAndStatus.FOOD.FAILED", equalTo(1))
                .body("byCategoryAndStatus.FOOD.SELF_COLLECTION", equalTo(1))
                .body("byCategoryAndStatus.MEDICINE.QUEUED", equalTo(1))
                .body("placedByHour.'" + placedAt.atZoneSameInstant(district).getHour() + "'.FOOD", equalTo(3))
                .body("buildings", hasSize(3))
                .body("buildings.find { it.buildingId == " + served + " }.counts.delivered", equalTo(1))
                .body("buildings.find { it.buildingId == " + served + " }.counts.failed", equalTo(1))
                .body("buildings.find { it.buildingId == " + unserved + " }.counts.overdue", equalTo(1))
                .body("buildings.find { it.buildingId == " + open + " }.counts.selfCollection", equalTo(1))
                .body("grids[0].gridId", equalTo((int) grid))
                .body("grids[0].counts.placed", equalTo(4));
        As.gridWorker("w-other", grid + 1_000_000).queryParam("gridId", grid).get("/api/brief").then()
                .statusCode(403);
        As.admin().queryParam("date", "yesterday").get("/api/brief").then().statusCode(400);
        As.admin().queryParam("gridId", 987654321).get("/api/brief").then().statusCode(404);
    }

    @Test
    void a_controlled_building_gets_every_order_carried_like_a_sealed_one_unlike_a_precaution_building() {
        long compound = fixture.compound("Lockdown Levels Court");
        long sealed = fixture.building(compound, "Building 1", "SEALED");
        long controlled = fixture.building(compound, "Building 2", "CONTROLLED");
        long precaution = fixture.building(compound, "Building 3", "PRECAUTION");
        long volunteer = fixture.eligibleVolunteer(compound, List.of(sealed, controlled, precaution), 5);
        // An ordinary household (no vulnerability) in each.
        long inSealed = fixture.order(sealed, OrderCategory.FOOD, false, List.of(), "1");
        long inControlled = fixture.order(controlled, OrderCategory.FOOD, false, List.of(), "2");
        long inPrecaution = fixture.order(precaution, OrderCategory.FOOD, false, List.of(), "3");

        assertEquals(volunteer, fixture.awaitRunOfOrder(sealed, inSealed).getLong("volunteerId"));
        assertEquals(volunteer, fixture.awaitRunOfOrder(controlled, inControlled).getLong("volunteerId"));
        assertEquals("building is PRECAUTION; collect at the gate",
                fixture.awaitProgress(inPrecaution, DispatchStatus.SELF_COLLECTION).reason());
        assertNull(fixture.runOfOrder(precaution, inPrecaution), "nobody is sent to the door");
    }
}
