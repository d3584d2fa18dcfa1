package org.doorstep.dispatch.intake;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.doorstep.common.contracts.DispatchStatus;
import org.doorstep.common.contracts.HandoffCodes;
import org.doorstep.common.contracts.HouseholdErased;
import org.doorstep.common.contracts.OrderCancelled;
import org.doorstep.common.contracts.OrderCategory;
import org.doorstep.common.contracts.OrderPlaced;
import org.doorstep.common.contracts.Phones;
import org.doorstep.common.events.Topic;
import org.doorstep.dispatch.Fixture;
import org.doorstep.dispatch.WithFixture;
import org.doorstep.testkit.SqlRows;
import org.doorstep.testkit.As;
import org.doorstep.testkit.DoorstepTestServers;
import org.doorstep.testkit.EventProbe;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * order-service erased a household (issue 13, item 7): dispatch forgets its door in every copy it holds (room, contact,
 * masked phone, handoff digest, failure reasons, handoff requests), and the daily brief of that day answers the same
 * numbers before and after.
 */
@QuarkusTest
@WithTestResource(value = DoorstepTestServers.class, scope = TestResourceScope.GLOBAL)
class HouseholdErasureTest extends WithFixture {

    private static final ZoneId DISTRICT = ZoneId.of("Asia/Shanghai");

    @Inject
    DataSource dataSource;

    @Test
    void an_erased_households_orders_forget_its_door_and_the_brief_counts_the_same() throws Exception {
        long compound = fixture.compound("Erasure Court");
        long building = fixture.building(compound, "Building 1", "SEALED");
        long grid = As.admin().contentType(ContentType.JSON).body(Map.of("name", "Erasure grid", "buildingIds",
                List.of(building))).post("/api/grids").then().statusCode(201).extract().jsonPath().getLong("id");
        fixture.eligibleVolunteer(compound, List.of(building), 5);
        long household = Fixture.nextId();
        long neighbour = Fixture.nextId();
        // One instant for every order: the brief of its day counts them all, whenever the test runs.
        OffsetDateTime placedAt = OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(40);
        long delivered = place(household, building, "515151", placedAt);
        long failed = place(household, building, "525252", placedAt);
        long cancelled = place(household, building, "535353", placedAt);
        long nextDoor = place(neighbour, building, "545454", placedAt);

        fixture.events.send(Topic.ORDERS, String.valueOf(building), OrderCancelled.TYPE, "order-service", "Order",
                cancelled, new OrderCancelled(cancelled, building, OffsetDateTime.now(ZoneOffset.UTC)));
        fixture.awaitProgress(cancelled, DispatchStatus.CANCELLED);
        long run = handOff(building, delivered, "515151");
        handOff(building, nextDoor, "545454");
        for (String reason : List.of("nobody answered", "refused by Chen Jie, 13912345678")) {
            JsonPath current = fixture.awaitRunOfOrder(building, failed);
            long carrying = current.getLong("id");
            if ("ASSIGNED".equals(current.getString("status"))) {
                Fixture.carrier(carrying).post("/api/runs/{id}/pickup", carrying).then().statusCode(200);
            }
            Fixture.carrier(carrying).contentType(ContentType.JSON)
                    .body(Map.of("orderId", failed, "failed", true, "reason", reason))
                    .post("/api/runs/{id}/handoffs", carrying).then().statusCode(200);
            fixture.awaitProgress(failed, reason.equals("nobody answered") ? DispatchStatus.QUEUED
                    : DispatchStatus.FAILED);
        }
        String key = "erasure-" + delivered;
        assertEquals(1, count("select count(*) from handoff_request where idempotency_key = ?", key));
        String date = placedAt.atZoneSameInstant(DISTRICT).toLocalDate().toString();
        String before = brief(grid, date);

        fixture.events.send(Topic.ORDERS, String.valueOf(building), HouseholdErased.TYPE, "order-service",
                "Household", household, new HouseholdErased(household, building, OffsetDateTime.now(ZoneOffset.UTC)));

        await().atMost(Duration.ofSeconds(20)).until(() -> count("select count(*) from dispatch_order"
                + " where household_id = ? and room is null", household) == 3);
        for (long order : List.of(delivered, failed, cancelled)) {
            assertEquals(List.of(Arrays.asList(null, null, null, "", null)), rows("select room, contact_name,"
                    + " masked_phone, handoff_digest, failure_reason from dispatch_order where order_id = ?", order));
        }
        assertEquals(0, count("select count(*) from run_stop where order_id = ? and reason is not null", failed));
        assertEquals(0, count("select count(*) from handoff_request where idempotency_key = ?", key));
        As.admin().get("/api/runs/{id}", run).then().statusCode(200)
                .body("orders.find { it.orderId == " + delivered + " }.room", equalTo(null))
                .body("orders.find { it.orderId == " + delivered + " }.status", equalTo("DELIVERED"));
        // The neighbour's door is theirs to keep.
        assertEquals(List.of(List.of("602", "Chen Jie", Phones.mask(Fixture.PHONE))), rows("select room,"
                + " contact_name, masked_phone from dispatch_order where order_id = ?", nextDoor));
        assertEquals(before, brief(grid, date), "the brief of the day counts the same after the erasure");

        // The same erasure again (a redelivery under another id) changes nothing and holds nothing up.
        fixture.events.send(Topic.ORDERS, String.valueOf(building), HouseholdErased.TYPE, "order-service",
                "Household", household, new HouseholdErased(household, building, OffsetDateTime.now(ZoneOffset.UTC)));
        fixture.events.send(Topic.ORDERS, String.valueOf(building), HouseholdErased.TYPE, "order-service",
                "Household", neighbour, new HouseholdErased(neighbour, building, OffsetDateTime.now(ZoneOffset.UTC)));
        await().atMost(Duration.ofSeconds(20)).until(() -> count("select count(*) from dispatch_order"
                + " where household_id = ? and room is null", neighbour) == 1);
        assertEquals(before, brief(grid, date));
    }

