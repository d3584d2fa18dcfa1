package org.doorstep.dispatch.runs;

import org.doorstep.testkit.As;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.doorstep.common.contracts.DispatchStatus;
import org.doorstep.common.contracts.OrderCategory;
import org.doorstep.common.contracts.OrderCancelled;
import org.doorstep.common.contracts.OrderProgressed;
import org.doorstep.common.contracts.StatusNotes;
import org.doorstep.common.contracts.TestResult;
import org.doorstep.common.contracts.Vulnerability;
import org.doorstep.common.events.Topic;
import org.doorstep.dispatch.Fixture;
import org.doorstep.dispatch.WithFixture;
import org.doorstep.testkit.DoorstepTestServers;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.doorstep.testkit.OpenApiValidation.invalidOnPurpose;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(value = DoorstepTestServers.class, scope = TestResourceScope.GLOBAL)
class RunFlowTest extends WithFixture {

    @Test
    void an_order_in_a_sealed_building_goes_to_an_eligible_volunteer_and_is_handed_off_with_its_code() {
        long compound = fixture.compound("Jinqiao Garden");
        long building = fixture.building(compound, "Building 3", "SEALED");
        long volunteer = fixture.eligibleVolunteer(compound, List.of(building), 5);
        // The volunteer's state must be here before the order, or the order simply waits in the queue.
        await().atMost(Duration.ofSeconds(20)).until(() -> fixture.events.await(Topic.VOLUNTEERS,
                e -> e.aggregateId().equals(String.valueOf(volunteer)), Duration.ofSeconds(1)) != null);
        long order = fixture.order(building, OrderCategory.MEDICINE, true, List.of(), "246810");

        JsonPath run = fixture.awaitRunOfOrder(building, order);
        long runId = run.getLong("id");
        assertEquals(volunteer, run.getLong("volunteerId"));
        assertEquals("ASSIGNED", run.getString("status"));
        OrderProgressed assigned = fixture.awaitProgress(order, DispatchStatus.ASSIGNED);
        assertEquals(runId, assigned.runId());
        assertEquals(volunteer, assigned.volunteerId());
        assertTrue(assigned.urgent(), "urgent medicine says so: volunteer-service calls the volunteer at once");

        invalidOnPurpose(Fixture.carrier(runId)).contentType(ContentType.JSON).post("/api/runs/{id}/handoffs", runId)
                .then().statusCode(400);
        Fixture.carrier(runId).contentType(ContentType.JSON).body(Map.of("orderId", order, "code", "246810"))
                .post("/api/runs/{id}/handoffs", runId).then()
                .statusCode(409).body("detail", containsString("pick up"));

        Fixture.carrier(runId).post("/api/runs/{id}/pickup", runId).then().statusCode(200)
                .body("status", equalTo("PICKED_UP"))
                .body("orders[0].status", equalTo("PICKED_UP"));

        Fixture.carrier(runId).contentType(ContentType.JSON).body(Map.of("orderId", order, "code", "000000"))
                .post("/api/runs/{id}/handoffs", runId).then()
                .statusCode(422).contentType("application/problem+json")
                .body("detail", containsString("not right"));
        As.admin().get("/api/runs/{id}", runId).then().body("orders[0].status", equalTo("PICKED_UP"));

        Fixture.carrier(runId).contentType(ContentType.JSON).body(Map.of("orderId", order, "code", "246810"))
                .post("/api/runs/{id}/handoffs", runId).then()
                .statusCode(200)
                .body("status", equalTo("DONE"))
                .body("orders[0].status", equalTo("DELIVERED"));
        fixture.awaitProgress(order, DispatchStatus.DELIVERED);
    }

