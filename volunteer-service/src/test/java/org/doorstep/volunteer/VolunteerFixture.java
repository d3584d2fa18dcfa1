package org.doorstep.volunteer;

import io.restassured.http.ContentType;
import org.doorstep.common.contracts.BuildingState;
import org.doorstep.common.contracts.BuildingStatus;
import org.doorstep.common.events.EventKeys;
import org.doorstep.common.events.Topic;
import org.doorstep.testkit.As;
import org.doorstep.testkit.EventProbe;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.notNullValue;

/** What volunteer-service's tests set up the way the other services would: buildings, and volunteers in them. */
public final class VolunteerFixture {

    private VolunteerFixture() {
    }

    /** dispatch-service announces a sealed building of the compound, in no grid, as it does on the compacted topic. */
    public static void announceBuilding(EventProbe events, long compound, long building) {
        events.send(Topic.BUILDINGS, EventKeys.of(compound, building), BuildingState.TYPE, "dispatch-service",
                "Building", building, new BuildingState(building, compound, "B", BuildingStatus.SEALED,
                        OffsetDateTime.now(ZoneOffset.UTC), "grid worker", null, null));
    }

    /** An admin registers a volunteer for the building as soon as this service has heard of it; returns the id. */
    public static long volunteerOnceKnown(long compound, long building) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> {
            var response = As.admin().contentType(ContentType.JSON).body(Map.of("name", "Li", "phone", "13800000000",
                    "compoundId", compound, "buildingIds", List.of(building), "capacity", 3)).post("/api/volunteers");
            return response.statusCode() == 201 ? response.jsonPath().getLong("id") : null;
        }, notNullValue());
    }
}
