package org.doorstep.dispatch.intake;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.doorstep.common.contracts.DispatchStatus;
import org.doorstep.common.contracts.OrderCancelled;
import org.doorstep.common.contracts.OrderCategory;
import org.doorstep.common.contracts.OrderProgressed;
import org.doorstep.common.contracts.TestResult;
import org.doorstep.common.contracts.Vulnerability;
import org.doorstep.common.events.EventEnvelope;
import org.doorstep.common.events.Topic;
import org.doorstep.dispatch.Fixture;
import org.doorstep.dispatch.WithFixture;
import org.doorstep.testkit.As;
import org.doorstep.testkit.DoorstepTestServers;
import org.doorstep.testkit.EventProbe;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Orders come in bursts (a building's whole morning in one poll), and a relay that crashed after sending resends
 * them: dispatch applies a batch in one transaction and plans each building once for all its new orders. Each order
 * is still applied once, put on at most one run, and no volunteer goes over capacity.
 */
@QuarkusTest
@WithTestResource(value = DoorstepTestServers.class, scope = TestResourceScope.GLOBAL)
class BurstIntakeTest extends WithFixture {

    private static final int CAPACITY = 20;
    private static final int ORDERS = 45;

    @Test
    void a_burst_sent_twice_is_applied_once_per_order_and_fills_the_volunteer_to_capacity_and_no_further() {
        Fixture.World world = fixture.world(true);
        List<EventEnvelope> burst = new ArrayList<>();
        for (int i = 0; i < ORDERS; i++) {
            burst.add(Fixture.orderPlaced(world.building(), OrderCategory.FOOD, false, List.of(), "100000", null,
                    null));
        }
        List<EventEnvelope> twice = new ArrayList<>(burst);
        twice.addAll(burst);
        fixture.events.sendAll(Topic.ORDERS, String.valueOf(world.building()), twice);
        Set<String> orderIds = burst.stream().map(EventEnvelope::aggregateId).collect(Collectors.toSet());

        // The volunteer takes CAPACITY orders; the rest wait in the queue.
        await().atMost(Duration.ofSeconds(30)).until(() -> assignedStops(world.building()).size() == CAPACITY);
        List<Long> assigned = assignedStops(world.building());
        assertEquals(CAPACITY, Set.copyOf(assigned).size(), "no order is on two runs");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<DispatchStatus, Map<String, Long>> steps = fixture.events.all(Topic.DISPATCH,
                            e -> OrderProgressed.TYPE.equals(e.type()) && orderIds.contains(e.aggregateId()))
                    .stream().collect(Collectors.groupingBy(
                            e -> EventProbe.payload(e, OrderProgressed.class).status(),
                            Collectors.groupingBy(EventEnvelope::aggregateId, Collectors.counting())));
            Map<String, Long> queued = steps.getOrDefault(DispatchStatus.QUEUED, Map.of());
            Map<String, Long> assignedSteps = steps.getOrDefault(DispatchStatus.ASSIGNED, Map.of());
            assertEquals(orderIds, queued.keySet(), "every order was queued");
            assertEquals(Set.of(1L), Set.copyOf(queued.values()), "each order was queued once, not once per copy");
            assertEquals(CAPACITY, assignedSteps.size(), "as many assigned as the volunteer can carry");
            assertEquals(Set.of(1L), Set.copyOf(assignedSteps.values()), "each assigned once");
        });

        // A relay that crashed before deleting what it sent sends the whole burst a third time: all of it seen before.
        fixture.events.sendAll(Topic.ORDERS, String.valueOf(world.building()), burst);
        long next = fixture.order(world.building(), OrderCategory.MEDICINE, true, List.of(), "100000");
        fixture.awaitProgress(next, DispatchStatus.QUEUED);
        assertEquals(List.of(), fixture.events.all(Topic.DEAD_LETTER, e -> orderIds.contains(e.aggregateId())),
                "a resent event is skipped, not set aside as a bad one");
        assertEquals(CAPACITY, assignedStops(world.building()).size(), "the resend changed nothing");
    }

    @Test
    void when_the_volunteers_can_carry_only_two_urgent_medicine_and_then_a_vulnerable_household_go_first() {
        Fixture.World world = fixture.world(false);
        List<EventEnvelope> burst = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            burst.add(Fixture.orderPlaced(world.building(), OrderCategory.FOOD, false, List.of(), "100000", null,
                    null));
        }
        EventEnvelope vulnerable = Fixture.orderPlaced(world.building(), OrderCategory.FOOD, false,
                List.of(Vulnerability.ELDERLY_ALONE), "100000", null, null);
        EventEnvelope urgentMedicine = Fixture.orderPlaced(world.building(), OrderCategory.MEDICINE, true, List.of(),
                "100000", null, null);
        burst.add(vulnerable);
        burst.add(urgentMedicine);
        fixture.events.sendAll(Topic.ORDERS, String.valueOf(world.building()), burst);
        fixture.awaitProgress(Long.parseLong(urgentMedicine.aggregateId()), DispatchStatus.QUEUED);

        // The volunteer comes on duty with room for two: the plan reads only the head of the queue of seven.
        fixture.volunteer(world.volunteer(), world.compound(), List.of(world.building()), 2, true,
                TestResult.NEGATIVE, 6);
        await().atMost(Duration.ofSeconds(30)).until(() -> assignedStops(world.building()).size() == 2);
        assertEquals(Set.of(Long.parseLong(urgentMedicine.aggregateId()), Long.parseLong(vulnerable.aggregateId())),
                Set.copyOf(assignedStops(world.building())));
    }

    @Test
    void an_order_cancelled_in_the_poll_that_placed_it_is_cancelled_and_never_carried_and_the_next_one_is() {
        Fixture.World world = fixture.world(true);
        EventEnvelope cancelledOne = Fixture.orderPlaced(world.building(), OrderCategory.FOOD, false, List.of(),
                "100000", null, null);
        EventEnvelope nextOne = Fixture.orderPlaced(world.building(), OrderCategory.FOOD, false, List.of(), "100000",
                null, null);
        long cancelled = Long.parseLong(cancelledOne.aggregateId());
        long next = Long.parseLong(nextOne.aggregateId());
        // One partition, in this order, sent together: dispatch reads them in one poll.
        fixture.events.sendAll(Topic.ORDERS, String.valueOf(world.building()), List.of(cancelledOne,
                EventProbe.envelope(OrderCancelled.TYPE, "order-service", "Order", cancelled,
                        new OrderCancelled(cancelled, world.building(), OffsetDateTime.now(ZoneOffset.UTC))),
                nextOne));

        fixture.awaitProgress(next, DispatchStatus.ASSIGNED);
        fixture.awaitProgress(cancelled, DispatchStatus.CANCELLED);
        assertEquals(List.of(next), assignedStops(world.building()), "only the order still wanted is on a run");
        assertEquals(List.of(), fixture.events.all(Topic.DISPATCH, e -> OrderProgressed.TYPE.equals(e.type())
                        && e.aggregateId().equals(String.valueOf(cancelled))
                        && EventProbe.payload(e, OrderProgressed.class).status() == DispatchStatus.ASSIGNED),
                "the cancelled order was never assigned");
    }

    @SuppressWarnings("unchecked")
    private static List<Long> assignedStops(long building) {
        List<Map<String, Object>> runs = As.admin().queryParam("buildingId", building).get("/api/runs").then()
                .statusCode(200).extract().jsonPath().getList("$");
        return runs.stream()
                .flatMap(run -> ((List<Map<String, Object>>) run.get("orders")).stream())
                .filter(stop -> "ASSIGNED".equals(stop.get("status")))
                .map(stop -> ((Number) stop.get("orderId")).longValue())
                .collect(Collectors.toList());
    }

}
