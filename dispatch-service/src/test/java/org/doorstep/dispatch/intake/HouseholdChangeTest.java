package org.doorstep.dispatch.intake;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.doorstep.common.contracts.DispatchStatus;
import org.doorstep.common.contracts.HouseholdChanged;
import org.doorstep.common.contracts.OrderCategory;
import org.doorstep.common.contracts.Phones;
import org.doorstep.common.contracts.Vulnerability;
import org.doorstep.common.events.EventKeys;
import org.doorstep.common.events.Topic;
import org.doorstep.dispatch.Fixture;
import org.doorstep.dispatch.WithFixture;
import org.doorstep.testkit.As;
import org.doorstep.testkit.DoorstepTestServers;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** A household edited in order-service: its orders on their way show the new door; delivered ones keep theirs. */
@QuarkusTest
@WithTestResource(value = DoorstepTestServers.class, scope = TestResourceScope.GLOBAL)
class HouseholdChangeTest extends WithFixture {

    private static final String NEW_PHONE = "13800001234";

    private void changed(long compound, long building, long household, List<Vulnerability> vulnerabilities) {
        fixture.events.send(Topic.ORDERS, EventKeys.of(compound, building), HouseholdChanged.TYPE, "order-service",
                "Household", household, new HouseholdChanged(household, building, "1203", "Wang Fang",
                        Phones.mask(NEW_PHONE), vulnerabilities, 3, OffsetDateTime.now(ZoneOffset.UTC)));
    }

    @Test
    void the_volunteer_of_an_open_run_sees_the_new_room_and_masked_phone_and_a_delivered_stop_keeps_the_old() {
        Fixture.World world = fixture.world(true);
        fixture.awaitEligible(world.building(), world.volunteer());
        long household = Fixture.nextId();
        long delivered = fixture.orderOf(household, world.building(), OrderCategory.MEDICINE, List.of(), "111111");
        long doneRun = fixture.awaitRunOfOrder(world.building(), delivered).getLong("id");
        As.volunteer(world.volunteer()).post("/api/runs/{id}/pickup", doneRun).then().statusCode(200);
        As.volunteer(world.volunteer()).contentType(ContentType.JSON)
                .body(Map.of("orderId", delivered, "code", "111111"))
                .post("/api/runs/{id}/handoffs", doneRun).then().statusCode(200).body("status", equalTo("DONE"));
        long open = fixture.orderOf(household, world.building(), OrderCategory.FOOD, List.of(), "222222");
        long openRun = fixture.awaitRunOfOrder(world.building(), open).getLong("id");

        changed(world.compound(), world.building(), household, List.of());

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> As.volunteer(world.volunteer())
                .get("/api/runs/{id}", openRun).then().statusCode(200)
                .body("orders[0].room", equalTo("1203"))
                .body("orders[0].contactName", equalTo("Wang Fang"))
                .body("orders[0].phone", equalTo("*******1234")));
        // What the delivered stop showed stays: the grid worker's record of where it went.
        As.admin().get("/api/runs/{id}", doneRun).then()
                .body("orders[0].room", equalTo("602"))
                .body("orders[0].phone", equalTo(Phones.mask(Fixture.PHONE)));
    }

    @Test
    void a_household_that_becomes_vulnerable_in_a_precaution_building_is_served_at_the_door() {
        long compound = fixture.compound("Court " + Fixture.nextId());
        long building = fixture.building(compound, "Building 1", "PRECAUTION");
        long household = Fixture.nextId();
        long order = fixture.orderOf(household, building, OrderCategory.FOOD, List.of(), "333333");
        fixture.awaitProgress(order, DispatchStatus.SELF_COLLECTION);

        changed(compound, building, household, List.of(Vulnerability.ELDERLY_ALONE));

        fixture.awaitProgress(order, DispatchStatus.QUEUED);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> As.admin()
                .get("/api/buildings/{id}/queue", building).then().statusCode(200)
                .body("find { it.orderId == " + order + " }.vulnerable", equalTo(true)));
    }
}
