package org.doorstep.order;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.doorstep.common.contracts.BuildingState;
import org.doorstep.common.contracts.BuildingStatus;
import org.doorstep.common.contracts.DispatchStatus;
import org.doorstep.common.contracts.OrderProgressed;
import org.doorstep.common.events.EventEnvelope;
import org.doorstep.common.events.Topic;
import org.doorstep.common.events.EventKeys;
import org.doorstep.testkit.As;
import org.doorstep.testkit.DoorstepTestServers;
import org.doorstep.testkit.EventProbe;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.notNullValue;

/** Plays dispatch-service for order-service tests, and registers households over REST. */
public final class OrderFixture implements AutoCloseable {

    /** The resident account that owns the fixture's households. */
    public static final String RESIDENT = "chen";
    /** The grid of the fixture's buildings, and a grid worker serving it. */
    public static final long GRID = 7;

    private static final AtomicLong IDS = new AtomicLong(System.currentTimeMillis() % 1_000_000 * 1000);

    public final EventProbe events;

    public OrderFixture() throws Exception {
        events = new EventProbe(DoorstepTestServers.broker().bootstrapServers());
    }

    public static RequestSpecification resident() {
        return As.resident(RESIDENT);
    }

    public static RequestSpecification gridWorker() {
        return As.gridWorker("Zhang Wei", GRID);
    }

    /** Each of the fixture's buildings is in a compound of its own, of this id. */
    public static long compoundOf(long buildingId) {
        return buildingId + 1_000_000_000L;
    }

    public static long nextId() {
        return IDS.incrementAndGet();
    }

    public long building(BuildingStatus status) {
        long buildingId = nextId();
        return announce(buildingId, compoundOf(buildingId), GRID, status);
    }

    /** dispatch-service announces a building of the compound in the grid (null: in none). */
    public long building(BuildingStatus status, long compoundId, Long gridId) {
        return announce(nextId(), compoundId, gridId, status);
    }

    private long announce(long buildingId, long compoundId, Long gridId, BuildingStatus status) {
        events.send(Topic.BUILDINGS, EventKeys.of(compoundId, buildingId), BuildingState.TYPE, "dispatch-service",
                "Building", buildingId, new BuildingState(buildingId, compoundId, "Building " + buildingId, status,
                        OffsetDateTime.now(ZoneOffset.UTC), "grid worker", null, gridId));
        return buildingId;
    }

    /** A household of {@link #RESIDENT} in a new building, registered once the building has reached order-service. */
    public long household(List<String> vulnerabilities) {
        return household(RESIDENT, vulnerabilities);
    }

    /** A household of the resident account in a new building, registered by that resident. */
    public long household(String resident, List<String> vulnerabilities) {
        long building = building(BuildingStatus.SEALED);
        Map<String, Object> body = Map.of("buildingId", building, "room", "602", "contactName", "Chen Jie",
                "phone", "13912345678", "vulnerabilities", vulnerabilities);
        return await().atMost(Duration.ofSeconds(20)).until(() -> {
            var response = As.resident(resident).contentType(ContentType.JSON).body(body).post("/api/households");
            return response.statusCode() == 201 ? response.jsonPath().getLong("id") : null;
        }, notNullValue());
    }

    public static Map<String, Object> medicineOrder(long householdId) {
        return Map.of("householdId", householdId, "category", "MEDICINE",
                "items", List.of(Map.of("name", "Cetirizine syrup", "quantity", 1)),
                "urgent", true, "note", "child allergy, needed within the hour");
    }

    public EventEnvelope progress(long orderId, long buildingId, DispatchStatus status, Long runId, long seq) {
        return progress(orderId, buildingId, status, runId, seq, OffsetDateTime.now(ZoneOffset.UTC));
    }

    /** A step that happened at the given time (a handoff a volunteer confirmed offline). */
    public EventEnvelope progress(long orderId, long buildingId, DispatchStatus status, Long runId, long seq,
                                  OffsetDateTime at) {
        return events.send(Topic.DISPATCH, String.valueOf(buildingId), OrderProgressed.TYPE, "dispatch-service",
                "Order", orderId, new OrderProgressed(orderId, buildingId, status, runId, runId == null ? null : 7L,
                        null, seq, at, false));
    }

    @Override
    public void close() {
        events.close();
    }
}
