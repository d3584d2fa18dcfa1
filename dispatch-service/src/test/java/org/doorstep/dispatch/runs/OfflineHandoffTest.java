package org.doorstep.dispatch.runs;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.doorstep.common.contracts.DispatchStatus;
import org.doorstep.common.contracts.OrderCategory;
import org.doorstep.common.contracts.OrderProgressed;
import org.doorstep.common.events.Topic;
import org.doorstep.dispatch.Fixture;
import org.doorstep.dispatch.WithFixture;
import org.doorstep.testkit.As;
import org.doorstep.testkit.DoorstepTestServers;
import org.doorstep.testkit.EventProbe;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A volunteer confirms a handoff in a stairwell without signal; the phone sends it later with the time it was made
 * (issue 14). That time is the handoff's, within limits, and a replay of the same request changes nothing.
 */
@QuarkusTest
@WithTestResource(value = DoorstepTestServers.class, scope = TestResourceScope.GLOBAL)
class OfflineHandoffTest extends WithFixture {

    private record PickedUp(long runId, long first, long second, OffsetDateTime pickedUpAt) {
    }

    /** Two orders with codes "111111" and "222222" on one run, picked up by its volunteer. */
    private PickedUp pickedUpRun() {
        Fixture.World world = fixture.world(true);
        fixture.awaitEligible(world.building(), world.volunteer());
        long first = fixture.order(world.building(), OrderCategory.MEDICINE, true, List.of(), "111111");
        long runId = fixture.awaitRunOfOrder(world.building(), first).getLong("id");
        long second = fixture.order(world.building(), OrderCategory.FOOD, false, List.of(), "222222");
        assertEquals(runId, fixture.awaitRunOfOrder(world.building(), second).getLong("id"));
        As.volunteer(world.volunteer()).post("/api/runs/{id}/pickup", runId).then().statusCode(200);
        // As stored (the test database keeps whole seconds), the time the server compares with.
        String pickedUpAt = As.admin().get("/api/runs/{id}", runId).then().statusCode(200).extract()
                .path("pickedUpAt");
        return new PickedUp(runId, first, second, OffsetDateTime.parse(pickedUpAt));
    }

    private static Map<String, Object> confirmation(long orderId, String code, OffsetDateTime confirmedAt) {
        Map<String, Object> body = new HashMap<>(Map.of("orderId", orderId, "code", code));
        // Always with seconds: toString() leaves out ":00", which is no RFC 3339 date-time.
        body.put("confirmedAt", confirmedAt.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        return body;
    }

    @Test
    void a_confirmation_made_offline_is_the_handoff_at_its_own_time_in_the_run_and_in_the_event() {
        PickedUp run = pickedUpRun();
        // Made at the door right after pickup, sent when signal returned (now), in the phone's own offset.
        OffsetDateTime atTheDoor = run.pickedUpAt().withOffsetSameInstant(ZoneOffset.ofHours(8));

        JsonPath answer = Fixture.carrier(run.runId()).contentType(ContentType.JSON)
                .body(confirmation(run.first(), "111111", atTheDoor))
                .post("/api/runs/{id}/handoffs", run.runId()).then().statusCode(200)
                .body("orders.find { it.orderId == " + run.first() + " }.status", equalTo("DELIVERED"))
                .extract().jsonPath();
        assertEquals(atTheDoor.toInstant(), OffsetDateTime.parse(
                answer.getString("orders.find { it.orderId == " + run.first() + " }.handedOffAt")).toInstant());
        OrderProgressed delivered = fixture.awaitProgress(run.first(), DispatchStatus.DELIVERED);
        assertEquals(atTheDoor.toInstant(), delivered.at().toInstant(), "order-service's history takes this time");
    }

    @Test
    void a_phone_a_little_behind_confirms_before_the_servers_pickup_time_and_the_handoff_is_recorded_at_the_pickup() {
        PickedUp run = pickedUpRun();
        // The phone's clock runs 30 s behind the server's, which timed the pickup: the door came after it.
        OffsetDateTime phoneSays = run.pickedUpAt().minusSeconds(30).withOffsetSameInstant(ZoneOffset.ofHours(8));

        JsonPath answer = Fixture.carrier(run.runId()).contentType(ContentType.JSON)
                .body(confirmation(run.first(), "111111", phoneSays))
                .post("/api/runs/{id}/handoffs", run.runId()).then().statusCode(200)
                .body("orders.find { it.orderId == " + run.first() + " }.status", equalTo("DELIVERED"))
                .extract().jsonPath();
        assertEquals(run.pickedUpAt().toInstant(), OffsetDateTime.parse(
                answer.getString("orders.find { it.orderId == " + run.first() + " }.handedOffAt")).toInstant());
        OrderProgressed delivered = fixture.awaitProgress(run.first(), DispatchStatus.DELIVERED);
        assertEquals(run.pickedUpAt().toInstant(), delivered.at().toInstant(),
                "never before the pickup in order-service's history");
    }

    @Test
    void a_confirmation_from_the_future_or_from_before_the_pickup_is_refused_and_changes_nothing() {
        PickedUp run = pickedUpRun();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);

        Fixture.carrier(run.runId()).contentType(ContentType.JSON)
                .body(confirmation(run.first(), "111111", now.plusMinutes(10)))
                .post("/api/runs/{id}/handoffs", run.runId()).then().statusCode(422)
                .contentType("application/problem+json").body("detail", containsString("in the future"));
        Fixture.carrier(run.runId()).contentType(ContentType.JSON)
                .body(confirmation(run.first(), "111111", run.pickedUpAt().minusMinutes(3)))
                .post("/api/runs/{id}/handoffs", run.runId()).then().statusCode(422)
                .contentType("application/problem+json").body("detail", containsString("before the run was picked up"));
        // With failed: true the time has no meaning: the volunteer records a failure when it happens.
        Map<String, Object> failedWithTime = new HashMap<>(Map.of("orderId", run.first(), "failed", true,
                "reason", "nobody answered", "confirmedAt", now.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)));
        Fixture.carrier(run.runId()).contentType(ContentType.JSON).body(failedWithTime)
                .post("/api/runs/{id}/handoffs", run.runId()).then().statusCode(400);