    @Test
    void an_urgent_order_leaves_at_once_later_orders_join_its_unstarted_run_and_a_new_run_goes_to_the_least_loaded() {
        long compound = fixture.compound("Batch Court");
        long building = fixture.building(compound, "Building 1", "SEALED");
        long first = fixture.eligibleVolunteer(compound, List.of(building), 5);
        fixture.awaitEligible(building, first);

        // Urgent medicine does not wait for company: a run of its own at once, with room for four more.
        long urgent = fixture.order(building, OrderCategory.MEDICINE, true, List.of(), "1");
        JsonPath run = fixture.awaitRunOfOrder(building, urgent);
        assertEquals(first, run.getLong("volunteerId"));
        assertEquals(List.of((int) urgent), run.getList("orders.orderId"));
        long firstRun = run.getLong("id");

        // Orders that come while it is not picked up yet share the trip.
        long food1 = fixture.order(building, OrderCategory.FOOD, false, List.of(), "2");
        long food2 = fixture.order(building, OrderCategory.FOOD, false, List.of(), "3");
        assertEquals(firstRun, fixture.awaitRunOfOrder(building, food1).getLong("id"));
        assertEquals(firstRun, fixture.awaitRunOfOrder(building, food2).getLong("id"));
        As.volunteer(first).post("/api/runs/{id}/pickup", firstRun).then().statusCode(200)
                .body("orders.orderId", contains((int) urgent, (int) food1, (int) food2));

        // The first volunteer holds three and has room for two; a second one holds none and gets the next run.
        long second = fixture.eligibleVolunteer(compound, List.of(building), 5);
        fixture.awaitEligible(building, second);
        long food3 = fixture.order(building, OrderCategory.FOOD, false, List.of(), "4");
        JsonPath next = fixture.awaitRunOfOrder(building, food3);
        assertEquals(second, next.getLong("volunteerId"));
        long food4 = fixture.order(building, OrderCategory.FOOD, false, List.of(), "5");
        assertEquals(next.getLong("id"), fixture.awaitRunOfOrder(building, food4).getLong("id"));
    }

    @Test
    void ineligible_volunteers_are_never_chosen_and_the_order_waits_for_an_eligible_one() {
        long compound = fixture.compound("Sanlin Estate");
        long otherCompound = fixture.compound("Across the road");
        long building = fixture.building(compound, "Building 1", "SEALED");
        long elsewhere = fixture.building(compound, "Building 2", "SEALED");
        fixture.volunteer(Fixture.nextId(), compound, List.of(building), 5, false, TestResult.NEGATIVE, 2); // off duty
        fixture.volunteer(Fixture.nextId(), compound, List.of(building), 5, true, TestResult.NEGATIVE, 50); // old test
        fixture.volunteer(Fixture.nextId(), compound, List.of(building), 5, true, TestResult.POSITIVE, 2);
        fixture.volunteer(Fixture.nextId(), otherCompound, List.of(building), 5, true, TestResult.NEGATIVE, 2);
        fixture.volunteer(Fixture.nextId(), compound, List.of(elsewhere), 5, true, TestResult.NEGATIVE, 2);

        long order = fixture.order(building, OrderCategory.FOOD, false, List.of(), "111111");
        fixture.awaitProgress(order, DispatchStatus.QUEUED);
        // Give the volunteers' events time to arrive too; still nobody may take it.
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                As.admin().queryParam("buildingId", building).get("/api/runs").then().body("$", hasSize(0)));

