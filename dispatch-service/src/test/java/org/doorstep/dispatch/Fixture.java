package org.doorstep.dispatch;

import org.doorstep.testkit.As;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.restassured.path.json.JsonPath;
import org.doorstep.common.contracts.DispatchStatus;
import org.doorstep.common.contracts.OrderProgressed;
import org.doorstep.common.events.EventEnvelope;
import org.doorstep.common.contracts.HandoffCodes;
import org.doorstep.common.contracts.OrderCategory;
import org.doorstep.common.contracts.OrderPlaced;
import org.doorstep.common.contracts.Phones;
import org.doorstep.common.contracts.TestResult;
import org.doorstep.common.contracts.Vetting;
import org.doorstep.common.contracts.VolunteerState;
import org.doorstep.common.contracts.Vulnerability;
import org.doorstep.common.events.Topic;
import org.doorstep.common.events.EventKeys;
import org.doorstep.testkit.DoorstepTestServers;
import org.doorstep.testkit.EventProbe;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;

/** Sets the scene for dispatch tests: places over REST, volunteers and orders as the other services send them. */
public final class Fixture implements AutoCloseable {

    private static final AtomicLong IDS = new AtomicLong(System.currentTimeMillis() % 1_000_000 * 1000);

    public final EventProbe events;

    public Fixture() throws Exception {
        events = new EventProbe(DoorstepTestServers.broker().bootstrapServers());
    }

    public static long nextId() {
        return IDS.incrementAndGet();
    }

    public long compound(String name) {
        return As.admin().contentType(ContentType.JSON).body(Map.of("name", name)).post("/api/compounds")
                .then().statusCode(201).extract().jsonPath().getLong("id");
    }