        As.admin().get("/api/runs/{id}", run.runId()).then()
                .body("status", equalTo("PICKED_UP"))
                .body("orders.find { it.orderId == " + run.first() + " }.status", equalTo("PICKED_UP"))
                .body("orders.find { it.orderId == " + run.first() + " }.handoffLocked", equalTo(false));
        // Within the two minutes a phone's clock may run ahead, the same code is then taken.
        Fixture.carrier(run.runId()).contentType(ContentType.JSON)
                .body(confirmation(run.first(), "111111", OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(60)))
                .post("/api/runs/{id}/handoffs", run.runId()).then().statusCode(200)
                .body("orders.find { it.orderId == " + run.first() + " }.status", equalTo("DELIVERED"));
    }

    @Test
    void a_queued_confirmation_sent_again_with_its_idempotency_key_changes_nothing() {
        PickedUp run = pickedUpRun();
        OffsetDateTime atTheDoor = run.pickedUpAt().plusSeconds(1);
        Map<String, Object> body = confirmation(run.first(), "111111", atTheDoor);

        String firstAnswer = Fixture.carrier(run.runId()).header("Idempotency-Key", "offline-1")
                .contentType(ContentType.JSON).body(body).post("/api/runs/{id}/handoffs", run.runId()).then()
                .statusCode(200).extract().path("orders.find { it.orderId == " + run.first() + " }.handedOffAt");
        // The phone never saw the answer and sends it again: the run as it is, the first time kept.
        Fixture.carrier(run.runId()).header("Idempotency-Key", "offline-1")
                .contentType(ContentType.JSON).body(body).post("/api/runs/{id}/handoffs", run.runId()).then()
                .statusCode(200)
                .body("orders.find { it.orderId == " + run.first() + " }.handedOffAt", equalTo(firstAnswer))
                .body("status", equalTo("PICKED_UP"));
        // The same key with another time is another request, refused.
        Fixture.carrier(run.runId()).header("Idempotency-Key", "offline-1").contentType(ContentType.JSON)
                .body(confirmation(run.first(), "111111", atTheDoor.plusSeconds(5)))
                .post("/api/runs/{id}/handoffs", run.runId()).then().statusCode(422)
                .contentType("application/problem+json");

        // The next door, sent after the replays: once its step is out, any step of the replays would be out too.
        Fixture.carrier(run.runId()).contentType(ContentType.JSON)
                .body(Map.of("orderId", run.second(), "code", "222222"))
                .post("/api/runs/{id}/handoffs", run.runId()).then().statusCode(200).body("status", equalTo("DONE"));
        fixture.awaitProgress(run.second(), DispatchStatus.DELIVERED);
        assertEquals(1, fixture.events.all(Topic.DISPATCH, e -> OrderProgressed.TYPE.equals(e.type())
                && e.aggregateId().equals(String.valueOf(run.first()))
                && EventProbe.payload(e, OrderProgressed.class).status() == DispatchStatus.DELIVERED).size(),
                "one delivery of the first order, however often it was sent");
    }
}
