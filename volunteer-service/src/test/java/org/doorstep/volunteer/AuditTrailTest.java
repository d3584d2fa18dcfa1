package org.doorstep.volunteer;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.doorstep.common.contracts.BuildingState;
import org.doorstep.common.contracts.BuildingStatus;
import org.doorstep.common.events.EventKeys;
import org.doorstep.common.events.Topic;
import org.doorstep.testkit.As;
import org.doorstep.testkit.AuditTrail;
import org.doorstep.testkit.DoorstepTestServers;
import org.doorstep.testkit.EventProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * volunteer-service's audit trail: a grid worker reads the entries of the volunteers who serve their grids'
 * buildings, not of every volunteer of the compound, and acts for exactly those; a vetting note is kept without phone
 * numbers.
 */
@QuarkusTest
@WithTestResource(value = DoorstepTestServers.class, scope = TestResourceScope.GLOBAL)
class AuditTrailTest {

    /** Far from the ids the other tests of this service use. */
    private static final AtomicLong IDS = new AtomicLong(5_000_000_000L + System.nanoTime() % 1_000_000 * 1000);
    private static final String PHONE = "13712345678";

    private static EventProbe events;

    @BeforeAll
    static void connect() throws Exception {
        events = new EventProbe(DoorstepTestServers.broker().bootstrapServers());
    }

    @AfterAll
    static void disconnect() {
        events.close();
    }

    /** dispatch-service announces a building of the compound in the grid (null: in none). */
    private static long building(long compoundId, Long gridId) {
        long buildingId = IDS.incrementAndGet();
        events.send(Topic.BUILDINGS, EventKeys.of(compoundId, buildingId), BuildingState.TYPE, "dispatch-service",
                "Building", buildingId, new BuildingState(buildingId, compoundId, "Building " + buildingId,
                        BuildingStatus.SEALED, OffsetDateTime.now(ZoneOffset.UTC), "w1", null, gridId));
        return buildingId;
    }

    /** A volunteer serving the buildings, signed up by a resident, once the buildings have reached the service. */
    private static long volunteer(long compoundId, List<Long> buildingIds) {
        Map<String, Object> body = Map.of("name", "Wang Fang", "phone", PHONE, "compoundId", compoundId,
                "buildingIds", buildingIds, "capacity", 4);
        return await().atMost(Duration.ofSeconds(20)).until(() -> {
            var response = As.resident("r-" + IDS.incrementAndGet()).contentType(ContentType.JSON).body(body)
                    .post("/api/volunteers");
            return response.statusCode() == 201 ? response.jsonPath().getLong("id") : null;
        }, notNullValue());
    }

    @Test
    void a_grid_worker_reads_the_volunteers_serving_their_grids_and_a_vetting_note_without_phone_numbers() {
        long compound = IDS.incrementAndGet();
        long gridA = IDS.incrementAndGet();
        long gridB = IDS.incrementAndGet();
        long inA = building(compound, gridA);
        long inB = building(compound, gridB);
        long inNone = building(compound, null);
        long servesA = volunteer(compound, List.of(inA));
        long servesB = volunteer(compound, List.of(inB));
        long servesNone = volunteer(compound, List.of(inNone));
        long servesBoth = volunteer(compound, List.of(inA, inB));

        // Grid A's worker vets a volunteer serving grid A; the note names a phone.
        As.gridWorker("w-a", gridA).contentType(ContentType.JSON)
                .body(Map.of("decision", "APPROVED", "note", "known to the committee, call 137-1234-5678"))
                .post("/api/volunteers/{id}/vetting", servesA).then().statusCode(200);

        AuditTrail seenByA = AuditTrail.readBy(As.gridWorker("w-a", gridA));
        assertEquals(Set.of(String.valueOf(servesA), String.valueOf(servesBoth)), seenByA.subjects("Volunteer"));
        assertEquals("APPROVED (was PENDING): known to the committee, call [number]",
                seenByA.about("Volunteer", servesA).stream().filter(e -> "VOLUNTEER_VETTED".equals(e.get("action")))
                        .findFirst().orElseThrow().get("detail"));

        AuditTrail seenByB = AuditTrail.readBy(As.gridWorker("w-b", gridB));
        assertEquals(Set.of(String.valueOf(servesB), String.valueOf(servesBoth)), seenByB.subjects("Volunteer"));

        // A volunteer serving only a building in no grid is an admin's alone.
        AuditTrail seenByAdmin = AuditTrail.readBy(As.admin());
        assertEquals(1, seenByAdmin.about("Volunteer", servesNone).size());
        assertEquals(Set.of(String.valueOf(servesB), String.valueOf(servesBoth)),
                AuditTrail.readBy(As.admin().queryParam("gridId", gridB)).subjects("Volunteer"));

        // One rule: a grid worker acts for exactly the volunteers whose entries they read, so nothing they change
        // is hidden from them. Those of the compound who serve other grids' buildings, or none in a grid, are not
        // theirs to see or to change.
        Map<String, AuditTrail> seenBy = Map.of("w-a", seenByA, "w-b", seenByB);
        Map<String, Long> gridOf = Map.of("w-a", gridA, "w-b", gridB);
        for (String worker : List.of("w-a", "w-b")) {
            Set<String> actsFor = new TreeSet<>();
            for (long volunteer : List.of(servesA, servesB, servesNone, servesBoth)) {
                int read = As.gridWorker(worker, gridOf.get(worker)).get("/api/volunteers/{id}", volunteer)
                        .then().extract().statusCode();
                int changed = As.gridWorker(worker, gridOf.get(worker)).contentType(ContentType.JSON)
                        .body(Map.of("onDuty", false)).put("/api/volunteers/{id}/duty", volunteer)
                        .then().extract().statusCode();
                assertEquals(read, changed, worker + " reads and changes volunteer " + volunteer + " alike");
                assertTrue(read == 200 || read == 403, worker + " on volunteer " + volunteer + ": " + read);
                if (read == 200) {
                    actsFor.add(String.valueOf(volunteer));
                }
            }
            assertEquals(seenBy.get(worker).subjects("Volunteer"), actsFor, worker);
        }
        As.gridWorker("w-a", gridA).contentType(ContentType.JSON).body(Map.of("decision", "APPROVED"))
                .post("/api/volunteers/{id}/vetting", servesB).then().statusCode(403)
                .contentType("application/problem+json");

        // A volunteer grid A's worker registers serves grid A's buildings: theirs to manage, and in their trail.
        long registeredByA = As.gridWorker("w-a", gridA).contentType(ContentType.JSON)
                .body(Map.of("name", "Li Ming", "phone", PHONE, "compoundId", compound, "buildingIds", List.of(inA),
                        "capacity", 3))
                .post("/api/volunteers").then().statusCode(201).extract().jsonPath().getLong("id");
        assertEquals(1, AuditTrail.readBy(As.gridWorker("w-a", gridA)).about("Volunteer", registeredByA).size());
        As.gridWorker("w-a", gridA).contentType(ContentType.JSON)
                .body(Map.of("name", "Li Ming", "phone", PHONE, "compoundId", compound,
                        "buildingIds", List.of(inA, inB), "capacity", 3))
                .post("/api/volunteers").then().statusCode(403).contentType("application/problem+json");

        List<String> phones = List.of(PHONE, "137-1234-5678", "****5678");
        for (AuditTrail trail : List.of(seenByA, seenByB, seenByAdmin)) {
            assertEquals(List.of(), trail.containingAny(phones), "no phone number in the audit trail");
        }
    }
}
