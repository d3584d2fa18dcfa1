package org.doorstep.order.notify;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.doorstep.common.contracts.BuildingState;
import org.doorstep.common.contracts.BuildingStatus;
import org.doorstep.common.contracts.DispatchStatus;
import org.doorstep.common.events.EventEnvelope;
import org.doorstep.common.events.EventKeys;
import org.doorstep.common.events.Topic;
import org.doorstep.order.OrderFixture;
import org.doorstep.order.notify.Residents.WeChatResident;
import org.doorstep.testkit.FakeWeChat;
import org.doorstep.testkit.FakeWeChatServer;
import org.doorstep.testkit.As;
import org.doorstep.testkit.DoorstepTestServers;
import org.doorstep.testkit.EventProbe;
import org.doorstep.testkit.LogCapture;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.awaitility.Awaitility.await;
import static org.doorstep.order.notify.Residents.WAIT;
import static org.doorstep.order.notify.Residents.consent;
import static org.doorstep.order.notify.Residents.household;
import static org.doorstep.order.notify.Residents.list;
import static org.doorstep.order.notify.Residents.messages;
import static org.doorstep.order.notify.Residents.number;
import static org.doorstep.order.notify.Residents.order;
import static org.doorstep.order.notify.Residents.settled;
import static org.doorstep.order.notify.Residents.signedInWithWeChat;
import static org.doorstep.order.notify.Residents.step;
import static org.doorstep.testkit.OpenApiValidation.invalidOnPurpose;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15, residents: what dispatch's events make order-service tell a resident, through a fake WeChat and a fake SMS
 * provider on loopback, against the real database and broker.
 */
@QuarkusTest
@WithTestResource(value = DoorstepTestServers.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeWeChat.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeSms.class, scope = TestResourceScope.GLOBAL)
class ResidentNotificationsTest {

    private static OrderFixture fixture;

    @Inject
    NotificationSender sender;

    @BeforeAll
    static void setUp() throws Exception {
        fixture = Residents.fixture();
    }

    @AfterEach
    void wechatBackUp() {
        FakeWeChatServer.answerSends = FakeWeChatServer.Answer.OK;
        sender.afterSend(id -> {
        });
    }

    @Test
    void a_consenting_resident_is_told_assigned_and_delivered_once_each_though_the_events_come_again() {
        WeChatResident resident = signedInWithWeChat();
        long[] household = household(resident.as(), null);
        consent(resident.as(), Map.of("tmpl-assigned", "accept", "tmpl-delivered", "accept"));
        long order = order(resident.as(), household[0], true);

        EventEnvelope assigned = step(order, household[1], DispatchStatus.ASSIGNED);
        fixture.events.sendRaw(Topic.DISPATCH, String.valueOf(household[1]), EventProbe.write(assigned));
        // Taken back and assigned again: the same step, not a second message.
        step(order, household[1], DispatchStatus.QUEUED);
        step(order, household[1], DispatchStatus.ASSIGNED);
        step(order, household[1], DispatchStatus.PICKED_UP);
        EventEnvelope delivered = step(order, household[1], DispatchStatus.DELIVERED);
        fixture.events.sendRaw(Topic.DISPATCH, String.valueOf(household[1]), EventProbe.write(delivered));

        Map<String, Object> deliveredEntry = settled(resident.as(), order, "DELIVERED");
        Map<String, Object> assignedEntry = settled(resident.as(), order, "ASSIGNED");
        Map<String, Object> outEntry = settled(resident.as(), order, "OUT_FOR_DELIVERY");
        assertEquals(true, deliveredEntry.get("sent"));
        assertEquals("WECHAT", deliveredEntry.get("channel"));
        assertEquals(true, assignedEntry.get("sent"));
        // No consent was given for this one, and no SMS is sent for it.
        assertEquals(false, outEntry.get("sent"));
        assertEquals(3, list(resident.as()).size(), list(resident.as()).toString());
        // Every entry is settled: nothing is left to send, so these counts are final.
        assertEquals(1, messages(resident.openId(), "tmpl-assigned").size());
        List<FakeWeChatServer.Message> deliveredMessages = messages(resident.openId(), "tmpl-delivered");
        assertEquals(1, deliveredMessages.size());
        FakeWeChatServer.Message message = deliveredMessages.get(0);
        assertEquals("已送到门口", message.data().path("thing1").path("value").asText());
        assertEquals(String.valueOf(order), message.data().path("character_string3").path("value").asText());
        assertEquals("pages/order/index?id=" + order, message.page(), "opens the order in the mini-program");
        // Both consents were spent.
        resident.as().get("/api/me/subscriptions").then().statusCode(200)
                .body("templates.DELIVERED", equalTo("tmpl-delivered"))
                .body("consents.size()", equalTo(0));
    }

