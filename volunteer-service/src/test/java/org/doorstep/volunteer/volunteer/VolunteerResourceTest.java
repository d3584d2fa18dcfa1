package org.doorstep.volunteer.volunteer;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.doorstep.common.contracts.BuildingState;
import org.doorstep.common.contracts.BuildingStatus;
import org.doorstep.common.contracts.RunChanged;
import org.doorstep.common.contracts.RunStatus;
import org.doorstep.common.contracts.VolunteerState;
import org.doorstep.common.events.EventEnvelope;
import org.doorstep.common.events.Topic;
import org.doorstep.testkit.As;
import org.doorstep.testkit.AuditTrail;
import org.doorstep.testkit.DoorstepTestServers;
import org.doorstep.testkit.EventProbe;
import org.doorstep.testkit.Rfc3339;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;
import static org.doorstep.testkit.OpenApiValidation.invalidOnPurpose;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

@QuarkusTest
@WithTestResource(value = DoorstepTestServers.class, scope = TestResourceScope.GLOBAL)
class VolunteerResourceTest {

    private static final AtomicLong IDS = new AtomicLong(System.nanoTime() % 1_000_000 * 1000);
    /** The grid of every building these tests announce; its grid worker acts on their volunteers. */
    private static final long GRID = IDS.incrementAndGet();
    private static EventProbe events;

    @BeforeAll
    static void connect() throws Exception {
        events = new EventProbe(DoorstepTestServers.broker().bootstrapServers());
    }

    @AfterAll
    static void disconnect() {
        events.close();
    }

    /** dispatch-service announces a building, as it does on the compacted topic; waits until this service knows it. */
    static long knownBuilding(long compoundId) {
        return knownBuilding(compoundId, GRID);
    }

    /** A building of the compound in the grid (null: in none). */
    static long knownBuilding(long compoundId, Long gridId) {
        long buildingId = IDS.incrementAndGet();
        events.send(Topic.BUILDINGS, String.valueOf(buildingId), BuildingState.TYPE, "dispatch-service", "Building",
                buildingId, new BuildingState(buildingId, compoundId, "Building " + buildingId, BuildingStatus.SEALED,
                        OffsetDateTime.now(ZoneOffset.UTC), "grid worker", null, gridId));
        // A registration for it succeeds once the building has arrived.
        return buildingId;
    }

    static Map<String, Object> registration(long compoundId, List<Long> buildingIds) {
        return Map.of("name", "Wang Fang", "phone", "13812345678", "compoundId", compoundId,
                "buildingIds", buildingIds, "capacity", 6);
    }

