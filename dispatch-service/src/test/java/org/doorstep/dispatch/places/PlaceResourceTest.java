package org.doorstep.dispatch.places;

import org.doorstep.testkit.As;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.doorstep.common.contracts.BuildingState;
import org.doorstep.common.contracts.BuildingStatus;
import org.doorstep.common.events.EventEnvelope;
import org.doorstep.common.events.Topic;
import org.doorstep.dispatch.WithFixture;
import org.doorstep.testkit.DoorstepTestServers;
import org.doorstep.testkit.EventProbe;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.doorstep.testkit.OpenApiValidation.invalidOnPurpose;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

@QuarkusTest
@WithTestResource(value = DoorstepTestServers.class, scope = TestResourceScope.GLOBAL)
class PlaceResourceTest extends WithFixture {

    @Test
    void a_grid_worker_creates_a_compound_and_a_sealed_building_whose_state_is_published() {
        long compound = As.admin().contentType(ContentType.JSON).body(Map.of("name", "Hongkou Lane 7"))
                .post("/api/compounds").then()
                .statusCode(201).header("Location", containsString("/api/compounds/"))
                .body("name", equalTo("Hongkou Lane 7"))
                .extract().jsonPath().getLong("id");
        long building = As.admin().contentType(ContentType.JSON)
                .body(Map.of("compoundId", compound, "name", "Building 12", "status", "SEALED"))
                .post("/api/buildings").then()
                .statusCode(201).header("Location", containsString("/api/buildings/"))
                .body("compoundId", equalTo((int) compound))
                .body("status", equalTo("SEALED"))
                .extract().jsonPath().getLong("id");

        As.admin().get("/api/buildings/{id}", building).then().statusCode(200)
                .body("name", equalTo("Building 12"))
                .body("statusSince", notNullValue());

        EventEnvelope event = fixture.events.await(Topic.BUILDINGS,
                e -> e.aggregateId().equals(String.valueOf(building)), Duration.ofSeconds(20));
        assertNotNull(event);
        BuildingState state = EventProbe.payload(event, BuildingState.class);
        assertEquals(BuildingStatus.SEALED, state.status());
        assertEquals(compound, state.compoundId());
    }

    @Test
    void a_status_change_is_recorded_with_time_author_and_reason() {
        long compound = fixture.compound("Status Court");
        long building = fixture.building(compound, "Building 1", "PRECAUTION");
        As.role("ADMIN", "Zhang Wei").contentType(ContentType.JSON)
                .body(Map.of("status", "SEALED", "reason", "positive case on floor 6"))
                .put("/api/buildings/{id}/status", building).then()
                .statusCode(200).body("status", equalTo("SEALED"));
        As.admin().get("/api/buildings/{id}/status-history", building).then()
                .body("$", hasSize(2))
                .body("[1].status", equalTo("SEALED"))
                .body("[1].by", equalTo("Zhang Wei"))
                .body("[1].reason", equalTo("positive case on floor 6"))
                .body("[1].at", notNullValue());

        // Published, so the other services and their pages know at once.
        EventEnvelope event = fixture.events.await(Topic.BUILDINGS, e -> e.aggregateId().equals(String.valueOf(building))
                && EventProbe.payload(e, BuildingState.class).status() == BuildingStatus.SEALED, Duration.ofSeconds(20));
        assertNotNull(event, "a BuildingState of the sealed building");
        BuildingState sealed = EventProbe.payload(event, BuildingState.class);
        assertEquals("Zhang Wei", sealed.changedBy());
        assertEquals("positive case on floor 6", sealed.reason());
    }

    @Test
    void a_resident_chooses_a_building_from_the_compounds_and_their_buildings_by_name() {
        long compound = fixture.compound("Zz Pick Court " + System.nanoTime());
        long b2 = fixture.building(compound, "Building 2", "SEALED");
        long b1 = fixture.building(compound, "Building 1", "OPEN");
        As.resident("chooser").queryParam("q", "Zz Pick Court").get("/api/compounds").then().statusCode(200)
                .body("find { it.id == " + compound + " }.name", containsString("Zz Pick Court"));
        As.resident("chooser").get("/api/compounds/{id}/buildings", compound).then().statusCode(200)
                .body("id", contains((int) b1, (int) b2))
                .body("name", contains("Building 1", "Building 2"))
                .body("status", contains("OPEN", "SEALED"));
        As.resident("chooser").get("/api/compounds/{id}/buildings", 987654321).then()
                .statusCode(404).contentType("application/problem+json");
    }

