package org.doorstep.volunteer;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.doorstep.common.contracts.BuildingState;
import org.doorstep.common.contracts.BuildingStatus;
import org.doorstep.common.events.Topic;
import org.doorstep.testkit.AccessMatrix;
import org.doorstep.testkit.AccessMatrix.Case;
import org.doorstep.testkit.As;
import org.doorstep.testkit.DoorstepTestServers;
import org.doorstep.testkit.EventProbe;
import org.doorstep.testkit.FakeWeChat;
import org.doorstep.testkit.TestIdentity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;
import static org.doorstep.testkit.AccessMatrix.call;
import static org.doorstep.testkit.AccessMatrix.row;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Who may see and do what in volunteer-service (docs/security.md): one row per endpoint and the exact status for each
 * kind of caller, tried against fresh volunteers of a compound with a building in grid G_IN, one in grid G_OUT and one
 * in no grid. A grid worker manages the volunteers who serve a building of their grids, not every volunteer of a
 * compound that has one.
 */
@QuarkusTest
@WithTestResource(value = DoorstepTestServers.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeWeChat.class, scope = TestResourceScope.GLOBAL)
class AccessMatrixTest {

    /** Far from the ids the other tests of this service use: a shared building id would move its compound. */
    private static final AtomicLong IDS = new AtomicLong(3_000_000_000L + System.nanoTime() % 1_000_000 * 1000);
    private static final String PHONE = "13812345678";
    private static final long UNKNOWN = 9_876_543_210L;

    private static EventProbe events;

    /**
     * G_IN's compound (whose other buildings are in G_OUT and in no grid), a compound of G_OUT only, and one whose
     * building is in no grid.
     */
    private static World world;

    /** The volunteer the current case acts on (VOLUNTEER_OWNER), made fresh by each case's setup. */
    private static volatile long owner;

    record World(long gridIn, long gridOut, long compoundIn, long buildingIn, long buildingInOtherGrid,
                 long buildingInNoGrid, long compoundOut, long buildingOut, long compoundNone, long buildingNone,
                 long otherVolunteer) {
    }

    @BeforeAll
    static void connect() throws Exception {
        events = new EventProbe(DoorstepTestServers.broker().bootstrapServers());
    }

    @AfterAll
    static void disconnect() {
        events.close();
    }

    /** Announces the buildings once and waits until this service knows them all. */
    private static synchronized World world() {
        if (world == null) {
            long gridIn = IDS.incrementAndGet();
            long gridOut = IDS.incrementAndGet();
            long compoundIn = IDS.incrementAndGet();
            long compoundOut = IDS.incrementAndGet();
            long compoundNone = IDS.incrementAndGet();
            long buildingIn = announce(compoundIn, gridIn);
            long buildingInOtherGrid = announce(compoundIn, gridOut);
            long buildingInNoGrid = announce(compoundIn, null);
            long buildingOut = announce(compoundOut, gridOut);
            long buildingNone = announce(compoundNone, null);
            long other = awaitRegistered(compoundIn, buildingIn);
            awaitRegistered(compoundIn, buildingInOtherGrid);
            awaitRegistered(compoundIn, buildingInNoGrid);
            awaitRegistered(compoundOut, buildingOut);
            awaitRegistered(compoundNone, buildingNone);
            world = new World(gridIn, gridOut, compoundIn, buildingIn, buildingInOtherGrid, buildingInNoGrid,
                    compoundOut, buildingOut, compoundNone, buildingNone, other);
            owner = other;
        }
        return world;
    }

    /** dispatch-service announces a building of the compound in the grid (null: in none). */
    private static long announce(long compoundId, Long gridId) {
        long buildingId = IDS.incrementAndGet();
        events.send(Topic.BUILDINGS, String.valueOf(buildingId), BuildingState.TYPE, "dispatch-service", "Building",
                buildingId, new BuildingState(buildingId, compoundId, "Building " + buildingId, BuildingStatus.SEALED,
                        OffsetDateTime.now(ZoneOffset.UTC), "w1", null, gridId));
        return buildingId;
    }

