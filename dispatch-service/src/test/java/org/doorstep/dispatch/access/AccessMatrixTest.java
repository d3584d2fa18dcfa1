package org.doorstep.dispatch.access;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.doorstep.common.contracts.OrderCategory;
import org.doorstep.dispatch.WithFixture;
import org.doorstep.dispatch.Fixture.World;
import org.doorstep.testkit.AccessMatrix;
import org.doorstep.testkit.AccessMatrix.Case;
import org.doorstep.testkit.AccessMatrix.Row;
import org.doorstep.testkit.As;
import org.doorstep.testkit.DoorstepTestServers;
import org.doorstep.testkit.FakeWeChat;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.doorstep.testkit.AccessMatrix.call;
import static org.doorstep.testkit.AccessMatrix.row;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every endpoint of dispatch-service, called as every kind of caller; docs/security.md in one table. */
@QuarkusTest
@WithTestResource(value = DoorstepTestServers.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeWeChat.class, scope = TestResourceScope.GLOBAL)
class AccessMatrixTest extends WithFixture {

    static final String CODE = "246810";

    /** The world the current case's call is about; the identities follow it. */
    private static World world;

    /** The callers follow the world the current case's call is about. */
    static RequestSpecification as(Case c) {
        return new AccessMatrix.Callers("chen", "stranger", world.volunteer(), world.volunteer() + 1_000_000,
                world.grid(), world.grid() + 1_000_000).as(c);
    }

    static World world(boolean eligible) {
        world = fixture.world(eligible);
        return world;
    }

    static long order(World w) {
        return fixture.order(w.building(), OrderCategory.FOOD, false, List.of(), CODE);
    }

    /** A run of the world's volunteer carrying one order, as dispatch made it. */
    static long run() {
        World w = world(true);
        long order = order(w);
        return fixture.awaitRunOfOrder(w.building(), order).getLong("id");
    }

    static long pickedUpRun() {
        long run = run();
        As.volunteer(world.volunteer()).post("/api/runs/{id}/pickup", run).then().statusCode(200);
        return run;
    }

    static long queuedOrder() {
        World w = world(false);
        long order = order(w);
        await().atMost(Duration.ofSeconds(20)).until(() -> As.admin().get("/api/buildings/{id}/queue", w.building())
                .then().extract().jsonPath().getList("orderId", Long.class).contains(order));
        return order;
    }

