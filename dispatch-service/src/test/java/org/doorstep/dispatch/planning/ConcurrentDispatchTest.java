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

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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

    @Inject
    DataSource dataSource;

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

    /**
     * Pickups and handoffs lock their run, not the compound, so planning goes on beside them: still nobody carries more
     * than their capacity at any moment, no order lands on a run already picked up (it would never leave the gate),
     * and every order reaches its door.
     */
    @Test
    void volunteers_picking_up_and_handing_off_while_orders_arrive_stay_within_capacity_and_deliver_every_order()
            throws Exception {
        long compound = fixture.compound("Carrying Estate");
        List<Long> buildings = List.of(fixture.building(compound, "Building 1", "SEALED"),
                fixture.building(compound, "Building 2", "SEALED"));
        List<Long> volunteers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            volunteers.add(fixture.eligibleVolunteer(compound, buildings, 3));
        }
        int orders = 45;
        ExecutorService pool = Executors.newFixedThreadPool(5);
        List<Future<?>> work = new ArrayList<>();
        work.add(pool.submit(() -> {
            for (int i = 0; i < orders; i++) {
                fixture.order(buildings.get(i % 2), OrderCategory.FOOD, false, List.of(), "135791");
            }
        }));
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        for (long volunteer : volunteers) {
            work.add(pool.submit(() -> {
                while (delivered(buildings) < orders && System.nanoTime() < deadline) {
                    for (Map<String, Object> run : runsOf(buildings)) {
                        if (((Number) run.get("volunteerId")).longValue() != volunteer) {
                            continue;
                        }
                        long runId = ((Number) run.get("id")).longValue();
                        if ("ASSIGNED".equals(run.get("status"))) {
                            count(statuses, As.volunteer(volunteer).post("/api/runs/{id}/pickup", runId).statusCode());
                        } else if ("PICKED_UP".equals(run.get("status"))) {
                            for (Map<String, Object> stop : stopsOf(run)) {
                                if ("PICKED_UP".equals(stop.get("status"))) {
                                    count(statuses, As.volunteer(volunteer).contentType(ContentType.JSON)
                                            .body(Map.of("orderId", stop.get("orderId"), "code", "135791"))
                                            .post("/api/runs/{id}/handoffs", runId).statusCode());
                                }
                            }
                        }
                    }
                }
            }));
        }
        // Watched while they work: nobody ever holds more than the 3 they can carry.
        List<String> overloads = new ArrayList<>();
        while (work.stream().anyMatch(f -> !f.isDone())) {
            // One statement, so one moment: a handoff and a new stop read apart would look like an overload.
            try (Connection connection = dataSource.getConnection();
                 PreparedStatement loads = connection.prepareStatement("select r.volunteer_id, count(*)"
                         + " from run_stop s join run r on r.id = s.run_id where r.volunteer_id in (?, ?, ?)"
                         + " and s.status in ('ASSIGNED', 'PICKED_UP') group by r.volunteer_id")) {
                for (int i = 0; i < 3; i++) {
                    loads.setLong(i + 1, volunteers.get(i));
                }
                try (ResultSet load = loads.executeQuery()) {
                    while (load.next()) {
                        if (load.getInt(2) > 3) {
                            overloads.add("volunteer " + load.getLong(1) + " held " + load.getInt(2));
                        }
                    }
                }
            }
            Thread.sleep(20);
        }
        for (Future<?> f : work) {
            f.get(10, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertEquals(List.of(), overloads, "nobody carries more than their capacity");
        assertEquals(orders, delivered(buildings), "every order reached its door");
        for (Map<String, Object> run : runsOf(buildings)) {
            assertEquals("DONE", run.get("status"), "no run is left with a stop nobody will carry: " + run);
        }
        assertTrue(statuses.keySet().stream().allMatch(s -> s == 200),
                "pickups and handoffs answer 200, never a conflict or a 5xx: " + statuses);
    }

    private static void count(Map<Integer, AtomicInteger> statuses, int status) {
        statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
    }

    private static int delivered(List<Long> buildings) {
        return (int) runsOf(buildings).stream().flatMap(run -> stopsOf(run).stream())
                .filter(stop -> "DELIVERED".equals(stop.get("status"))).count();
    }

    private static List<Map<String, Object>> runsOf(List<Long> buildings) {
        List<Map<String, Object>> runs = new ArrayList<>();
        for (long building : buildings) {
            runs.addAll(As.admin().queryParam("buildingId", building).get("/api/runs").then().statusCode(200)
                    .extract().jsonPath().<Map<String, Object>>getList("$"));
        }
        return runs;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> stopsOf(Map<String, Object> run) {
        return (List<Map<String, Object>>) run.get("orders");
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
