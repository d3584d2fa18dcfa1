package org.doorstep.dispatch.grids;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.doorstep.common.events.EventKeys;
import org.doorstep.common.events.Topic;
import org.doorstep.dispatch.Fixture;
import org.doorstep.dispatch.WithFixture;
import org.doorstep.testkit.As;
import org.doorstep.testkit.DoorstepTestServers;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * An event dispatch had to set aside does not go unnoticed: the grid workers of its building (an order event) or of
 * its compound (a volunteer's state) see an alert, and no one else does.
 */
@QuarkusTest
@WithTestResource(value = DoorstepTestServers.class, scope = TestResourceScope.GLOBAL)
class SetAsideAlertTest extends WithFixture {

    @Test
    void the_grid_workers_of_the_building_see_an_order_event_that_was_set_aside() {
        Fixture.World world = fixture.world(true);
        Fixture.World elsewhere = fixture.world(true);
        fixture.events.sendRaw(Topic.ORDERS, EventKeys.of(world.compound(), world.building()),
                "an order event nobody can read: room 602, 13812345678");

        List<Map<String, Object>> alerts = awaitSetAside(world);

        assertEquals(1, alerts.size(), "one alert: " + alerts);
        assertEquals(world.building(), ((Number) alerts.get(0).get("buildingId")).longValue());
        String detail = (String) alerts.get(0).get("detail");
        assertFalse(detail.contains("13812345678") || detail.contains("602"), "the reason stays with the operator");
        As.gridWorker("w-elsewhere", elsewhere.grid()).get("/api/grids/{id}/alerts", elsewhere.grid()).then()
                .statusCode(200).body("type", not(hasItem("EVENT_SET_ASIDE")));
    }

    @Test
    void the_grid_workers_of_the_compound_see_a_volunteer_state_that_was_set_aside() {
        Fixture.World world = fixture.world(true);
        fixture.events.sendRaw(Topic.VOLUNTEERS, EventKeys.of(world.compound(), Fixture.nextId()), "{\"no\":1}");

        List<Map<String, Object>> alerts = awaitSetAside(world);

        assertEquals(world.building(), ((Number) alerts.get(0).get("buildingId")).longValue());
        As.gridWorker("w", world.grid()).get("/api/grids/{id}/alerts", world.grid()).then()
                .body("findAll { it.type == 'EVENT_SET_ASIDE' }.detail", everyItem(containsString("volunteer")));
    }

    private static List<Map<String, Object>> awaitSetAside(Fixture.World world) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> As.gridWorker("w", world.grid())
                .get("/api/grids/{id}/alerts", world.grid()).then().statusCode(200).extract().jsonPath()
                .<Map<String, Object>>getList("findAll { it.type == 'EVENT_SET_ASIDE' }"), list -> !list.isEmpty());
    }
}