        long eligible = fixture.eligibleVolunteer(compound, List.of(building), 3);
        JsonPath run = fixture.awaitRunOfOrder(building, order);
        assertEquals(eligible, run.getLong("volunteerId"));
    }

    @Test
    void orders_for_an_open_building_become_self_collection_and_get_no_run() {
        long compound = fixture.compound("Open Court");
        long building = fixture.building(compound, "Building 9", "OPEN");
        fixture.eligibleVolunteer(compound, List.of(building), 5);
        long order = fixture.order(building, OrderCategory.FOOD, false, List.of(Vulnerability.ELDERLY_ALONE), "1");
        fixture.awaitProgress(order, DispatchStatus.SELF_COLLECTION);
        As.admin().queryParam("buildingId", building).get("/api/runs").then().body("$", hasSize(0));
    }

    @Test
    void a_cancelled_order_leaves_its_run_before_pickup() {
        long compound = fixture.compound("Cancel Court");
        long building = fixture.building(compound, "Building 4", "CONTROLLED");
        fixture.eligibleVolunteer(compound, List.of(building), 5);
        long order = fixture.order(building, OrderCategory.FOOD, false, List.of(), "222222");
        long runId = fixture.awaitRunOfOrder(building, order).getLong("id");

        fixture.events.send(Topic.ORDERS, String.valueOf(building), OrderCancelled.TYPE, "order-service", "Order",
                order, new OrderCancelled(order, building, OffsetDateTime.now(ZoneOffset.UTC)));

        fixture.awaitProgress(order, DispatchStatus.CANCELLED);
        As.admin().get("/api/runs/{id}", runId).then()
                .body("status", equalTo("DONE"))
                .body("orders[0].status", equalTo("REMOVED"));
    }

    @Test
    void a_grid_worker_may_reassign_only_to_an_eligible_volunteer_unless_stating_an_override() {
        long compound = fixture.compound("Reassign Garden");
        long building = fixture.building(compound, "Building 5", "SEALED");
        fixture.eligibleVolunteer(compound, List.of(building), 5);
        long order = fixture.order(building, OrderCategory.FOOD, false, List.of(), "333333");
        long runId = fixture.awaitRunOfOrder(building, order).getLong("id");
        long offDuty = fixture.volunteer(Fixture.nextId(), compound, List.of(building), 5, false,
                TestResult.NEGATIVE, 2);
        long other = fixture.eligibleVolunteer(compound, List.of(building), 5);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                As.admin().contentType(ContentType.JSON).body(Map.of("volunteerId", offDuty))
                        .post("/api/runs/{id}/assign", runId).then()
                        .statusCode(409).contentType("application/problem+json")
                        .body("detail", containsString("OFF_DUTY")));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                As.admin().contentType(ContentType.JSON).body(Map.of("volunteerId", other))
                        .post("/api/runs/{id}/assign", runId).then()
                        .statusCode(200).body("volunteerId", equalTo((int) other)));

        As.admin().contentType(ContentType.JSON)
                .body(Map.of("volunteerId", offDuty, "override", "she lives in the building and offered"))
                .post("/api/runs/{id}/assign", runId).then()
                .statusCode(200).body("volunteerId", equalTo((int) offDuty));
    }

    @Test
    void a_handoff_sent_twice_with_the_same_idempotency_key_acts_once() {
        long compound = fixture.compound("Double Tap Court");
        long building = fixture.building(compound, "Building 8", "SEALED");
        fixture.eligibleVolunteer(compound, List.of(building), 5);
        long order = fixture.order(building, OrderCategory.FOOD, false, List.of(), "424242");
        long runId = fixture.awaitRunOfOrder(building, order).getLong("id");
        Fixture.carrier(runId).post("/api/runs/{id}/pickup", runId).then().statusCode(200);

        Map<String, Object> confirm = Map.of("orderId", order, "code", "424242");
        for (int tap = 0; tap < 2; tap++) {
            Fixture.carrier(runId).contentType(ContentType.JSON).header("Idempotency-Key", "tap-" + order).body(confirm)
                    .post("/api/runs/{id}/handoffs", runId).then().statusCode(200)
                    .body("status", equalTo("DONE"))
                    .body("orders[0].status", equalTo("DELIVERED"));
        }
        Fixture.carrier(runId).contentType(ContentType.JSON).header("Idempotency-Key", "tap-" + order)
                .body(Map.of("orderId", order, "failed", true, "reason", "refused"))
                .post("/api/runs/{id}/handoffs", runId).then().statusCode(422)
                .body("detail", containsString("another handoff"));
        As.admin().get("/api/runs/{id}", runId).then().body("orders[0].status", equalTo("DELIVERED"));
    }

    /** An Idempotency-Key is its volunteer's: two volunteers whose phones send the same key each hand off. */
    @Test
    void two_volunteers_using_the_same_idempotency_key_on_their_own_runs_each_get_their_handoff_applied() {
        String key = "tap-" + Fixture.nextId();
        List<long[]> runsAndOrders = new java.util.ArrayList<>();
        for (int volunteer = 0; volunteer < 2; volunteer++) {
            long building = fixture.world(true).building();
            long order = fixture.order(building, OrderCategory.FOOD, false, List.of(), "97531" + volunteer);
            long runId = fixture.awaitRunOfOrder(building, order).getLong("id");
            Fixture.carrier(runId).post("/api/runs/{id}/pickup", runId).then().statusCode(200);
            runsAndOrders.add(new long[] {runId, order});
        }
        for (int tap = 0; tap < 2; tap++) { // each volunteer's second tap is a replay of their own first
            for (int volunteer = 0; volunteer < 2; volunteer++) {
                long runId = runsAndOrders.get(volunteer)[0];
                long order = runsAndOrders.get(volunteer)[1];
                Fixture.carrier(runId).contentType(ContentType.JSON).header("Idempotency-Key", key)
                        .body(Map.of("orderId", order, "code", "97531" + volunteer))
                        .post("/api/runs/{id}/handoffs", runId).then().statusCode(200)
                        .body("status", equalTo("DONE"))
                        .body("orders[0].status", equalTo("DELIVERED"));
            }
        }
        for (long[] runAndOrder : runsAndOrders) {
            fixture.awaitProgress(runAndOrder[1], DispatchStatus.DELIVERED);
        }
    }

    /**
     * What is kept to recognise a repeated handoff does not give its code away: the stored request hash is keyed
     * with the server's secret, so a reader of the table who tries all million codes does not find this one, and a
     * repeat is still recognised.
     */
    @Test
    void the_stored_handoff_request_hash_gives_no_code_away_and_a_repeat_still_acts_once() throws Exception {
        long building = fixture.world(true).building();
        String code = "586420";
        long order = fixture.order(building, OrderCategory.FOOD, false, List.of(), code);
        long runId = fixture.awaitRunOfOrder(building, order).getLong("id");
        Fixture.carrier(runId).post("/api/runs/{id}/pickup", runId).then().statusCode(200);
        String key = "keyed-" + order;
        for (int tap = 0; tap < 2; tap++) {
            Fixture.carrier(runId).contentType(ContentType.JSON).header("Idempotency-Key", key)
                    .body(Map.of("orderId", order, "code", code))
                    .post("/api/runs/{id}/handoffs", runId).then().statusCode(200)
                    .body("orders[0].status", equalTo("DELIVERED"));
        }
        Fixture.carrier(runId).contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(Map.of("orderId", order, "code", "000000"))
                .post("/api/runs/{id}/handoffs", runId).then().statusCode(422)
                .body("detail", containsString("another handoff"));

        List<String> stored = new java.util.ArrayList<>();
        try (var connection = DoorstepTestServers.database().connect(DoorstepTestServers.DATABASE);
             var select = connection.prepareStatement(
                     "select request_hash from handoff_request where idempotency_key = ?")) {
            select.setString(1, key);
            try (var row = select.executeQuery()) {
                while (row.next()) {
                    stored.add(row.getString(1));
                }
            }
        }
        assertEquals(1, stored.size(), "one request kept for the key: " + stored);
        java.security.MessageDigest sha256 = java.security.MessageDigest.getInstance("SHA-256");
        String found = null;
        for (int guess = 0; guess < 1_000_000 && found == null; guess++) {
            String tried = String.format("%06d", guess);
            String plain = java.util.HexFormat.of().formatHex(sha256.digest((runId + ":"
                    + new org.doorstep.dispatch.planning.RunApi.Handoff(order, tried, null, null, null))
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            found = plain.equals(stored.get(0)) ? tried : null;
        }
        assertNull(found, "a reader of handoff_request tried every code with SHA-256 and found " + found);
    }

    @Test
    void a_handoff_failed_twice_with_the_longest_reason_allowed_is_saved_and_its_note_cut_to_fit() {
        long building = fixture.world(true).building();
        long order = fixture.order(building, OrderCategory.FOOD, false, List.of(), "135790");
        String reason = "nobody answered at the door, the neighbour says she is in hospital; ".repeat(8)
                .substring(0, StatusNotes.MAX_LENGTH);
        for (int attempt = 1; attempt <= 2; attempt++) {
            long runId = fixture.awaitRunOfOrder(building, order).getLong("id");
            Fixture.carrier(runId).post("/api/runs/{id}/pickup", runId).then().statusCode(200);
            Fixture.carrier(runId).contentType(ContentType.JSON)
                    .body(Map.of("orderId", order, "failed", true, "reason", reason))
                    .post("/api/runs/{id}/handoffs", runId).then().statusCode(200);
        }
        String note = fixture.awaitProgress(order, DispatchStatus.FAILED).reason();
        assertTrue(note.length() <= StatusNotes.MAX_LENGTH && note.startsWith("handoff failed twice (nobody answered"),
                note);
    }

    @Test
    void bad_run_requests_get_a_problem() {
        As.admin().get("/api/runs/{id}", 987654321).then().statusCode(404).contentType("application/problem+json");
        As.admin().get("/api/runs").then().statusCode(400).body("detail", containsString("volunteerId or buildingId"));
        As.volunteer(1).post("/api/runs/{id}/pickup", 987654321).then().statusCode(404);
        As.volunteer(1).contentType(ContentType.JSON).body(Map.of("orderId", 1))
                .post("/api/runs/{id}/handoffs", 987654321).then()
                .statusCode(400).body("violations[0].message", containsString("handoff code"));
        As.volunteer(1).contentType(ContentType.JSON).body(Map.of("orderId", 1, "failed", true))
                .post("/api/runs/{id}/handoffs", 987654321).then().statusCode(400);
        invalidOnPurpose(As.admin()).contentType(ContentType.JSON).body(Map.of("volunteerId", -3))
                .post("/api/runs/{id}/assign", 987654321).then().statusCode(400)
                .body("violations[0].field", equalTo("volunteerId"));
    }
}