    /**
     * Dispatch's audit trail, written by its planner, its intake and its API at once in this module's tests, is one
     * whole chain (the order-service's AuditChainTest shows a broken one found).
     */
    @Test
    void dispatchs_audit_chain_is_whole_after_concurrent_writers() {
        fixture.world(true);
        As.admin().get("/api/audit/verification").then().statusCode(200)
                .body("batches", greaterThan(0))
                .body("ok", equalTo(true))
                .body("firstBrokenBatch", equalTo(null));
    }

    private long place(long household, long building, String code, OffsetDateTime placedAt) {
        long orderId = Fixture.nextId();
        fixture.events.sendAll(Topic.ORDERS, String.valueOf(building), List.of(EventProbe.envelope(OrderPlaced.TYPE,
                "order-service", "Order", orderId, new OrderPlaced(orderId, household, building, OrderCategory.FOOD,
                        false, List.of(), 1, placedAt,
                        HandoffCodes.digest(DoorstepTestServers.HANDOFF_SECRET, orderId, code), null, null, null,
                        "602", "Chen Jie", Phones.mask(Fixture.PHONE)))));
        return orderId;
    }

    /** Picks up the order's run (unless it is) and hands the order off with its code and a key; answers the run. */
    private static long handOff(long building, long order, String code) {
        JsonPath current = fixture.awaitRunOfOrder(building, order);
        long run = current.getLong("id");
        if ("ASSIGNED".equals(current.getString("status"))) {
            Fixture.carrier(run).post("/api/runs/{id}/pickup", run).then().statusCode(200);
        }
        Fixture.carrier(run).contentType(ContentType.JSON).header("Idempotency-Key", "erasure-" + order)
                .body(Map.of("orderId", order, "code", code)).post("/api/runs/{id}/handoffs", run).then()
                .statusCode(200);
        fixture.awaitProgress(order, DispatchStatus.DELIVERED);
        return run;
    }

    private static String brief(long grid, String date) {
        return As.admin().queryParam("gridId", grid).queryParam("date", date).get("/api/brief").then()
                .statusCode(200).body("total.placed", equalTo(4)).extract().asString();
    }

    private long count(String sql, Object parameter) throws SQLException {
        return ((Number) rows(sql, parameter).get(0).get(0)).longValue();
    }

    private List<List<Object>> rows(String sql, Object... parameters) throws SQLException {
        return SqlRows.of(dataSource, sql, parameters);
    }
}
