package org.doorstep.system;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two dispatch instances share the consumer groups' partitions, as two Kubernetes replicas do. While orders stream in,
 * one is killed with SIGKILL and the other is paused with SIGSTOP past the Kafka session timeout, then resumed.
 * Compounds move to the instance left running — orders placed meanwhile are assigned — and afterwards nothing is lost,
 * doubled or over capacity. Late writes of the resumed instance are refused three ways: a compound's plan is written
 * only under its row lock with the version it read ({@code CompoundPlans}), the database ends a transaction the pause
 * left open (its locks go with it), and the group refuses its offset commits.
 * <p>Runs last: it pauses the shared stack's dispatch-service, and stops the second instance when it is done.
 */
@Order(Integer.MAX_VALUE)
class TwoDispatchInstancesSystemTest {

    private static Stack stack;

    @BeforeAll
    static void start() throws Exception {
        stack = Stack.shared();
    }

    @Test
    void compounds_move_when_an_instance_dies_or_stalls_and_nothing_is_lost_doubled_or_over_capacity()
            throws Exception {
        stack.start(Stack.Service.DISPATCH, 2);
        Deliveries deliveries;
        try {
            stack.awaitReady(Stack.Service.DISPATCH, 2, Duration.ofSeconds(90));
            // Small loads (3 each), so that two instances planning the same compound would show as over capacity.
            deliveries = Deliveries.district(stack, "Twin Estate", 2, 2, 4, 2, 3);
            AtomicInteger volunteersUse = new AtomicInteger(2);
            deliveries.start(20, volunteersUse::get);
            pause(4);

            // A crash: the second instance dies; the first takes its partitions once the session times out.
            volunteersUse.set(1);
            stack.kill(Stack.Service.DISPATCH, 2);
            Set<Long> beforeCrash = deliveries.mark();
            await("orders placed after the crash are assigned by the instance left")
                    .atMost(Duration.ofSeconds(60)).until(() -> deliveries.assignedSince(beforeCrash) >= 5);
            stack.start(Stack.Service.DISPATCH, 2);
            stack.awaitReady(Stack.Service.DISPATCH, 2, Duration.ofSeconds(90));
            pause(3);

            // A stall: the first instance stops where it is, past the session timeout, then goes on.
            volunteersUse.set(2);
            stack.pause(Stack.Service.DISPATCH, 1);
            Set<Long> beforeStall = deliveries.mark();
            try {
                await("orders placed during the stall are assigned by the other instance")
                        .atMost(Duration.ofSeconds(60)).until(() -> deliveries.assignedSince(beforeStall) >= 5);
            } finally {
                stack.resume(Stack.Service.DISPATCH, 1);
            }
            stack.awaitReady(Stack.Service.DISPATCH, 1, Duration.ofSeconds(60));
            pause(3);
            deliveries.finish();
        } finally {
            stack.stop(Stack.Service.DISPATCH, 2);
        }

        long lost = deliveries.lost();
        long doubled = deliveries.doubled();
        long delivered = deliveries.delivered();
        System.out.printf("two dispatch instances (one killed, one paused): orders accepted %d, delivered %d, lost %d, "
                + "doubled %d, over-capacity %d%n", deliveries.accepted(), delivered, lost, doubled,
                deliveries.overCapacity());
        assertTrue(deliveries.accepted() > 50, "orders placed: " + deliveries.accepted());
        assertEquals(0, lost, "lost");
        assertEquals(0, doubled, "doubled");
        assertEquals(0, deliveries.overCapacity(), "over capacity");
        assertEquals(deliveries.accepted(), delivered, "every accepted order delivered");
    }

    private static void pause(int seconds) {
        Deliveries.sleep(seconds * 1000L);
    }
}