    static long register(long compoundId, long buildingId) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> {
            var response = As.admin().contentType(ContentType.JSON)
                    .body(registration(compoundId, List.of(buildingId))).post("/api/volunteers");
            return response.statusCode() == 201 ? response.jsonPath().getLong("id") : null;
        }, notNullValue());
    }

    @Test
    void a_new_volunteer_is_off_duty_without_a_test_and_says_why_they_cannot_carry() {
        long compound = IDS.incrementAndGet();
        long building = knownBuilding(compound);
        long id = register(compound, building);

        As.admin().get("/api/volunteers/{id}", id).then()
                .statusCode(200)
                .body("name", equalTo("Wang Fang"))
                .body("compoundId", equalTo((int) compound))
                .body("onDuty", is(false))
                .body("vetting", equalTo("APPROVED"))
                .body("eligible", is(false))
                .body("ineligibleReasons", containsInAnyOrder("OFF_DUTY", "NO_TEST_ON_FILE"));
    }

    @Test
    void registration_answers_201_with_location() {
        long compound = IDS.incrementAndGet();
        long building = knownBuilding(compound);
        register(compound, building);
        As.admin().contentType(ContentType.JSON).body(registration(compound, List.of(building)))
                .post("/api/volunteers").then()
                .statusCode(201)
                .header("Location", containsString("/api/volunteers/"))
                .body("onDuty", is(false))
                .body("buildingIds", contains((int) building));
    }

    @Test
    void a_recent_negative_test_and_duty_make_a_volunteer_eligible_and_publish_their_state() {
        long compound = IDS.incrementAndGet();
        long building = knownBuilding(compound);
        long id = register(compound, building);

        As.volunteer(id).contentType(ContentType.JSON)
                .body(Map.of("result", "NEGATIVE", "takenAt", Rfc3339.of(OffsetDateTime.now().minusHours(3))))
                .post("/api/volunteers/{id}/tests", id).then().statusCode(200)
                .body("ineligibleReasons", contains("OFF_DUTY"));
        As.volunteer(id).contentType(ContentType.JSON).body(Map.of("onDuty", true))
                .put("/api/volunteers/{id}/duty", id).then().statusCode(200)
                .body("onDuty", is(true))
                .body("eligible", is(true))
                .body("ineligibleReasons", empty());

        EventEnvelope event = events.await(Topic.VOLUNTEERS, e -> e.aggregateId().equals(String.valueOf(id))
                && EventProbe.payload(e, VolunteerState.class).onDuty(), Duration.ofSeconds(20));
        assertNotNull(event, "an on-duty VolunteerState event for volunteer " + id);
        VolunteerState state = EventProbe.payload(event, VolunteerState.class);
        assertEquals(compound, state.compoundId());
        assertEquals(List.of(building), state.buildingIds());
        assertEquals("NEGATIVE", state.latestTestResult().name());
        assertEquals("volunteer-service", event.source());
    }

    @Test
    void a_test_older_than_48_hours_or_positive_makes_a_volunteer_ineligible() {
        long compound = IDS.incrementAndGet();
        long id = register(compound, knownBuilding(compound));
        As.volunteer(id).contentType(ContentType.JSON).body(Map.of("onDuty", true))
                .put("/api/volunteers/{id}/duty", id);

        As.volunteer(id).contentType(ContentType.JSON)
                .body(Map.of("result", "NEGATIVE", "takenAt", Rfc3339.of(OffsetDateTime.now().minusHours(50))))
                .post("/api/volunteers/{id}/tests", id).then().statusCode(200)
                .body("eligible", is(false))
                .body("ineligibleReasons", contains("TEST_TOO_OLD"));

        As.volunteer(id).contentType(ContentType.JSON)
                .body(Map.of("result", "POSITIVE", "takenAt", Rfc3339.of(OffsetDateTime.now().minusHours(1))))
                .post("/api/volunteers/{id}/tests", id).then().statusCode(200)
                .body("onDuty", is(false))
                .body("ineligibleReasons", containsInAnyOrder("POSITIVE_TEST", "OFF_DUTY"));

        // An older negative entered late does not hide the positive, and nobody goes on duty with it.
        As.volunteer(id).contentType(ContentType.JSON)
                .body(Map.of("result", "NEGATIVE", "takenAt", Rfc3339.of(OffsetDateTime.now().minusHours(2))))
                .post("/api/volunteers/{id}/tests", id).then().statusCode(200)
                .body("latestTestResult", equalTo("POSITIVE"));
        As.volunteer(id).contentType(ContentType.JSON).body(Map.of("onDuty", true))
                .put("/api/volunteers/{id}/duty", id)
                .then().statusCode(409).body("detail", containsString("negative test"));

        // A new negative test lets them back on duty.
        As.volunteer(id).contentType(ContentType.JSON)
                .body(Map.of("result", "NEGATIVE", "takenAt", Rfc3339.of(OffsetDateTime.now().minusMinutes(10))))
                .post("/api/volunteers/{id}/tests", id).then().statusCode(200);
        As.volunteer(id).contentType(ContentType.JSON).body(Map.of("onDuty", true))
                .put("/api/volunteers/{id}/duty", id)
                .then().statusCode(200).body("eligible", is(true));
    }

    /**
     * Issue 13: a positive a grid worker recorded stands until a grid worker or admin records a later negative; the
     * volunteer's own negative minutes later is refused and changes nothing, here or in what dispatch is told.
     */
    @Test
    void a_volunteers_own_negative_never_lifts_a_positive_a_grid_worker_recorded() {
        long compound = IDS.incrementAndGet();
        long id = register(compound, knownBuilding(compound));
        OffsetDateTime positiveAt = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).minusHours(1);
        As.gridWorker("w1", GRID).contentType(ContentType.JSON)
                .body(Map.of("result", "POSITIVE", "takenAt", Rfc3339.of(positiveAt)))
                .post("/api/volunteers/{id}/tests", id).then().statusCode(200)
                .body("latestTestResult", equalTo("POSITIVE"));

        OffsetDateTime ownAt = positiveAt.plusMinutes(5);
        As.volunteer(id).contentType(ContentType.JSON)
                .body(Map.of("result", "NEGATIVE", "takenAt", Rfc3339.of(ownAt)))
                .post("/api/volunteers/{id}/tests", id).then()
                .statusCode(409).contentType("application/problem+json")
                .body("title", equalTo("Conflict"))
                .body("detail", containsString("recorded by a grid worker or an admin stands"));
        As.volunteer(id).get("/api/volunteers/{id}", id).then().statusCode(200)
                .body("latestTestResult", equalTo("POSITIVE"))
                .body("ineligibleReasons", hasItem("POSITIVE_TEST"));
        As.volunteer(id).contentType(ContentType.JSON).body(Map.of("onDuty", true))
                .put("/api/volunteers/{id}/duty", id).then().statusCode(409);

        // A grid worker's negative taken at the same moment as the positive: a tie, decided against the volunteer.
        As.gridWorker("w1", GRID).contentType(ContentType.JSON)
                .body(Map.of("result", "NEGATIVE", "takenAt", Rfc3339.of(positiveAt)))
                .post("/api/volunteers/{id}/tests", id).then().statusCode(200)
                .body("latestTestResult", equalTo("POSITIVE"))
                .body("ineligibleReasons", hasItem("POSITIVE_TEST"));

        // An admin's negative taken after it lifts it; from then on the volunteer's own reports count again.
        As.admin().contentType(ContentType.JSON)
                .body(Map.of("result", "NEGATIVE", "takenAt", Rfc3339.of(positiveAt.plusMinutes(30))))
                .post("/api/volunteers/{id}/tests", id).then().statusCode(200)
                .body("latestTestResult", equalTo("NEGATIVE"));
        OffsetDateTime laterOwnAt = positiveAt.plusMinutes(40);
        As.volunteer(id).contentType(ContentType.JSON)
                .body(Map.of("result", "NEGATIVE", "takenAt", Rfc3339.of(laterOwnAt)))
                .post("/api/volunteers/{id}/tests", id).then().statusCode(200)
                .body("latestTestResult", equalTo("NEGATIVE"));
        As.volunteer(id).contentType(ContentType.JSON).body(Map.of("onDuty", true))
                .put("/api/volunteers/{id}/duty", id).then().statusCode(200)
                .body("eligible", is(true));

        // Dispatch judges from what was published: the positive, then the lifted state; never the refused report.
        EventEnvelope onDuty = events.await(Topic.VOLUNTEERS, e -> e.aggregateId().equals(String.valueOf(id))
                && EventProbe.payload(e, VolunteerState.class).onDuty(), Duration.ofSeconds(20));
        assertNotNull(onDuty, "an on-duty VolunteerState event for volunteer " + id);
        // In the order first published (a resent event repeats one, and changes nothing).
        List<String> published = events.all(Topic.VOLUNTEERS, e -> e.aggregateId().equals(String.valueOf(id)))
                .stream().map(e -> EventProbe.payload(e, VolunteerState.class))
                .map(state -> state.latestTestResult() == null ? "none"
                        : state.latestTestResult() + " " + state.latestTestTakenAt().toInstant())
                .distinct().toList();
        assertEquals(List.of("none", "POSITIVE " + positiveAt.toInstant(),
                "NEGATIVE " + positiveAt.plusMinutes(30).toInstant(), "NEGATIVE " + laterOwnAt.toInstant()), published);
    }

    @Test
    void a_self_registered_volunteer_waits_for_a_grid_workers_vetting() {
        long compound = IDS.incrementAndGet();
        long building = knownBuilding(compound);
        register(compound, building);
        Map<String, Object> self = new java.util.HashMap<>(registration(compound, List.of(building)));
        self.put("selfRegistered", true);
        // A resident signs up themself; the grid worker of the compound's grid vets them.
        long id = As.resident("wang.fang").contentType(ContentType.JSON).body(self).post("/api/volunteers").then()
                .statusCode(201).body("vetting", equalTo("PENDING")).extract().jsonPath().getLong("id");
        As.volunteer(id).get("/api/volunteers/{id}", id).then().body("ineligibleReasons", hasItem("NOT_VETTED"));

        As.gridWorker("w1", GRID).contentType(ContentType.JSON)
                .body(Map.of("decision", "APPROVED", "note", "known to the committee"))
                .post("/api/volunteers/{id}/vetting", id).then().statusCode(200)
                .body("vetting", equalTo("APPROVED"))
                .body("ineligibleReasons", not(hasItem("NOT_VETTED")));
        As.gridWorker("w1", GRID).contentType(ContentType.JSON).body(Map.of("decision", "PENDING"))
                .post("/api/volunteers/{id}/vetting", id).then().statusCode(400);
        As.gridWorker("w1", GRID).contentType(ContentType.JSON).body(Map.of("decision", "REJECTED"))
                .post("/api/volunteers/{id}/vetting", id).then().statusCode(200)
                .body("vetting", equalTo("REJECTED")).body("onDuty", is(false));
    }

    @Test
    void completed_runs_count_in_the_volunteers_record() {
        long compound = IDS.incrementAndGet();
        long building = knownBuilding(compound);
        long id = register(compound, building);
        long runId = IDS.incrementAndGet();
        RunChanged done = new RunChanged(runId, building, id, RunStatus.DONE, List.of(1L, 2L, 3L), 2, 1,
                OffsetDateTime.now(ZoneOffset.UTC));
        EventEnvelope sent = events.send(Topic.DISPATCH, String.valueOf(building), RunChanged.TYPE,
                "dispatch-service", "Run", runId, done);
        // The same event delivered twice counts once.
        events.sendRaw(Topic.DISPATCH, String.valueOf(building), EventProbe.write(sent));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> As.admin().get("/api/volunteers/{id}", id).then()
                .body("record.runsCompleted", equalTo(1))
                .body("record.handoffsDelivered", equalTo(2))
                .body("record.handoffsFailed", equalTo(1)));
        As.admin().get("/api/volunteers/{id}", id).then().body("record.runsCompleted", equalTo(1));
    }

    @Test
    void bad_registrations_get_a_problem_saying_what_to_fix() {
        long compound = IDS.incrementAndGet();
        long building = knownBuilding(compound);
        register(compound, building);

        invalidOnPurpose(As.admin()).contentType(ContentType.JSON).body(Map.of("phone", "1", "compoundId", compound,
                        "buildingIds", List.of(), "capacity", 0))
                .post("/api/volunteers").then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("detail", containsString("name"))
                .body("violations.field", hasItem("name"))
                .body("violations.field", hasItem("capacity"))
                .body("violations.field", hasItem("buildingIds"))
                .body("violations.field", hasItem("phone"));

        invalidOnPurpose(As.admin()).contentType(ContentType.JSON).body("{not json").post("/api/volunteers").then()
                .statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("not valid JSON"));

        invalidOnPurpose(As.admin()).contentType(ContentType.JSON).body(Map.of("name", "Li", "phone", "13800000000",
                        "compoundId", compound, "buildingIds", List.of("seven"), "capacity", 3))
                .post("/api/volunteers").then()
                .statusCode(400).contentType("application/problem+json");

        As.admin().contentType(ContentType.JSON).body(registration(compound, List.of(999_999_999L)))
                .post("/api/volunteers").then()
                .statusCode(404).contentType("application/problem+json")
                .body("detail", containsString("Building 999999999 does not exist"));

        As.admin().contentType(ContentType.JSON).body(registration(compound + 1, List.of(building)))
                .post("/api/volunteers").then()
                .statusCode(422).contentType("application/problem+json")
                .body("detail", containsString("compound"));

        invalidOnPurpose(As.admin()).contentType(ContentType.TEXT).body("hello").post("/api/volunteers").then()
                .statusCode(415).contentType("application/problem+json");
    }

    @Test
    void bad_tests_and_unknown_volunteers_get_a_problem() {
        long compound = IDS.incrementAndGet();
        long id = register(compound, knownBuilding(compound));

        invalidOnPurpose(As.admin()).contentType(ContentType.JSON)
                .body(Map.of("result", "MAYBE", "takenAt", Rfc3339.of(OffsetDateTime.now())))
                .post("/api/volunteers/{id}/tests", id).then()
                .statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("NEGATIVE, POSITIVE"));

        As.admin().contentType(ContentType.JSON)
                .body(Map.of("result", "NEGATIVE", "takenAt", Rfc3339.of(OffsetDateTime.now().plusDays(2))))
                .post("/api/volunteers/{id}/tests", id).then()
                .statusCode(422).body("detail", containsString("future"));

        invalidOnPurpose(As.admin()).contentType(ContentType.JSON)
                .body(Map.of("result", "NEGATIVE", "takenAt", "yesterday"))
                .post("/api/volunteers/{id}/tests", id).then()
                .statusCode(400).body("violations.field", hasItem("takenAt"));

        invalidOnPurpose(As.admin()).contentType(ContentType.JSON).body(Map.of())
                .put("/api/volunteers/{id}/duty", id).then()
                .statusCode(400).body("violations.field", hasItem("onDuty"));

        As.admin().get("/api/volunteers/{id}", 987_654_321L).then()
                .statusCode(404).contentType("application/problem+json")
                .body("detail", equalTo("Volunteer 987654321 does not exist."));

        invalidOnPurpose(As.admin()).get("/api/volunteers/abc").then().statusCode(404).contentType("application/problem+json")
                .body("detail", containsString("nothing at this address"));

        // None of the refused requests left anything behind: no test on file, still off duty, nothing audited.
        As.admin().get("/api/volunteers/{id}", id).then().statusCode(200)
                .body("latestTestResult", nullValue())
                .body("onDuty", is(false))
                .body("ineligibleReasons", containsInAnyOrder("OFF_DUTY", "NO_TEST_ON_FILE"));
        assertEquals(List.of("VOLUNTEER_REGISTERED"), AuditTrail.readBy(As.admin().queryParam("gridId", GRID))
                .about("Volunteer", id).stream().map(e -> e.get("action")).toList());
    }
}