    @Test
    void without_consent_nothing_goes_to_wechat_and_the_list_says_why() {
        WeChatResident resident = signedInWithWeChat();
        long[] household = household(resident.as(), null);
        long order = order(resident.as(), household[0], true);
        step(order, household[1], DispatchStatus.ASSIGNED);

        Map<String, Object> entry = settled(resident.as(), order, "ASSIGNED");
        assertEquals(false, entry.get("sent"));
        assertTrue(String.valueOf(entry.get("reason")).contains("no consent"), entry.toString());
        assertEquals(List.of(), FakeWeChatServer.messagesTo(resident.openId()));
    }

    @Test
    void an_access_token_wechat_no_longer_takes_is_renewed_and_the_message_sent() {
        WeChatResident resident = signedInWithWeChat();
        long[] household = household(resident.as(), null);
        consent(resident.as(), Map.of("tmpl-delivered", "accept"));
        consent(resident.as(), Map.of("tmpl-delivered", "accept"));
        long first = order(resident.as(), household[0], true);
        long second = order(resident.as(), household[0], true);
        step(first, household[1], DispatchStatus.DELIVERED);
        assertEquals(true, settled(resident.as(), first, "DELIVERED").get("sent"));

        // The sender now holds a token valid for two hours; WeChat stops taking it (40001).
        FakeWeChatServer.expireToken();
        int issued = FakeWeChatServer.tokensIssued();
        step(second, household[1], DispatchStatus.DELIVERED);

        assertEquals(true, settled(resident.as(), second, "DELIVERED").get("sent"));
        assertEquals(2, messages(resident.openId(), "tmpl-delivered").size());
        assertTrue(FakeWeChatServer.tokensIssued() > issued, "the refused token was not renewed");
    }

    @Test
    void while_wechat_is_down_or_busy_messages_wait_and_all_arrive_once_it_is_back() throws Exception {
        WeChatResident resident = signedInWithWeChat();
        long[] household = household(resident.as(), null);
        consent(resident.as(), Map.of("tmpl-delivered", "accept", "tmpl-failed", "accept"));
        long first = order(resident.as(), household[0], true);
        long second = order(resident.as(), household[0], false);
        try (LogCapture log = LogCapture.withDebugOf(NotificationSender.class)) {
            FakeWeChatServer.answerSends = FakeWeChatServer.Answer.HTTP_500;
            step(first, household[1], DispatchStatus.DELIVERED);
            awaitRetry(resident, first, "HTTP 500");
            FakeWeChatServer.answerSends = FakeWeChatServer.Answer.BUSY;
            step(second, household[1], DispatchStatus.FAILED);
            awaitRetry(resident, second, "errcode -1");
            assertEquals(List.of(), FakeWeChatServer.messagesTo(resident.openId()));
            // While WeChat failed, the consents were not spent.
            resident.as().get("/api/me/subscriptions").then().body("consents.tmpl-delivered", equalTo(1));

            FakeWeChatServer.answerSends = FakeWeChatServer.Answer.OK;
            assertEquals(true, settled(resident.as(), first, "DELIVERED").get("sent"));
            assertEquals(true, settled(resident.as(), second, "FAILED").get("sent"));
            assertEquals(1, messages(resident.openId(), "tmpl-delivered").size());
            assertEquals(1, messages(resident.openId(), "tmpl-failed").size());
            assertNoPersonalDataIn(log, resident.openId());
        }
    }