    /**
     * Issue 14: a district has more compounds than a phone's picker can hold. The list is bounded (limit, 200 unless
     * said) and q narrows it to the names that contain it, in any case, in Chinese as in pinyin; LIKE's wildcards in
     * q are plain characters.
     */
    @Test
    void a_resident_finds_their_compound_by_part_of_its_name_in_any_case_and_in_chinese() {
        String tag = Long.toString(System.nanoTime(), 36);
        long garden = fixture.compound("金桥花园 Jinqiao Garden " + tag);
        long north = fixture.compound("金桥北苑 Jinqiao North " + tag);
        long lane = fixture.compound("虹口里 Hongkou Lane " + tag);
        long percent = fixture.compound("100% Court " + tag);

        List<Integer> tagged = As.resident("chooser").queryParam("q", tag.toUpperCase()).get("/api/compounds")
                .then().statusCode(200).extract().jsonPath().getList("id");
        assertEquals(Set.of((int) garden, (int) north, (int) lane, (int) percent), Set.copyOf(tagged));
        As.resident("chooser").queryParam("q", "jinqiao GARDEN " + tag).get("/api/compounds").then().statusCode(200)
                .body("id", contains((int) garden))
                .body("name", contains("金桥花园 Jinqiao Garden " + tag));
        As.resident("chooser").queryParam("q", "金桥").get("/api/compounds").then().statusCode(200)
                .body("id", hasItems((int) garden, (int) north))
                .body("id", not(hasItem((int) lane)))
                .body("name", everyItem(containsString("金桥")));
        // "%" and "_" are what they are, not "anything".
        As.resident("chooser").queryParam("q", "0% COURT " + tag).get("/api/compounds").then().statusCode(200)
                .body("id", contains((int) percent));
        As.resident("chooser").queryParam("q", "%").get("/api/compounds").then().statusCode(200)
                .body("id", hasItem((int) percent))
                .body("name", everyItem(containsString("%")));
        As.resident("chooser").queryParam("q", "_").get("/api/compounds").then().statusCode(200)
                .body("name", everyItem(containsString("_")));

        // Bounded: the first of the same order; a blank q is no filter.
        As.resident("chooser").queryParam("q", tag).queryParam("limit", 2).get("/api/compounds").then()
                .statusCode(200).body("id", contains(tagged.get(0), tagged.get(1)));
        As.resident("chooser").queryParam("q", " ").queryParam("limit", 3).get("/api/compounds").then()
                .statusCode(200).body("size()", equalTo(3));
        for (int limit : List.of(0, 1001)) {
            invalidOnPurpose(As.resident("chooser")).queryParam("limit", limit).get("/api/compounds").then()
                    .statusCode(400).contentType("application/problem+json")
                    .body("detail", equalTo("limit must be between 1 and 1000."));
        }
        invalidOnPurpose(As.resident("chooser")).queryParam("q", "金".repeat(201)).get("/api/compounds").then()
                .statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("q must be at most 200 characters"));
    }

    @Test
    void bad_places_get_a_problem() {
        invalidOnPurpose(As.admin()).contentType(ContentType.JSON).body(Map.of()).post("/api/compounds").then()
                .statusCode(400).contentType("application/problem+json")
                .body("violations.field", hasItem("name"));
        As.admin().contentType(ContentType.JSON).body(Map.of("compoundId", 987654321, "name", "X", "status", "SEALED"))
                .post("/api/buildings").then()
                .statusCode(404).body("detail", containsString("Compound 987654321 does not exist"));
        long compound = fixture.compound("Bad Input Court");
        invalidOnPurpose(As.admin()).contentType(ContentType.JSON)
                .body(Map.of("compoundId", compound, "name", "X", "status", "CLOSED"))
                .post("/api/buildings").then()
                .statusCode(400).body("detail", containsString("SEALED, CONTROLLED, PRECAUTION, OPEN"));
        invalidOnPurpose(As.admin()).contentType(ContentType.JSON).body(Map.of("compoundId", compound,
                        "name", "x".repeat(201),
                        "status", "OPEN"))
                .post("/api/buildings").then().statusCode(400).body("violations[0].field", equalTo("name"));
        invalidOnPurpose(As.admin()).contentType(ContentType.JSON).body("[]").post("/api/compounds").then()
                .statusCode(400);
        As.admin().get("/api/buildings/{id}", 987654321).then().statusCode(404);
        invalidOnPurpose(As.admin()).contentType(ContentType.JSON).body(Map.of("reason", "none"))
                .put("/api/buildings/{id}/status", 987654321).then().statusCode(400)
                .body("violations.field", hasItem("status"));
    }
}