    private static long awaitRegistered(long compoundId, long buildingId) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> {
            var response = As.admin().contentType(ContentType.JSON)
                    .body(registration(compoundId, buildingId, false)).post("/api/volunteers");
            return response.statusCode() == 201 ? response.jsonPath().getLong("id") : null;
        }, notNullValue());
    }

    private static Map<String, Object> registration(long compoundId, long buildingId, boolean selfRegistered) {
        return registration(compoundId, List.of(buildingId), selfRegistered);
    }

    private static Map<String, Object> registration(long compoundId, List<Long> buildingIds, boolean selfRegistered) {
        Map<String, Object> body = new HashMap<>(Map.of("name", "Wang Fang", "phone", PHONE,
                "compoundId", compoundId, "buildingIds", buildingIds, "capacity", 4));
        body.put("selfRegistered", selfRegistered);
        return body;
    }

    /**
     * A fresh volunteer of G_IN's compound serving the buildings, registered by an admin; becomes the case's
     * VOLUNTEER_OWNER.
     */
    private static long fresh(boolean pending, Long... buildingIds) {
        World w = world();
        long id = As.admin().contentType(ContentType.JSON)
                .body(registration(w.compoundIn(), List.of(buildingIds), pending)).post("/api/volunteers")
                .then().statusCode(201).extract().jsonPath().getLong("id");
        owner = id;
        return id;
    }

    /** A fresh volunteer serving G_IN's building. */
    private static long fresh(boolean pending) {
        return fresh(pending, world().buildingIn());
    }

    private static long fresh() {
        return fresh(false);
    }

    private RequestSpecification as(Case c) {
        World w = world();
        return new AccessMatrix.Callers("resident-owner", "resident-other", owner, w.otherVolunteer(), w.gridIn(),
                w.gridOut()).as(c);
    }

    private static Map<String, Object> negativeTest() {
        return Map.of("result", "NEGATIVE", "takenAt", OffsetDateTime.now(ZoneOffset.UTC).minusHours(1).toString());
    }

    private List<AccessMatrix.Row> rows() {
        World w = world();
        //                                                      cases: NO_TOKEN RESIDENT_OWNER RESIDENT_OTHER
        //                             VOLUNTEER_OWNER VOLUNTEER_OTHER GRID_WORKER_IN GRID_WORKER_OUT ADMIN
        return List.of(
                // Sign-up (a resident, PENDING), or registration by an admin or by a grid worker for buildings of
                // their own grids only: not for another grid's building of the same compound.
                row("POST", "/api/volunteers", c -> {
                    fresh();
                    return call("/api/volunteers", registration(w.compoundIn(), w.buildingIn(), false));
                }, "401 201 201 403 403 201 403 201"),
                row("POST", "/api/volunteers", c -> {
                    fresh();
                    return call("/api/volunteers", registration(w.compoundIn(), w.buildingInOtherGrid(), false));
                }, "401 201 201 403 403 403 201 201"),
                row("POST", "/api/volunteers", c -> {
                    fresh();
                    return call("/api/volunteers", registration(w.compoundIn(),
                            List.of(w.buildingIn(), w.buildingInOtherGrid()), false));
                }, "401 201 201 403 403 403 403 201"),
                row("POST", "/api/volunteers", c -> {
                    fresh();
                    return call("/api/volunteers", registration(w.compoundIn(), w.buildingInNoGrid(), false));
                }, "401 201 201 403 403 403 403 201"),
                row("POST", "/api/volunteers", c -> {
                    fresh();
                    return call("/api/volunteers", registration(w.compoundOut(), w.buildingOut(), false));
                }, "401 201 201 403 403 403 201 201"),
                // A compound with no building in any grid: an admin's alone.
                row("POST", "/api/volunteers", c -> {
                    fresh();
                    return call("/api/volunteers", registration(w.compoundNone(), w.buildingNone(), false));
                }, "401 201 201 403 403 403 403 201"),

                row("GET", "/api/volunteers/{id}", c -> call("/api/volunteers/" + fresh()),
                        "401 403 403 200 403 200 403 200"),
                // The same compound, served in another grid's building only: that grid worker's, not G_IN's.
                row("GET", "/api/volunteers/{id}",
                        c -> call("/api/volunteers/" + fresh(false, w.buildingInOtherGrid())),
                        "401 403 403 200 403 403 200 200"),
                // Serving buildings of both grids: both grid workers manage them.
                row("GET", "/api/volunteers/{id}",
                        c -> call("/api/volunteers/" + fresh(false, w.buildingIn(), w.buildingInOtherGrid())),
                        "401 403 403 200 403 200 200 200"),
                // Serving only a building in no grid: an admin's alone.
                row("GET", "/api/volunteers/{id}",
                        c -> call("/api/volunteers/" + fresh(false, w.buildingInNoGrid())),
                        "401 403 403 200 403 403 403 200"),
                row("GET", "/api/volunteers/{id}", c -> {
                    fresh();
                    return call("/api/volunteers/" + UNKNOWN);
                }, "401 403 403 403 403 404 404 404"),

                row("POST", "/api/volunteers/{id}/tests",
                        c -> call("/api/volunteers/" + fresh() + "/tests", negativeTest()),
                        "401 403 403 200 403 200 403 200"),
                row("POST", "/api/volunteers/{id}/tests",
                        c -> call("/api/volunteers/" + fresh(false, w.buildingInOtherGrid()) + "/tests",
                                negativeTest()),
                        "401 403 403 200 403 403 200 200"),
                row("POST", "/api/volunteers/{id}/tests", c -> {
                    fresh();
                    return call("/api/volunteers/" + UNKNOWN + "/tests", negativeTest());
                }, "401 403 403 403 403 404 404 404"),

                row("PUT", "/api/volunteers/{id}/duty",
                        c -> call("/api/volunteers/" + fresh() + "/duty", Map.of("onDuty", true)),
                        "401 403 403 200 403 200 403 200"),
                row("PUT", "/api/volunteers/{id}/duty",
                        c -> call("/api/volunteers/" + fresh(false, w.buildingInNoGrid()) + "/duty",
                                Map.of("onDuty", true)),
                        "401 403 403 200 403 403 403 200"),
                row("PUT", "/api/volunteers/{id}/duty", c -> {
                    fresh();
                    return call("/api/volunteers/" + UNKNOWN + "/duty", Map.of("onDuty", true));
                }, "401 403 403 403 403 404 404 404"),

                // Vetting a fresh sign-up: never the volunteer themself.
                row("POST", "/api/volunteers/{id}/vetting",
                        c -> call("/api/volunteers/" + fresh(true) + "/vetting", Map.of("decision", "APPROVED")),
                        "401 403 403 403 403 200 403 200"),
                row("POST", "/api/volunteers/{id}/vetting",
                        c -> call("/api/volunteers/" + fresh(true, w.buildingInOtherGrid()) + "/vetting",
                                Map.of("decision", "APPROVED")),
                        "401 403 403 403 403 403 200 200"),
                row("POST", "/api/volunteers/{id}/vetting", c -> {
                    fresh(true);
                    return call("/api/volunteers/" + UNKNOWN + "/vetting", Map.of("decision", "APPROVED"));
                }, "401 403 403 403 403 404 404 404"),

                // A WeChat binding code: a grid worker who manages the volunteer or an admin, never the volunteer.
                row("POST", "/api/volunteers/{id}/wechat-binding",
                        c -> call("/api/volunteers/" + fresh() + "/wechat-binding"),
                        "401 403 403 403 403 201 403 201"),
                row("POST", "/api/volunteers/{id}/wechat-binding",
                        c -> call("/api/volunteers/" + fresh(false, w.buildingInOtherGrid()) + "/wechat-binding"),
                        "401 403 403 403 403 403 201 201"),
                row("POST", "/api/volunteers/{id}/wechat-binding", c -> {
                    fresh();
                    return call("/api/volunteers/" + UNKNOWN + "/wechat-binding");
                }, "401 403 403 403 403 404 404 404"),
                // Sign-in needs no token: everyone gets what the code earns (this one WeChat does not know).
                row("POST", "/api/auth/wechat", c -> call("/api/auth/wechat", Map.of("code", "not-a-code")),
                        "401 401 401 401 401 401 401 401"),

                // A volunteer's own messages (run calls) and WeChat consents: a volunteer's token only, each their own.
                row("GET", "/api/me/notifications", c -> {
                    fresh();
                    return call("/api/me/notifications");
                }, "401 403 403 200 200 403 403 403"),
                row("GET", "/api/me/subscriptions", c -> {
                    fresh();
                    return call("/api/me/subscriptions");
                }, "401 403 403 200 200 403 403 403"),
                row("POST", "/api/me/subscriptions", c -> {
                    fresh();
                    return call("/api/me/subscriptions", Map.of("tmpl-new-run", "accept"));
                }, "401 403 403 200 200 403 403 403"),

                // The audit trail: a grid worker their grids' part, an admin all.
                row("GET", "/api/audit", c -> {
                    fresh();
                    return call("/api/audit");
                }, "401 403 403 403 403 200 200 200"),
                row("GET", "/api/audit", c -> {
                    fresh();
                    return call("/api/audit?gridId=" + w.gridIn());
                }, "401 403 403 403 403 200 403 200"),
                row("GET", "/api/audit/verification", c -> call("/api/audit/verification"),
                        "401 403 403 403 403 403 403 200"));
    }

    @Test
    void every_endpoint_answers_every_kind_of_caller_as_the_rules_say() {
        List<AccessMatrix.Row> rows = rows();
        String openApi = As.nobody().queryParam("format", "json").get("/q/openapi")
                .then().statusCode(200).extract().asString();
        assertEquals(List.of(), AccessMatrix.uncovered(rows, openApi));

        List<String> wrong = AccessMatrix.run(rows, this::as);
        assertTrue(wrong.isEmpty(), "calls that answered otherwise than the table says:\n" + String.join("\n", wrong));
    }

    @Test
    void a_resident_who_signs_up_waits_for_vetting_whatever_the_body_says() {
        World w = world();
        long id = As.resident("li.lei").contentType(ContentType.JSON)
                .body(registration(w.compoundIn(), w.buildingIn(), false)).post("/api/volunteers")
                .then().statusCode(201)
                .body("vetting", equalTo("PENDING"))
                .body("ineligibleReasons", hasItem("NOT_VETTED"))
                .extract().jsonPath().getLong("id");

        // Once the identity provider gives them a volunteer's token, they read their own record.
        As.volunteer(id).get("/api/volunteers/{id}", id).then().statusCode(200).body("vetting", equalTo("PENDING"));
    }

    @Test
    void a_vetting_is_audited_with_actor_and_role_for_the_grid_workers_who_manage_the_volunteer_only() {
        World w = world();
        long id = As.resident("li.lei").contentType(ContentType.JSON)
                .body(registration(w.compoundIn(), w.buildingIn(), false)).post("/api/volunteers")
                .then().statusCode(201).extract().jsonPath().getLong("id");
        As.gridWorker("w-in", w.gridIn()).contentType(ContentType.JSON)
                .body(Map.of("decision", "APPROVED", "note", "known to the committee, call " + PHONE))
                .post("/api/volunteers/{id}/vetting", id).then().statusCode(200).body("vetting", equalTo("APPROVED"));
        As.volunteer(id).contentType(ContentType.JSON).body(negativeTest())
                .post("/api/volunteers/{id}/tests", id).then().statusCode(200);
        As.volunteer(id).contentType(ContentType.JSON).body(Map.of("onDuty", true))
                .put("/api/volunteers/{id}/duty", id).then().statusCode(200);

        List<Map<String, Object>> seenInGrid = auditOf(As.gridWorker("w-in", w.gridIn()), id);
        Map<String, Object> vetted = only(seenInGrid, "VOLUNTEER_VETTED");
        assertEquals("w-in", vetted.get("actor"));
        assertEquals("GRID_WORKER", vetted.get("role"));
        assertEquals("Volunteer", vetted.get("subjectType"));
        assertEquals(w.compoundIn(), ((Number) vetted.get("compoundId")).longValue());
        assertTrue(String.valueOf(vetted.get("detail")).startsWith("APPROVED (was PENDING)"), vetted.toString());
        assertTrue(vetted.get("at") != null, "a time: " + vetted);

        Map<String, Object> registered = only(seenInGrid, "VOLUNTEER_REGISTERED");
        assertEquals("li.lei", registered.get("actor"));
        assertEquals("RESIDENT", registered.get("role"));
        assertTrue(String.valueOf(registered.get("detail")).contains("PENDING"), registered.toString());

        Map<String, Object> tested = only(seenInGrid, "TEST_RECORDED");
        assertEquals(String.valueOf(id), tested.get("actor"));
        assertEquals("VOLUNTEER", tested.get("role"));
        assertTrue(String.valueOf(tested.get("detail")).startsWith("NEGATIVE"), tested.toString());

        Map<String, Object> duty = only(seenInGrid, "DUTY_CHANGED");
        assertEquals("on duty", duty.get("detail"));

        // No phone number, not even one written into a vetting note.
        for (Map<String, Object> entry : seenInGrid) {
            assertFalse(String.valueOf(entry).contains(PHONE), "a phone number in the audit: " + entry);
            assertFalse(String.valueOf(entry).contains("****5678"), "a masked phone in the audit: " + entry);
        }

        // An admin sees them too, also narrowed to the grid; a grid worker of another grid does not.
        assertEquals(4, auditOf(As.admin(), id).size());
        assertEquals(4, auditOf(As.admin().queryParam("gridId", w.gridIn()), id).size());
        assertEquals(List.of(), auditOf(As.gridWorker("w-out", w.gridOut()), id));
        As.gridWorker("w-out", w.gridOut()).queryParam("gridId", w.gridIn()).get("/api/audit")
                .then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void a_volunteer_token_must_name_a_volunteer_and_a_bad_token_is_401() {
        long id = fresh();
        As.role("VOLUNTEER", "not-a-number").get("/api/volunteers/{id}", id).then()
                .statusCode(403).contentType("application/problem+json");

        long now = Instant.now().getEpochSecond();
        String expired = TestIdentity.sign(TestIdentity.claims(TestIdentity.ISSUER, TestIdentity.AUDIENCE, "ADMIN",
                "root", now - 7200, now - 3600));
        String otherIssuer = TestIdentity.sign(TestIdentity.claims("https://elsewhere.example", TestIdentity.AUDIENCE,
                "ADMIN", "root", now, now + 3600));
        for (String token : List.of(expired, otherIssuer, "not.a.token")) {
            As.nobody().auth().oauth2(token).get("/api/volunteers/{id}", id).then()
                    .statusCode(401).contentType("application/problem+json");
        }
    }

    /** The audit entries about the volunteer that the caller may read. */
    private static List<Map<String, Object>> auditOf(RequestSpecification caller, long volunteerId) {
        List<Map<String, Object>> entries = caller.queryParam("limit", 1000).get("/api/audit")
                .then().statusCode(200).extract().jsonPath().getList("$");
        return entries.stream()
                .filter(e -> "Volunteer".equals(e.get("subjectType")) && String.valueOf(volunteerId)
                        .equals(e.get("subjectId")))
                .toList();
    }

    private static Map<String, Object> only(List<Map<String, Object>> entries, String action) {
        List<Map<String, Object>> found = entries.stream().filter(e -> action.equals(e.get("action"))).toList();
        assertEquals(1, found.size(), action + " once in " + entries);
        return found.get(0);
    }
}
