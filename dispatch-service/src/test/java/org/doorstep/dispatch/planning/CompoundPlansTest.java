package org.doorstep.dispatch.planning;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.doorstep.common.contracts.DispatchStatus;
import org.doorstep.common.contracts.OrderCategory;
import org.doorstep.common.contracts.OrderProgressed;
import org.doorstep.dispatch.Fixture;
import org.doorstep.dispatch.WithFixture;
import org.doorstep.testkit.As;
import org.doorstep.testkit.DoorstepTestServers;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Planning decides from the compound's plan in memory. That plan must give way to whatever was written by someone
 * else: another instance that owned the compound for a moment, or a transaction of this one that rolled back.
 */
@QuarkusTest
@WithTestResource(value = DoorstepTestServers.class, scope = TestResourceScope.GLOBAL)
class CompoundPlansTest extends WithFixture {

    @Inject
    EntityManager em;

    @Inject
    Dispatcher dispatcher;

    @Test
    void a_plan_held_in_memory_gives_way_to_what_another_instance_wrote() {
        Fixture.World world = fixture.world(true);
        long first = fixture.order(world.building(), OrderCategory.FOOD, false, List.of(), "111111");
        // Planned from memory: the compound's plan is now held by this instance.
        assertEquals(world.volunteer(), fixture.awaitProgress(first, DispatchStatus.ASSIGNED).volunteerId());

        // Another instance owns the compound for a moment and learns that the volunteer went off duty.
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("update compound set plan_version = plan_version + 1 where id = ?1")
                    .setParameter(1, world.compound()).executeUpdate();
            em.createNativeQuery("update volunteer_copy set on_duty = false where volunteer_id = ?1")
                    .setParameter(1, world.volunteer()).executeUpdate();
        });

        long second = fixture.order(world.building(), OrderCategory.FOOD, false, List.of(), "222222");
        fixture.awaitProgress(second, DispatchStatus.QUEUED);
        QuarkusTransaction.requiringNew().run(() -> dispatcher.plan(world.building()));
        assertNull(fixture.runOfOrder(world.building(), second),
                "an order must not go to a volunteer who is off duty because memory had not heard of it");
        assertEquals(List.of(second), As.admin().get("/api/buildings/{id}/queue", world.building()).then()
                .statusCode(200).extract().jsonPath().getList("orderId", Long.class));
    }

    /**
     * Pickups lock their run, not the compound, so a plan may still hold a run as open when it was picked up a moment
     * ago (here on another instance, whose count of run changes this plan had not read yet): its new order must not
     * go on that run, which has left the gate, but on a new one.
     */
    @Test
    void an_order_never_joins_a_run_that_was_picked_up_behind_the_plans_back() {
        long compound = fixture.compound("Gate Estate");
        long building = fixture.building(compound, "Building 1", "SEALED");
        long volunteer = fixture.eligibleVolunteer(compound, List.of(building), 5);
        long first = fixture.order(building, OrderCategory.FOOD, false, List.of(), "111111");
        long run = fixture.awaitProgress(first, DispatchStatus.ASSIGNED).runId();

        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("update run set status = 'PICKED_UP',"
                + " picked_up_at = current_timestamp where id = ?1").setParameter(1, run).executeUpdate());

        long second = fixture.order(building, OrderCategory.FOOD, false, List.of(), "222222");
        OrderProgressed progress = fixture.awaitProgress(second, DispatchStatus.ASSIGNED);
        assertEquals(Long.valueOf(volunteer), progress.volunteerId());
        assertNotEquals(Long.valueOf(run), progress.runId(), "the order went on a run that had already left the gate");
        assertEquals(List.of(first), As.admin().get("/api/runs/{id}", run).then().statusCode(200).extract()
                .jsonPath().getList("orders.orderId", Long.class), "the picked-up run carries only what it left with");
    }
}
