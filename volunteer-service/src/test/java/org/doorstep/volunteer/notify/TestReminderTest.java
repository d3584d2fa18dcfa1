package org.doorstep.volunteer.notify;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.doorstep.testkit.As;
import org.doorstep.testkit.DoorstepTestServers;
import org.doorstep.testkit.EventProbe;
import org.doorstep.testkit.FakeWeChat;
import org.doorstep.testkit.FakeWeChatServer;
import org.doorstep.volunteer.VolunteerFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15: a volunteer whose negative test is about to leave the 48-hour window is reminded once, however often (and
 * on however many instances) the schedule finds it; one whose test has hours to go is not.
 */
@QuarkusTest
@WithTestResource(value = DoorstepTestServers.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeWeChat.class, scope = TestResourceScope.GLOBAL)
class TestReminderTest {

    private static final AtomicLong IDS = new AtomicLong(8_000_000_000L + System.nanoTime() % 1_000_000 * 1000);

    private static EventProbe events;

    @Inject
    TestReminders reminders;

    @BeforeAll
    static void connect() throws Exception {
        events = new EventProbe(DoorstepTestServers.broker().bootstrapServers());
    }

    @AfterAll
    static void disconnect() {
        events.close();
    }

    /** A vetted volunteer bound to WeChat who consented to the reminder, with a negative test taken that long ago. */
    private static String[] volunteerTested(Duration ago) {
        long compound = IDS.incrementAndGet();
        long building = IDS.incrementAndGet();
        VolunteerFixture.announceBuilding(events, compound, building);
        long id = VolunteerFixture.volunteerOnceKnown(compound, building);
        String code = As.admin().post("/api/volunteers/{id}/wechat-binding", id).then().statusCode(201)
                .extract().path("code");
        String user = UUID.randomUUID().toString().substring(0, 8);
        String token = As.nobody().contentType(ContentType.JSON)
                .body(Map.of("code", "user:" + user, "bindingCode", code)).post("/api/auth/wechat")
                .then().statusCode(200).extract().path("token");
        As.nobody().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("tmpl-test-due", "accept"))
                .post("/api/me/subscriptions").then().statusCode(200);
        As.admin().contentType(ContentType.JSON).body(Map.of("result", "NEGATIVE", "takenAt",
                        OffsetDateTime.now(ZoneOffset.UTC).minus(ago).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)))
                .post("/api/volunteers/{id}/tests", id).then().statusCode(200);
        return new String[] {token, FakeWeChatServer.openIdOf(user)};
    }

    private static List<Map<String, Object>> list(String token) {
        return As.nobody().auth().oauth2(token).get("/api/me/notifications").then().statusCode(200).extract()
                .jsonPath().getList("$");
    }

    @Test
    void a_test_about_to_leave_the_window_is_reminded_once_and_one_with_hours_to_go_is_not() {
        String[] due = volunteerTested(Duration.ofHours(45));
        String[] fresh = volunteerTested(Duration.ofHours(30));

        // Two checks, as two instances' schedules would make them.
        QuarkusTransaction.requiringNew().run(reminders::remind);
        QuarkusTransaction.requiringNew().run(reminders::remind);

        Map<String, Object> reminder = await().atMost(Duration.ofSeconds(30)).until(() -> list(due[0]).stream()
                .filter(n -> "TEST_DUE".equals(n.get("kind")) && Boolean.TRUE.equals(n.get("sent")))
                .findFirst().orElse(null), notNullValue());
        assertEquals("WECHAT", reminder.get("channel"));
        assertEquals(null, reminder.get("runId"));
        assertEquals(1, list(due[0]).size(), list(due[0]).toString());
        List<FakeWeChatServer.Message> sent = FakeWeChatServer.messagesTo(due[1]);
        assertEquals(1, sent.size());
        assertEquals("tmpl-test-due", sent.get(0).templateId());
        assertTrue(sent.get(0).data().path("thing2").path("value").asText().contains("前重新检测"), sent.toString());
        assertEquals(List.of(), list(fresh[0]));
    }
}
