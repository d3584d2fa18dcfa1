package org.doorstep.dispatch.planning;

import org.doorstep.testkit.As;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.doorstep.common.contracts.OrderCategory;
import org.doorstep.dispatch.WithFixture;
import org.doorstep.testkit.DoorstepTestServers;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Orders arriving in a burst, planners running side by side and a grid worker re-assigning at the same moment:
 * still no order on two runs and no volunteer over capacity. Conflicts end in a retry or a 409, never a double
 * booking and never a 500.
 */
@QuarkusTest
@WithTestResource(value = DoorstepTestServers.class, scope = TestResourceScope.GLOBAL)
class ConcurrentDispatchTest extends WithFixture {

    @Inject
    Dispatcher dispatcher;

    @Test
    void no_order_in_two_runs_and_no_volunteer_over_capacity_under_concurrent_dispatch_and_reassignment()
            throws Exception {
        long compound = fixture.compound("Busy Estate");
        long building = fixture.building(compound, "Building 1", "SEALED");
        Map<Long, Integer> capacity = new HashMap<>();
        for (int i = 0; i < 3; i++) {
            capacity.put(fixture.eligibleVolunteer(compound, List.of(building), 4), 4);
        }
        List<Long> volunteers = new ArrayList<>(capacity.keySet());

        ExecutorService pool = Executors.newFixedThreadPool(8);
        AtomicInteger conflicts = new AtomicInteger();
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        List<Future<?>> work = new ArrayList<>();
        // 30 orders in a burst while four planners and a grid worker act on the same building.
        work.add(pool.submit(() -> {
            for (int i = 0; i < 30; i++) {
                fixture.order(building, OrderCategory.FOOD, false, List.of(), "1");
            }
        }));
        for (int p = 0; p < 4; p++) {
            work.add(pool.submit(() -> {
                for (int i = 0; i < 15; i++) {
                    try {
                        QuarkusTransaction.requiringNew().run(() -> dispatcher.plan(building));
                    } catch (RuntimeException conflict) {
                        conflicts.incrementAndGet();
                    }
                }
            }));
        }
        for (int g = 0; g < 3; g++) {
            long seed = g;
            work.add(pool.submit(() -> {
                Random random = new Random(seed);
                for (int i = 0; i < 20; i++) {
                    List<Integer> runs = As.admin().queryParam("buildingId", building).get("/api/runs").then()
                            .extract().jsonPath().getList("findAll { it.status == 'ASSIGNED' }.id");
                    if (runs.isEmpty()) {
                        continue;
                    }
                    int status = As.admin().contentType(ContentType.JSON)
                            .body(Map.of("volunteerId", volunteers.get(random.nextInt(volunteers.size()))))
                            .post("/api/runs/{id}/assign", runs.get(random.nextInt(runs.size()))).statusCode();
                    statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                }
            }));
        }
        for (Future<?> f : work) {
            f.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();

        // Every volunteer fills up to capacity and no further; the rest waits in the queue.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals(12, openStops(building).size()));
        List<Map<String, Object>> open = openStops(building);
        Map<Long, Integer> load = new HashMap<>();
        Map<Long, Integer> runsPerOrder = new HashMap<>();
        for (Map<String, Object> stop : open) {
            load.merge(((Number) stop.get("volunteerId")).longValue(), 1, Integer::sum);
            runsPerOrder.merge(((Number) stop.get("orderId")).longValue(), 1, Integer::sum);
        }
        load.forEach((volunteer, held) -> assertTrue(held <= capacity.get(volunteer),
                "volunteer " + volunteer + " holds " + held + " > capacity " + capacity.get(volunteer)));
        runsPerOrder.forEach((order, runs) -> assertEquals(1, runs, "order " + order + " is on " + runs + " runs"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals(18,
                As.admin().get("/api/buildings/{id}/queue", building).then().extract().jsonPath().getList("$").size(),
                "the rest waits in the queue"));
        // 409 for a lost race or a full volunteer, 404 for a volunteer whose state has not reached dispatch yet.
        assertTrue(statuses.keySet().stream().allMatch(s -> s == 200 || s == 404 || s == 409),
                "re-assignments answer 200, 404 or 409, never a 5xx: " + statuses);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> openStops(long building) {
        JsonPath runs = As.admin().queryParam("buildingId", building).get("/api/runs").then().statusCode(200)
                .extract().jsonPath();
        List<Map<String, Object>> stops = new ArrayList<>();
        for (Map<String, Object> run : runs.<Map<String, Object>>getList("$")) {
            for (Map<String, Object> stop : (List<Map<String, Object>>) run.get("orders")) {
                if ("ASSIGNED".equals(stop.get("status")) || "PICKED_UP".equals(stop.get("status"))) {
                    Map<String, Object> withVolunteer = new HashMap<>(stop);
                    withVolunteer.put("volunteerId", run.get("volunteerId"));
                    stops.add(withVolunteer);
                }
            }
        }
        return stops;
    }
}
