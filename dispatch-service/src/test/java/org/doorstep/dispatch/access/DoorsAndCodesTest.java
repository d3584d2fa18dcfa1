package org.doorstep.dispatch.access;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.doorstep.common.contracts.BuildingState;
import org.doorstep.common.contracts.OrderCategory;
import org.doorstep.common.events.EventEnvelope;
import org.doorstep.common.events.Topic;
import org.doorstep.dispatch.Fixture;
import org.doorstep.dispatch.WithFixture;
import org.doorstep.testkit.As;
import org.doorstep.testkit.DoorstepTestServers;
import org.doorstep.testkit.EventProbe;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** What a volunteer may see of a door, how wrong handoff codes lock a handoff, and who is told of a building's grid. */
@QuarkusTest
@WithTestResource(value = DoorstepTestServers.class, scope = TestResourceScope.GLOBAL)
class DoorsAndCodesTest extends WithFixture {

    @Test
    void the_volunteer_sees_room_and_masked_phone_only_while_carrying_the_run() {
        Fixture.World world = fixture.world(true);
        long order = fixture.order(world.building(), OrderCategory.FOOD, false, List.of(), "135790");
        long run = fixture.awaitRunOfOrder(world.building(), order).getLong("id");

        As.volunteer(world.volunteer()).get("/api/runs/{id}", run).then().statusCode(200)
                .body("orders[0].room", equalTo("602"))
                .body("orders[0].contactName", equalTo("Chen Jie"))
                .body("orders[0].phone", equalTo("*******5678"))
                .body("orders[0].handoffCode", nullValue());
        As.volunteer(world.volunteer()).post("/api/runs/{id}/pickup", run).then().statusCode(200)
                .body("orders[0].phone", equalTo("*******5678"));
        As.volunteer(world.volunteer()).contentType(ContentType.JSON).body(Map.of("orderId", order, "code", "135790"))
                .post("/api/runs/{id}/handoffs", run).then().statusCode(200)
                .body("status", equalTo("DONE"))
                .body("orders[0].room", nullValue())
                .body("orders[0].contactName", nullValue())
                .body("orders[0].phone", nullValue());
        As.gridWorker("w1", world.grid()).get("/api/runs/{id}", run).then().statusCode(200)
                .body("orders[0].room", equalTo("602"));
        As.volunteer(world.volunteer() + 1).get("/api/runs/{id}", run).then().statusCode(403);
    }

    @Test
    void a_phone_that_arrives_masked_the_old_way_shows_the_volunteer_no_more_than_the_rule_allows() {
        Fixture.World world = fixture.world(true);
        EventEnvelope placed = Fixture.orderPlaced(world.building(), OrderCategory.FOOD, false, List.of(), "246810",
                null, null, "139****5678");
        fixture.events.sendAll(Topic.ORDERS, String.valueOf(world.building()), List.of(placed));
        long run = fixture.awaitRunOfOrder(world.building(), Long.parseLong(placed.aggregateId())).getLong("id");

        As.volunteer(world.volunteer()).get("/api/runs/{id}", run).then().statusCode(200)
                .body("orders[0].phone", equalTo("*******5678"));
    }

    @Test
    void five_wrong_codes_lock_the_handoff_until_a_grid_worker_unlocks_it() {
        Fixture.World world = fixture.world(true);
        long order = fixture.order(world.building(), OrderCategory.MEDICINE, true, List.of(), "112233");
        long run = fixture.awaitRunOfOrder(world.building(), order).getLong("id");
        var volunteer = As.volunteer(world.volunteer());
        volunteer.post("/api/runs/{id}/pickup", run).then().statusCode(200);

        for (int attempt = 1; attempt <= 5; attempt++) {
            As.volunteer(world.volunteer()).contentType(ContentType.JSON)
                    .body(Map.of("orderId", order, "code", "00000" + attempt))
                    .post("/api/runs/{id}/handoffs", run).then().statusCode(422)
                    .body("detail", containsString(attempt == 5 ? "locked" : "not right"));
        }
        As.volunteer(world.volunteer()).contentType(ContentType.JSON).body(Map.of("orderId", order, "code", "112233"))
                .post("/api/runs/{id}/handoffs", run).then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("grid worker"));
        As.gridWorker("w1", world.grid()).get("/api/grids/{id}/alerts", world.grid()).then()
                .body("find { it.orderId == " + order + " }.type", equalTo("HANDOFF_LOCKED"));
        As.volunteer(world.volunteer()).post("/api/runs/{id}/handoffs/{orderId}/unlock", run, order).then()
                .statusCode(403);
        As.gridWorker("w2", world.grid() + 1_000_000).post("/api/runs/{id}/handoffs/{orderId}/unlock", run, order)
                .then().statusCode(403);

        As.gridWorker("w1", world.grid()).post("/api/runs/{id}/handoffs/{orderId}/unlock", run, order).then()
                .statusCode(200).body("orders[0].handoffLocked", equalTo(false));
        As.volunteer(world.volunteer()).contentType(ContentType.JSON).body(Map.of("orderId", order, "code", "112233"))
                .post("/api/runs/{id}/handoffs", run).then().statusCode(200)
                .body("orders[0].status", equalTo("DELIVERED"));

        As.gridWorker("w1", world.grid()).get("/api/audit").then().statusCode(200)
                .body("findAll { it.subjectId == '" + order + "' }.action",
                        hasItem("HANDOFF_LOCKED"))
                .body("find { it.subjectId == '" + order + "' && it.action == 'HANDOFF_UNLOCKED' }.actor",
                        equalTo("w1"))
                .body("find { it.subjectId == '" + order + "' && it.action == 'HANDOFF_UNLOCKED' }.role",
                        equalTo("GRID_WORKER"))
                .body("find { it.subjectId == '" + order + "' && it.action == 'HANDOFF_DELIVERED' }.role",
                        equalTo("VOLUNTEER"))
                .body("findAll { it.subjectId == '" + order + "' }.detail",
                        org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.not(containsString("112233"))));
    }

    @Test
    void a_building_that_joins_a_grid_is_published_with_its_grid() {
        long compound = fixture.compound("Grid Court");
        long building = fixture.building(compound, "Building 2", "SEALED");
        long grid = As.admin().contentType(ContentType.JSON).body(Map.of("name", "Grid 2", "buildingIds",
                List.of(building))).post("/api/grids").then().statusCode(201).extract().jsonPath().getLong("id");
        EventEnvelope joined = fixture.events.await(Topic.BUILDINGS, e -> e.aggregateId().equals(String.valueOf(
                building)) && grid == valueOr(EventProbe.payload(e, BuildingState.class).gridId()),
                Duration.ofSeconds(20));
        assertNotNull(joined, "BuildingState with the grid");

        As.admin().contentType(ContentType.JSON).body(Map.of("buildingIds", List.of()))
                .put("/api/grids/{id}/buildings", grid).then().statusCode(200);
        EventEnvelope left = fixture.events.await(Topic.BUILDINGS, e -> e.aggregateId().equals(String.valueOf(
                building)) && EventProbe.payload(e, BuildingState.class).gridId() == null, Duration.ofSeconds(20));
        assertNotNull(left, "BuildingState without a grid");
        assertEquals(compound, EventProbe.payload(left, BuildingState.class).compoundId());
        As.gridWorker("w1", grid).contentType(ContentType.JSON).body(Map.of("status", "OPEN"))
                .put("/api/buildings/{id}/status", building).then().statusCode(403);
    }

    private static long valueOr(Long value) {
        return value == null ? -1 : value;
    }
}