    private static void awaitRetry(WeChatResident resident, long order, String cause) {
        await().atMost(WAIT).until(() -> list(resident.as()).stream().anyMatch(n ->
                Long.valueOf(order).equals(number(n.get("orderId")))
                        && String.valueOf(n.get("reason")).startsWith("will try again")
                        && String.valueOf(n.get("reason")).contains(cause)));
    }

    @Test
    void a_household_with_a_phone_and_no_wechat_gets_an_sms_when_delivered_and_none_when_assigned() {
        String account = "sms-" + OrderFixture.nextId();
        String phone = "139" + String.format("%08d", OrderFixture.nextId() % 100_000_000);
        long[] household = household(As.resident(account), phone);
        long order = order(As.resident(account), household[0], false);
        step(order, household[1], DispatchStatus.ASSIGNED);
        step(order, household[1], DispatchStatus.PICKED_UP);
        step(order, household[1], DispatchStatus.DELIVERED);

        Map<String, Object> delivered = settled(As.resident(account), order, "DELIVERED");
        assertEquals(true, delivered.get("sent"));
        assertEquals("SMS", delivered.get("channel"));
        Map<String, Object> assigned = settled(As.resident(account), order, "ASSIGNED");
        assertEquals(false, assigned.get("sent"));
        assertEquals(null, assigned.get("channel"));
        List<FakeSms.Sms> sms = FakeSms.sentTo(phone);
        assertEquals(1, sms.size(), sms.toString());
        assertEquals("SMS_DELIVERED", sms.get(0).templateCode());
        assertEquals("已送到门口", sms.get(0).params().path("what").asText());
        assertEquals(String.valueOf(order), sms.get(0).params().path("order").asText());
    }

    @Test
    void a_sender_killed_between_the_send_and_its_record_sends_that_message_once_more_and_never_again() {
        WeChatResident resident = signedInWithWeChat();
        long[] household = household(resident.as(), null);
        consent(resident.as(), Map.of("tmpl-delivered", "accept"));
        long order = order(resident.as(), household[0], true);
        AtomicBoolean crashed = new AtomicBoolean();
        sender.afterSend(id -> {
            Long about = QuarkusTransaction.requiringNew().call(() -> Notification.<Notification>findById(id).orderId);
            if (Long.valueOf(order).equals(about) && crashed.compareAndSet(false, true)) {
                throw new IllegalStateException("simulated crash after WeChat took the message");
            }
        });
        step(order, household[1], DispatchStatus.DELIVERED);

        assertEquals(true, settled(resident.as(), order, "DELIVERED").get("sent"));
        assertTrue(crashed.get());
        // WeChat got it before the crash and once more after; the entry is settled, so there will be no third.
        assertEquals(2, messages(resident.openId(), "tmpl-delivered").size());
        assertEquals(1, list(resident.as()).size());
    }