    static long distribution() {
        World w = world(true);
        return As.admin().contentType(ContentType.JSON).body(Map.of("name", "Vegetables", "buildingIds",
                        List.of(w.building()), "items", List.of(Map.of("name", "Vegetable pack", "quantity", 1))))
                .post("/api/distributions").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    static long firstOrderOf(long run) {
        return As.admin().get("/api/runs/{id}", run).then().extract().jsonPath().getLong("orders[0].orderId");
    }

    //                                      NO_TOKEN  RESIDENT       VOLUNTEER      GRID_WORKER    ADMIN
    //                                                owner other    owner other    in    out
    static final List<Row> TABLE = List.of(
            row("POST", "/api/compounds", c -> call("/api/compounds", Map.of("name", "New Court")),
                    "401  403 403  403 403  403 403  201"),
            row("GET", "/api/compounds/{id}", c -> call("/api/compounds/" + world(true).compound()),
                    "401  200 200  200 200  200 200  200"),
            row("GET", "/api/compounds", c -> call("/api/compounds"),
                    "401  200 200  200 200  200 200  200"),
            row("GET", "/api/compounds/{id}/buildings", c -> call("/api/compounds/" + world(true).compound() + "/buildings"),
                    "401  200 200  200 200  200 200  200"),
            row("POST", "/api/buildings", c -> call("/api/buildings", Map.of("compoundId", world(true).compound(),
                    "name", "Building 9", "status", "SEALED")),
                    "401  403 403  403 403  403 403  201"),
            row("GET", "/api/buildings/{id}", c -> call("/api/buildings/" + world(true).building()),
                    "401  200 200  200 200  200 200  200"),
            row("PUT", "/api/buildings/{id}/status", c -> call("/api/buildings/" + world(true).building() + "/status",
                    Map.of("status", "CONTROLLED", "reason", "no new case in 7 days")),
                    "401  403 403  403 403  200 403  200"),
            row("GET", "/api/buildings/{id}/status-history",
                    c -> call("/api/buildings/" + world(true).building() + "/status-history"),
                    "401  403 403  403 403  200 403  200"),
            row("GET", "/api/buildings/{id}/volunteers",
                    c -> call("/api/buildings/" + world(true).building() + "/volunteers"),
                    "401  403 403  403 403  200 403  200"),
            row("GET", "/api/buildings/{id}/queue", c -> call("/api/buildings/" + world(true).building() + "/queue"),
                    "401  403 403  403 403  200 403  200"),
            row("POST", "/api/grids", c -> call("/api/grids", Map.of("name", "Grid 9",
                    "buildingIds", List.of(world(true).building()))),
                    "401  403 403  403 403  403 403  201"),
            row("GET", "/api/grids/{id}", c -> call("/api/grids/" + world(true).grid()),
                    "401  403 403  403 403  200 403  200"),
            row("PUT", "/api/grids/{id}/buildings", c -> call("/api/grids/" + world(true).grid() + "/buildings",
                    Map.of("buildingIds", List.of(world.building()))),
                    "401  403 403  403 403  403 403  200"),
            row("GET", "/api/grids/{id}/board", c -> call("/api/grids/" + world(true).grid() + "/board"),
                    "401  403 403  403 403  200 403  200"),
            row("GET", "/api/grids/{id}/queue", c -> call("/api/grids/" + world(true).grid() + "/queue"),
                    "401  403 403  403 403  200 403  200"),
            row("GET", "/api/grids/{id}/alerts", c -> call("/api/grids/" + world(true).grid() + "/alerts"),
                    "401  403 403  403 403  200 403  200"),
            row("GET", "/api/brief", c -> call("/api/brief?gridId=" + world(true).grid()),
                    "401  403 403  403 403  200 403  200"),
            // A grid worker asking for a volunteer's runs sees those in their grids (none, from elsewhere).
            row("GET", "/api/runs", c -> call("/api/runs?volunteerId=" + world(true).volunteer()),
                    "401  403 403  200 403  200 200  200"),
            row("GET", "/api/runs", c -> call("/api/runs?buildingId=" + world(true).building()),
                    "401  403 403  403 403  200 403  200"),
            row("GET", "/api/runs/{id}", c -> call("/api/runs/" + run()),
                    "401  403 403  200 403  200 403  200"),
            row("POST", "/api/runs", c -> {
                long order = queuedOrder();
                return call("/api/runs", Map.of("buildingId", world.building(), "orderIds", List.of(order),
                        "volunteerId", world.volunteer(), "override", "off duty, but here and willing"));
            }, "401  403 403  403 403  201 403  201"),
            row("POST", "/api/runs/{id}/assign", c -> call("/api/runs/" + run() + "/assign",
                    Map.of("volunteerId", world.volunteer())),
                    "401  403 403  403 403  200 403  200"),
            row("POST", "/api/runs/{id}/unassign", c -> call("/api/runs/" + run() + "/unassign"),
                    "401  403 403  403 403  200 403  200"),
            row("POST", "/api/runs/{id}/pickup", c -> call("/api/runs/" + run() + "/pickup"),
                    "401  403 403  200 403  403 403  403"),
            row("POST", "/api/runs/{id}/handoffs", c -> {
                long run = pickedUpRun();
                return call("/api/runs/" + run + "/handoffs", Map.of("orderId", firstOrderOf(run), "code", CODE));
            }, "401  403 403  200 403  403 403  403"),
            row("POST", "/api/runs/{id}/handoffs/{orderId}/unlock", c -> {
                long run = pickedUpRun();
                return call("/api/runs/" + run + "/handoffs/" + firstOrderOf(run) + "/unlock");
            }, "401  403 403  403 403  200 403  200"),
            row("POST", "/api/distributions", c -> call("/api/distributions", Map.of("name", "Rice",
                    "buildingIds", List.of(world(true).building()),
                    "items", List.of(Map.of("name", "Rice 5 kg", "quantity", 1)))),
                    "401  403 403  403 403  201 403  201"),
            row("GET", "/api/distributions/{id}", c -> call("/api/distributions/" + distribution()),
                    "401  403 403  403 403  200 403  200"),
            // Grid workers' WeChat for alerts (issue 15): a grid worker asks a code for themself (any grid worker,
            // their own); the mini-program reads the templates and binds with no token, and gets what the wx.login
            // code earns (this one WeChat does not know); a grid worker reads their own messages.
            row("POST", "/api/grid-workers/wechat-binding", c -> {
                world(true);
                return call("/api/grid-workers/wechat-binding");
            }, "401  403 403  403 403  201 201  403"),
            row("GET", "/api/grid-workers/wechat/templates", c -> call("/api/grid-workers/wechat/templates"),
                    "200  200 200  200 200  200 200  200"),
            row("POST", "/api/grid-workers/wechat", c -> call("/api/grid-workers/wechat", Map.of("code", "not-a-code")),
                    "401  401 401  401 401  401 401  401"),
            row("GET", "/api/me/notifications", c -> call("/api/me/notifications"),
                    "401  403 403  403 403  200 200  403"),
            row("GET", "/api/audit", c -> {
                world(true);
                return call("/api/audit");
            }, "401  403 403  403 403  200 200  200"),
            row("GET", "/api/audit/verification", c -> call("/api/audit/verification"),
                    "401  403 403  403 403  403 403  200"));

    @Test
    void every_endpoint_answers_each_caller_as_the_rules_say() {
        String openApi = RestAssured.given().get("/q/openapi?format=json").then().statusCode(200).extract().asString();
        assertEquals(List.of(), AccessMatrix.uncovered(TABLE, openApi), "the table and the endpoints differ");
        world(true);
        assertEquals(List.of(), AccessMatrix.run(TABLE, AccessMatrixTest::as));
    }
}
