package org.doorstep.dispatch.access;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.doorstep.common.contracts.DispatchStatus;
import org.doorstep.common.contracts.OrderCategory;
import org.doorstep.dispatch.Fixture;
import org.doorstep.dispatch.WithFixture;
import org.doorstep.testkit.As;
import org.doorstep.testkit.AuditTrail;
import org.doorstep.testkit.DoorstepTestServers;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * dispatch-service's audit trail: a grid worker reads their grids' buildings and nothing of another building of the
 * same compound, in a grid or in none; a person's reasons are kept without phone numbers.
 */
@QuarkusTest
@WithTestResource(value = DoorstepTestServers.class, scope = TestResourceScope.GLOBAL)
class AuditTrailTest extends WithFixture {

    private static final String REASON = "positive case on floor 6, call 138 1234 5678 at the gate";

    private static long grid(long building) {
        return As.admin().contentType(ContentType.JSON).body(Map.of("name", "Grid " + Fixture.nextId(),
                        "buildingIds", List.of(building))).post("/api/grids")
                .then().statusCode(201).extract().jsonPath().getLong("id");
    }

    private static void controlled(long building) {
        As.admin().contentType(ContentType.JSON).body(Map.of("status", "CONTROLLED", "reason", REASON))
                .put("/api/buildings/{id}/status", building).then().statusCode(200);
    }

    @Test
    void a_grid_worker_reads_only_their_grids_buildings_and_reasons_are_kept_without_phone_numbers() {
        long compound = fixture.compound("Audit Court");
        long inA = fixture.building(compound, "Building 1", "SEALED");
        long inB = fixture.building(compound, "Building 2", "SEALED");
        long inNone = fixture.building(compound, "Building 3", "SEALED");
        long gridA = grid(inA);
        long gridB = grid(inB);

        // A handoff in grid A fails, with a reason that gives a phone number away.
        fixture.eligibleVolunteer(compound, List.of(inA), 3);
        long order = fixture.order(inA, OrderCategory.FOOD, false, List.of(), "246810");
        long run = fixture.awaitRunOfOrder(inA, order).getLong("id");
        Fixture.carrier(run).post("/api/runs/{id}/pickup", run).then().statusCode(200);
        Fixture.carrier(run).contentType(ContentType.JSON).body(Map.of("orderId", order, "failed", true,
                        "reason", "nobody answered; the neighbour says call 13812345678"))
                .post("/api/runs/{id}/handoffs", run).then().statusCode(200);
        fixture.awaitProgress(order, DispatchStatus.QUEUED);
        for (long building : List.of(inA, inB, inNone)) {
            controlled(building);
        }

        AuditTrail seenByA = AuditTrail.readBy(As.gridWorker("w-a", gridA));
        assertEquals(Set.of(inA), seenByA.buildings(), "grid A's worker reads building " + inA + " only");
        assertEquals(Set.of(String.valueOf(gridA)), seenByA.subjects("Grid"));
        assertEquals(Set.of(String.valueOf(compound)), seenByA.subjects("Compound"), "the compound they work in");
        assertEquals("SEALED -> CONTROLLED: positive case on floor 6, call [number] at the gate",
                seenByA.only("BUILDING_STATUS_CHANGED", inA).get("detail"));
        assertEquals("run " + run + ", back in the queue: nobody answered; the neighbour says call [number]",
                seenByA.only("HANDOFF_FAILED", inA).get("detail"));

        AuditTrail seenByB = AuditTrail.readBy(As.gridWorker("w-b", gridB));
        assertEquals(Set.of(inB), seenByB.buildings());
        assertEquals(Set.of(String.valueOf(gridB)), seenByB.subjects("Grid"));

        // A building in no grid is an admin's alone; narrowed to grid B, an admin reads what its worker reads.
        AuditTrail seenByAdmin = AuditTrail.readBy(As.admin());
        assertEquals("SEALED -> CONTROLLED: positive case on floor 6, call [number] at the gate",
                seenByAdmin.only("BUILDING_STATUS_CHANGED", inNone).get("detail"));
        assertEquals(Set.of(inB), AuditTrail.readBy(As.admin().queryParam("gridId", gridB)).buildings());

        List<String> phones = List.of("138 1234 5678", "13812345678", "1234 5678");
        for (AuditTrail trail : List.of(seenByA, seenByB, seenByAdmin)) {
            assertEquals(List.of(), trail.containingAny(phones), "no phone number in the audit trail");
        }

        // Nor where the same words are kept outside it: the building's history and the run's stop.
        As.admin().get("/api/buildings/{id}/status-history", inA).then().statusCode(200)
                .body("reason", hasItem("positive case on floor 6, call [number] at the gate"));
        As.admin().get("/api/runs/{id}", run).then().statusCode(200)
                .body("orders.find { it.orderId == " + order + " }.reason",
                        equalTo("nobody answered; the neighbour says call [number]"));
    }
}