    @Test
    void households_are_told_when_their_building_is_controlled_and_when_it_opens() {
        WeChatResident resident = signedInWithWeChat();
        long[] household = household(resident.as(), null);
        consent(resident.as(), Map.of("tmpl-building", "accept"));
        long building = household[1];
        long compound = OrderFixture.compoundOf(building);
        for (BuildingStatus status : List.of(BuildingStatus.CONTROLLED, BuildingStatus.OPEN)) {
            fixture.events.send(Topic.BUILDINGS, EventKeys.of(compound, building), BuildingState.TYPE,
                    "dispatch-service", "Building", building, new BuildingState(building, compound,
                            "Building " + building, status, OffsetDateTime.now(ZoneOffset.UTC), "Zhang Wei", null,
                            OrderFixture.GRID));
        }

        Map<String, Object> controlled = await().atMost(WAIT).until(() -> list(resident.as()).stream()
                .filter(n -> "BUILDING_CONTROLLED".equals(n.get("kind")) && Boolean.TRUE.equals(n.get("sent")))
                .findFirst().orElse(null), notNullValue());
        assertEquals(building, number(controlled.get("buildingId")));
        assertEquals("WECHAT", controlled.get("channel"));
        // One consent: the first change went by WeChat, the second is listed as not sent.
        Map<String, Object> open = await().atMost(WAIT).until(() -> list(resident.as()).stream()
                .filter(n -> "BUILDING_OPEN".equals(n.get("kind")) && n.get("reason") != null
                        && !"not sent yet".equals(n.get("reason"))).findFirst().orElse(null), notNullValue());
        assertEquals(false, open.get("sent"));
        List<FakeWeChatServer.Message> told = messages(resident.openId(), "tmpl-building");
        assertEquals(1, told.size());
        assertEquals("楼栋管控", told.get(0).data().path("thing1").path("value").asText());
        // Neither the building's first state nor the household's own registration told anything else.
        assertEquals(2, list(resident.as()).size());
    }

    @Test
    void answers_to_a_subscription_request_add_one_consent_per_accept() {
        WeChatResident resident = signedInWithWeChat();
        resident.as().get("/api/me/subscriptions").then().statusCode(200)
                .body("templates.ASSIGNED", equalTo("tmpl-assigned"))
                .body("templates.BUILDING_SEALED", equalTo("tmpl-building"))
                .body("consents.size()", equalTo(0));
        consent(resident.as(), Map.of("tmpl-delivered", "accept", "tmpl-assigned", "reject"));
        resident.as().contentType(ContentType.JSON).body(Map.of("tmpl-delivered", "accept", "tmpl-failed", "ban"))
                .post("/api/me/subscriptions").then().statusCode(200)
                .body("consents.tmpl-delivered", equalTo(2))
                .body("consents.size()", equalTo(1));
    }

    @Test
    void a_wrong_answer_or_an_unknown_template_changes_nothing() {
        WeChatResident resident = signedInWithWeChat();
        invalidOnPurpose(resident.as()).contentType(ContentType.JSON).body(Map.of("tmpl-delivered", "yes"))
                .post("/api/me/subscriptions").then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("accept"));
        resident.as().contentType(ContentType.JSON).body(Map.of("tmpl-delivered", "accept", "tmpl-nope", "accept"))
                .post("/api/me/subscriptions").then().statusCode(422).contentType("application/problem+json")
                .body("detail", containsString("tmpl-nope"));
        invalidOnPurpose(resident.as()).contentType(ContentType.JSON).body(Map.of())
                .post("/api/me/subscriptions").then().statusCode(400).contentType("application/problem+json");
        resident.as().get("/api/me/subscriptions").then().statusCode(200).body("consents.size()", equalTo(0));
    }

    @Test
    void each_resident_sees_only_their_own_messages_and_others_see_none() {
        WeChatResident resident = signedInWithWeChat();
        long[] household = household(resident.as(), null);
        long order = order(resident.as(), household[0], true);
        step(order, household[1], DispatchStatus.ASSIGNED);
        settled(resident.as(), order, "ASSIGNED");

        assertEquals(List.of(), list(As.resident("someone-else-" + OrderFixture.nextId())));
        assertEquals(List.of(), list(OrderFixture.gridWorker()));
        assertEquals(List.of(), list(As.admin()));
    }

    private static void assertNoPersonalDataIn(LogCapture log, String openId) {
        for (var record : log.records()) {
            String text = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
            String line = text + " " + (record.getThrown() == null ? "" : record.getThrown().toString());
            assertFalse(line.contains(openId), "a log line carries the openid: " + line);
            assertFalse(line.contains("access_token="), "a log line carries an access token: " + line);
            assertFalse(line.contains(FakeSms.KEY_SECRET), "a log line carries the SMS secret: " + line);
        }
    }
}