    public long building(long compoundId, String name, String status) {
        return As.admin().contentType(ContentType.JSON)
                .body(Map.of("compoundId", compoundId, "name", name, "status", status))
                .post("/api/buildings").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    /** A building in a grid of its own, with a volunteer who serves it. */
    public record World(long compound, long building, long grid, long volunteer) {
    }

    /** A fresh world; with {@code eligible} false its volunteer is off duty, so its orders wait in the queue. */
    public World world(boolean eligible) {
        long compound = compound("Court " + nextId());
        long building = building(compound, "Building 1", "SEALED");
        long grid = As.admin().contentType(ContentType.JSON)
                .body(Map.of("name", "Grid", "buildingIds", List.of(building))).post("/api/grids")
                .then().statusCode(201).extract().jsonPath().getLong("id");
        long volunteer = volunteer(nextId(), compound, List.of(building), 20, eligible, TestResult.NEGATIVE, 6);
        return new World(compound, building, grid, volunteer);
    }

    /** volunteer-service announces a volunteer who may carry for the buildings. */
    public long eligibleVolunteer(long compoundId, List<Long> buildingIds, int capacity) {
        return volunteer(nextId(), compoundId, buildingIds, capacity, true, TestResult.NEGATIVE, 6);
    }

    public long volunteer(long id, long compoundId, List<Long> buildingIds, int capacity, boolean onDuty,
                          TestResult test, int testHoursAgo) {
        events.send(Topic.VOLUNTEERS, EventKeys.of(compoundId, id), VolunteerState.TYPE, "volunteer-service", "Volunteer", id,
                new VolunteerState(id, "Volunteer " + id, compoundId, buildingIds, capacity, Vetting.APPROVED, onDuty,
                        test, OffsetDateTime.now(ZoneOffset.UTC).minus(Duration.ofHours(testHoursAgo))));
        return id;
    }

    /** Waits until dispatch has the volunteer's state and counts them as able to carry to the building. */
    public void awaitEligible(long buildingId, long volunteerId) {
        await().atMost(Duration.ofSeconds(20)).until(() -> As.admin().get("/api/buildings/{id}/volunteers", buildingId)
                .then().statusCode(200).extract().jsonPath()
                .getBoolean("find { it.volunteerId == " + volunteerId + " }.eligible") == Boolean.TRUE);
    }

    /** order-service announces an order; returns its id. */
    public long order(long buildingId, OrderCategory category, boolean urgent, List<Vulnerability> vulnerabilities,
                      String code) {
        return order(buildingId, category, urgent, vulnerabilities, code, null, null);
    }

    /** A meal for a delivery window. */
    public long meal(long buildingId, OffsetDateTime deliverFrom, OffsetDateTime deliverBy, String code) {
        return order(buildingId, OrderCategory.MEAL, false, List.of(), code, deliverFrom, deliverBy);
    }

    public long order(long buildingId, OrderCategory category, boolean urgent, List<Vulnerability> vulnerabilities,
                      String code, OffsetDateTime deliverFrom, OffsetDateTime deliverBy) {
        EventEnvelope placed = orderPlaced(buildingId, category, urgent, vulnerabilities, code, deliverFrom, deliverBy);
        events.sendAll(Topic.ORDERS, String.valueOf(buildingId), List.of(placed));
        return Long.parseLong(placed.aggregateId());
    }

    /**
     * An order placed at a time of the test's choosing (an urgent one long enough ago is overdue), of a bulk
     * distribution when {@code distributionId} is not null.
     */
    public long order(long buildingId, OrderCategory category, boolean urgent, String code, OffsetDateTime placedAt,
                      Long distributionId) {
        EventEnvelope placed = orderPlaced(buildingId, category, urgent, List.of(), code, placedAt, null, null,
                distributionId, Phones.mask(PHONE));
        events.sendAll(Topic.ORDERS, String.valueOf(buildingId), List.of(placed));
        return Long.parseLong(placed.aggregateId());
    }

    /** An OrderPlaced as order-service writes it, for a test to send as it likes (in a burst, twice ...). */
    public static EventEnvelope orderPlaced(long buildingId, OrderCategory category, boolean urgent,
                                            List<Vulnerability> vulnerabilities, String code,
                                            OffsetDateTime deliverFrom, OffsetDateTime deliverBy) {
        return orderPlaced(buildingId, category, urgent, vulnerabilities, code, deliverFrom, deliverBy,
                Phones.mask(PHONE));
    }

    /** The household's phone of every order the fixture places. */
    public static final String PHONE = "13912345678";

    /** The same with the phone as the event carries it (an older order-service masked it otherwise). */
    public static EventEnvelope orderPlaced(long buildingId, OrderCategory category, boolean urgent,
                                            List<Vulnerability> vulnerabilities, String code,
                                            OffsetDateTime deliverFrom, OffsetDateTime deliverBy, String maskedPhone) {
        return orderPlaced(buildingId, category, urgent, vulnerabilities, code, OffsetDateTime.now(ZoneOffset.UTC),
                deliverFrom, deliverBy, null, maskedPhone);
    }

    private static EventEnvelope orderPlaced(long buildingId, OrderCategory category, boolean urgent,
                                             List<Vulnerability> vulnerabilities, String code,
                                             OffsetDateTime placedAt, OffsetDateTime deliverFrom,
                                             OffsetDateTime deliverBy, Long distributionId, String maskedPhone) {
        return orderPlaced(nextId(), buildingId, category, urgent, vulnerabilities, code, placedAt, deliverFrom,
                deliverBy, distributionId, maskedPhone);
    }

    /** An order of the household (room 602, Chen Jie, {@link #PHONE}), placed now; returns its id. */
    public long orderOf(long householdId, long buildingId, OrderCategory category, List<Vulnerability> vulnerabilities,
                        String code) {
        EventEnvelope placed = orderPlaced(householdId, buildingId, category, false, vulnerabilities, code,
                OffsetDateTime.now(ZoneOffset.UTC), null, null, null, Phones.mask(PHONE));
        events.sendAll(Topic.ORDERS, String.valueOf(buildingId), List.of(placed));
        return Long.parseLong(placed.aggregateId());
    }

    private static EventEnvelope orderPlaced(long householdId, long buildingId, OrderCategory category,
                                             boolean urgent, List<Vulnerability> vulnerabilities, String code,
                                             OffsetDateTime placedAt, OffsetDateTime deliverFrom,
                                             OffsetDateTime deliverBy, Long distributionId, String maskedPhone) {
        long orderId = nextId();
        return EventProbe.envelope(OrderPlaced.TYPE, "order-service", "Order", orderId,
                new OrderPlaced(orderId, householdId, buildingId, category, urgent, vulnerabilities, 1, placedAt,
                        HandoffCodes.digest(DoorstepTestServers.HANDOFF_SECRET, orderId, code), deliverFrom, deliverBy,
                        distributionId, "602", "Chen Jie", maskedPhone));
    }

    /** Signed in as the volunteer of the run: only they pick it up and hand off. */
    public static RequestSpecification carrier(long runId) {
        Number volunteer = As.admin().get("/api/runs/{id}", runId).then().statusCode(200).extract().path("volunteerId");
        return As.volunteer(volunteer == null ? 0 : volunteer.longValue());
    }

    /** The run (as JSON) that carries the order, once dispatch has put it on one. */
    public JsonPath awaitRunOfOrder(long buildingId, long orderId) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> runOfOrder(buildingId, orderId),
                java.util.Objects::nonNull);
    }

    @SuppressWarnings("unchecked")
    public JsonPath runOfOrder(long buildingId, long orderId) {
        JsonPath runs = As.admin().queryParam("buildingId", buildingId).get("/api/runs").then().statusCode(200)
                .extract().jsonPath();
        List<Map<String, Object>> all = runs.getList("$");
        return all.stream()
                .filter(run -> ((List<Map<String, Object>>) run.get("orders")).stream()
                        .anyMatch(o -> ((Number) o.get("orderId")).longValue() == orderId
                                && !"REMOVED".equals(o.get("status")) && !"FAILED".equals(o.get("status"))))
                .findFirst().map(run -> new JsonPath(EventProbe.JSON.valueToTree(run).toString())).orElse(null);
    }

    /** Waits for dispatch to publish that the order reached the status; returns that step. */
    public OrderProgressed awaitProgress(long orderId, DispatchStatus status) {
        EventEnvelope event = events.await(Topic.DISPATCH, e -> OrderProgressed.TYPE.equals(e.type())
                && e.aggregateId().equals(String.valueOf(orderId))
                && EventProbe.payload(e, OrderProgressed.class).status() == status, Duration.ofSeconds(20));
        org.junit.jupiter.api.Assertions.assertNotNull(event, "OrderProgressed " + status + " for order " + orderId);
        return EventProbe.payload(event, OrderProgressed.class);
    }

    @Override
    public void close() {
        events.close();
    }
}
