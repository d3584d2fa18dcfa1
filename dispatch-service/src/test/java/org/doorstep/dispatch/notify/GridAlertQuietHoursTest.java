package org.doorstep.dispatch.notify;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.doorstep.common.contracts.OrderCategory;
import org.doorstep.dispatch.Fixture;
import org.doorstep.dispatch.WithFixture;
import org.doorstep.testkit.As;
import org.doorstep.testkit.DoorstepTestServers;
import org.doorstep.testkit.FakeWeChat;
import org.doorstep.testkit.FakeWeChatServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15, grid workers in quiet hours (from an hour ago to an hour from now): urgent medicine past its target goes
 * to WeChat at once, a coverage gap waits for the quiet hours' end.
 */
@QuarkusTest
@TestProfile(GridAlertQuietHoursTest.QuietNow.class)
@WithTestResource(value = DoorstepTestServers.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeWeChat.class, scope = TestResourceScope.GLOBAL)
class GridAlertQuietHoursTest extends WithFixture {

    private static final Duration WAIT = Duration.ofSeconds(30);

    public static class QuietNow implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            DateTimeFormatter hhmm = DateTimeFormatter.ofPattern("HH:mm");
            ZonedDateTime now = ZonedDateTime.now(ZoneId.of("Asia/Shanghai"));
            return Map.of("doorstep.timezone", "Asia/Shanghai",
                    "doorstep.notify.quiet-hours", now.minusHours(1).format(hhmm) + "-" + now.plusHours(1).format(hhmm));
        }
    }

    @Inject
    GridAlertCalls calls;

    private static List<Map<String, Object>> list(String name, long grid) {
        return As.gridWorker(name, grid).get("/api/me/notifications").then().statusCode(200).extract().jsonPath()
                .getList("$");
    }

    private static Map<String, Object> settled(String name, long grid, String kind) {
        return await().atMost(WAIT).until(() -> list(name, grid).stream().filter(n -> kind.equals(n.get("kind")))
                .filter(n -> Boolean.TRUE.equals(n.get("sent")) || !"not sent yet".equals(n.get("reason"))
                        && !String.valueOf(n.get("reason")).startsWith("will try again"))
                .findFirst().orElse(null), notNullValue());
    }

    @Test
    void urgent_medicine_past_target_goes_at_once_in_quiet_hours_and_a_coverage_gap_waits() {
        // Its volunteer is off duty: the sealed building has a coverage gap from now on.
        Fixture.World world = fixture.world(false);
        String name = "gw-" + Fixture.nextId();
        String code = As.gridWorker(name, world.grid()).post("/api/grid-workers/wechat-binding").then()
                .statusCode(201).extract().path("code");
        String user = UUID.randomUUID().toString().substring(0, 8);
        As.nobody().contentType(ContentType.JSON).body(Map.of("code", "user:" + user, "bindingCode", code,
                        "subscriptions", Map.of("tmpl-urgent-overdue", "accept", "tmpl-coverage-gap", "accept")))
                .post("/api/grid-workers/wechat").then().statusCode(200).body("gridWorker", equalTo(name));
        long order = fixture.order(world.building(), OrderCategory.MEDICINE, true, "135790",
                OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(45), null);
        await().atMost(WAIT).until(() -> As.gridWorker(name, world.grid()).get("/api/grids/{id}/alerts", world.grid())
                .then().statusCode(200).extract().jsonPath().getList("type").containsAll(
                        List.of("URGENT_OVERDUE", "COVERAGE_GAP")));

        calls.check();
        Map<String, Object> urgent = settled(name, world.grid(), "URGENT_OVERDUE");
        assertEquals(true, urgent.get("sent"), urgent.toString());
        assertEquals(order, ((Number) urgent.get("orderId")).longValue());
        Map<String, Object> gap = settled(name, world.grid(), "COVERAGE_GAP");
        assertEquals(false, gap.get("sent"));
        assertTrue(String.valueOf(gap.get("reason")).startsWith("held for the quiet hours until "), gap.toString());
        List<FakeWeChatServer.Message> sent = FakeWeChatServer.messagesTo(FakeWeChatServer.openIdOf(user));
        assertEquals(List.of("tmpl-urgent-overdue"), sent.stream().map(FakeWeChatServer.Message::templateId).toList());
    }
}
