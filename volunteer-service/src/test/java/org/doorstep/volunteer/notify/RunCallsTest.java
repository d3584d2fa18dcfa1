package org.doorstep.volunteer.notify;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.doorstep.common.contracts.DispatchStatus;
import org.doorstep.common.contracts.OrderProgressed;
import org.doorstep.common.contracts.RunChanged;
import org.doorstep.common.contracts.RunStatus;
import org.doorstep.common.events.EventEnvelope;
import org.doorstep.common.events.Topic;
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
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15, volunteers: what dispatch's events on doorstep.dispatch make volunteer-service tell a volunteer bound to
 * WeChat, through the fake WeChat on loopback, against the real database and broker. It runs in quiet hours (from an
 * hour ago to an hour from now): urgent calls go at once, routine ones wait.
 */
@QuarkusTest
@TestProfile(RunCallsTest.QuietNow.class)
@WithTestResource(value = DoorstepTestServers.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeWeChat.class, scope = TestResourceScope.GLOBAL)
class RunCallsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Far from the ids the other tests of this service use: a shared building id would move its compound. */
    private static final AtomicLong IDS = new AtomicLong(7_000_000_000L + System.nanoTime() % 1_000_000 * 1000);
    private static final AtomicLong SEQ = new AtomicLong();

    public static class QuietNow implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            DateTimeFormatter hhmm = DateTimeFormatter.ofPattern("HH:mm");
            ZonedDateTime now = ZonedDateTime.now(ZoneId.of("Asia/Shanghai"));
            return Map.of("doorstep.timezone", "Asia/Shanghai",
                    "doorstep.notify.quiet-hours", now.minusHours(1).format(hhmm) + "-" + now.plusHours(1).format(hhmm));
        }
    }

    private static EventProbe events;

    @BeforeAll
    static void connect() throws Exception {
        events = new EventProbe(DoorstepTestServers.broker().bootstrapServers());
    }

    @AfterAll
    static void disconnect() {
        events.close();
    }

    /** A volunteer of a fresh compound and building; openId and token null if not bound to WeChat. */
    record Volunteer(long id, long building, String openId, String token) {
        /** A fresh request as the volunteer: with their WeChat sign-in's token, or the identity provider's. */
        RequestSpecification as() {
            return token != null ? As.nobody().auth().oauth2(token) : As.volunteer(id);
        }
    }

    private static Volunteer volunteer(boolean boundToWeChat) {
        long compound = IDS.incrementAndGet();
        long building = IDS.incrementAndGet();
        VolunteerFixture.announceBuilding(events, compound, building);
        long id = VolunteerFixture.volunteerOnceKnown(compound, building);
        if (!boundToWeChat) {
            return new Volunteer(id, building, null, null);
        }
        String code = As.admin().post("/api/volunteers/{id}/wechat-binding", id).then().statusCode(201)
                .extract().path("code");
        String user = UUID.randomUUID().toString().substring(0, 8);
        String token = As.nobody().contentType(ContentType.JSON)
                .body(Map.of("code", "user:" + user, "bindingCode", code)).post("/api/auth/wechat")
                .then().statusCode(200).extract().path("token");
        return new Volunteer(id, building, FakeWeChatServer.openIdOf(user), token);
    }

    /** The volunteer accepted these in WeChat's consent prompt, and the mini-program reported it. */
    private static void consent(Volunteer v, Map<String, String> answers) {
        v.as().contentType(ContentType.JSON).body(answers).post("/api/me/subscriptions").then().statusCode(200);
    }

    /** dispatch-service puts the order on the volunteer's run. */
    private static void assigned(Volunteer v, long run, long order, boolean urgent) {
        events.send(Topic.DISPATCH, String.valueOf(v.building()), OrderProgressed.TYPE, "dispatch-service", "Order",
                order, new OrderProgressed(order, v.building(), DispatchStatus.ASSIGNED, run, v.id(), null,
                        SEQ.incrementAndGet(), OffsetDateTime.now(ZoneOffset.UTC), urgent));
    }

    private static EventEnvelope run(long building, long run, Long volunteer, RunStatus status, List<Long> orders) {
        return events.send(Topic.DISPATCH, String.valueOf(building), RunChanged.TYPE, "dispatch-service", "Run", run,
                new RunChanged(run, building, volunteer, status, orders, 0, 0, OffsetDateTime.now(ZoneOffset.UTC)));
    }

    private static List<Map<String, Object>> list(Volunteer v) {
        return v.as().get("/api/me/notifications").then().statusCode(200).extract().jsonPath().getList("$");
    }

    /** The volunteer's entry of that kind for the run, once it is sent, held or given up on. */
    private static Map<String, Object> settled(Volunteer v, long run, String kind) {
        return await().atMost(WAIT).until(() -> list(v).stream()
                .filter(n -> kind.equals(n.get("kind")) && run == ((Number) n.get("runId")).longValue())
                .filter(n -> Boolean.TRUE.equals(n.get("sent")) || !String.valueOf(n.get("reason"))
                        .startsWith("will try again") && !"not sent yet".equals(n.get("reason")))
                .findFirst().orElse(null), notNullValue());
    }

    private static List<FakeWeChatServer.Message> messages(Volunteer v, String template, long run) {
        return FakeWeChatServer.messagesTo(v.openId()).stream().filter(m -> m.templateId().equals(template)
                && m.data().path("character_string3").path("value").asText().equals(String.valueOf(run))).toList();
    }

    @Test
    void a_volunteer_gets_an_urgent_run_call_at_once_in_quiet_hours_and_once_only_when_the_events_come_again() {
        Volunteer v = volunteer(true);
        consent(v, Map.of("tmpl-new-run", "accept"));
        consent(v, Map.of("tmpl-new-run", "accept", "tmpl-urgent-order", "reject"));
        v.as().get("/api/me/subscriptions").then().statusCode(200)
                .body("templates.NEW_RUN", org.hamcrest.Matchers.equalTo("tmpl-new-run"))
                .body("consents.tmpl-new-run", org.hamcrest.Matchers.equalTo(2));
        long run = IDS.incrementAndGet();
        long order = IDS.incrementAndGet();
        assigned(v, run, order, true);
        EventEnvelope assignedRun = run(v.building(), run, v.id(), RunStatus.ASSIGNED, List.of(order));

        Map<String, Object> call = settled(v, run, "NEW_RUN");
        assertEquals(true, call.get("sent"), call.toString());
        assertEquals("WECHAT", call.get("channel"));
        List<FakeWeChatServer.Message> sent = messages(v, "tmpl-new-run", run);
        assertEquals(1, sent.size());
        assertEquals("新的配送任务", sent.get(0).data().path("thing1").path("value").asText());
        assertTrue(sent.get(0).data().path("thing2").path("value").asText().contains("加急"), sent.get(0).toString());
        assertEquals("pages/runs/index?runId=" + run, sent.get(0).page());

        // Delivered again as it was (the same event id), and published again (a new id): no second call.
        events.sendRaw(Topic.DISPATCH, String.valueOf(v.building()), EventProbe.write(assignedRun));
        run(v.building(), run, v.id(), RunStatus.ASSIGNED, List.of(order));
        // A later run on the same partition: once it is called, the repeats before it were applied.
        long later = IDS.incrementAndGet();
        long laterOrder = IDS.incrementAndGet();
        assigned(v, later, laterOrder, true);
        run(v.building(), later, v.id(), RunStatus.ASSIGNED, List.of(laterOrder));
        assertEquals(true, settled(v, later, "NEW_RUN").get("sent"));

        assertEquals(1, messages(v, "tmpl-new-run", run).size());
        assertEquals(2, list(v).size(), list(v).toString());
        // One consent for each message sent.
        v.as().get("/api/me/subscriptions").then().statusCode(200).body("consents.size()",
                org.hamcrest.Matchers.equalTo(0));
    }

    @Test
    void a_routine_run_waits_for_the_quiet_hours_and_an_urgent_order_added_to_it_goes_at_once() {
        Volunteer v = volunteer(true);
        consent(v, Map.of("tmpl-new-run", "accept", "tmpl-urgent-order", "accept"));
        long run = IDS.incrementAndGet();
        long routine = IDS.incrementAndGet();
        long urgent = IDS.incrementAndGet();
        assigned(v, run, routine, false);
        run(v.building(), run, v.id(), RunStatus.ASSIGNED, List.of(routine));
        Map<String, Object> held = settled(v, run, "NEW_RUN");
        assertEquals(false, held.get("sent"));
        assertTrue(String.valueOf(held.get("reason")).startsWith("held for the quiet hours until "), held.toString());

        assigned(v, run, urgent, true);
        run(v.building(), run, v.id(), RunStatus.ASSIGNED, List.of(routine, urgent));
        Map<String, Object> added = settled(v, run, "URGENT_ORDER");
        assertEquals(true, added.get("sent"), added.toString());
        assertEquals(urgent, ((Number) added.get("orderId")).longValue());
        assertEquals(1, messages(v, "tmpl-urgent-order", run).size());
        assertEquals(List.of(), messages(v, "tmpl-new-run", run), "the routine call waits for the quiet hours' end");
    }

    @Test
    void a_run_taken_back_is_told_to_its_volunteer_and_one_not_bound_to_wechat_reads_it_in_the_list() {
        Volunteer first = volunteer(true);
        Volunteer second = volunteer(false);
        consent(first, Map.of("tmpl-new-run", "accept", "tmpl-run-taken-back", "accept"));
        long run = IDS.incrementAndGet();
        long order = IDS.incrementAndGet();
        assigned(first, run, order, true);
        run(first.building(), run, first.id(), RunStatus.ASSIGNED, List.of(order));
        assertEquals(true, settled(first, run, "NEW_RUN").get("sent"));

        // A grid worker gives the run to another volunteer (of the same building, as dispatch would).
        run(first.building(), run, second.id(), RunStatus.ASSIGNED, List.of(order));
        Map<String, Object> takenBack = settled(first, run, "RUN_TAKEN_BACK");
        assertEquals(true, takenBack.get("sent"), "an urgent run's taking back goes at once: " + takenBack);
        assertEquals(1, messages(first, "tmpl-run-taken-back", run).size());
        Map<String, Object> called = settled(second, run, "NEW_RUN");
        assertEquals(false, called.get("sent"));
        assertEquals("not signed in with WeChat", called.get("reason"));

        // Then it ends before pickup with nothing delivered: taken back from the second as well.
        run(first.building(), run, second.id(), RunStatus.DONE, List.of());
        assertEquals("not signed in with WeChat", settled(second, run, "RUN_TAKEN_BACK").get("reason"));
    }

    @Test
    void without_consent_nothing_goes_to_wechat_and_the_list_says_why() {
        Volunteer v = volunteer(true);
        long run = IDS.incrementAndGet();
        long order = IDS.incrementAndGet();
        assigned(v, run, order, true);
        run(v.building(), run, v.id(), RunStatus.ASSIGNED, List.of(order));

        Map<String, Object> call = settled(v, run, "NEW_RUN");
        assertEquals(false, call.get("sent"));
        assertEquals("no consent left in WeChat for this message", call.get("reason"));
        assertEquals(List.of(), FakeWeChatServer.messagesTo(v.openId()));
        // A template this service does not send is refused, and nothing is recorded.
        v.as().contentType(ContentType.JSON).body(Map.of("tmpl-delivered", "accept")).post("/api/me/subscriptions")
                .then().statusCode(422);
        v.as().get("/api/me/subscriptions").then().statusCode(200).body("consents.size()",
                org.hamcrest.Matchers.equalTo(0));
    }

    @Test
    void a_burst_of_steps_applied_together_tells_each_volunteer_what_the_steps_one_by_one_would() {
        Volunteer first = volunteer(false);
        Volunteer second = volunteer(false);
        long building = first.building(); // every step on one partition, in order, as dispatch publishes a run's
        Set<String> toFirst = new TreeSet<>();
        Set<String> toSecond = new TreeSet<>();
        for (int i = 0; i < 24; i++) {
            long run = IDS.incrementAndGet();
            long order = IDS.incrementAndGet();
            step(building, run, order, first, i % 2 == 0);
            run(building, run, first.id(), RunStatus.ASSIGNED, List.of(order));
            toFirst.add("NEW_RUN " + run);
            Volunteer holder = first;
            Set<String> told = toFirst;
            if (i % 3 == 0) { // given to another volunteer
                run(building, run, second.id(), RunStatus.ASSIGNED, List.of(order));
                toFirst.add("RUN_TAKEN_BACK " + run);
                toSecond.add("NEW_RUN " + run);
                holder = second;
                told = toSecond;
            }
            if (i % 4 == 0) { // an urgent order added to it
                long added = IDS.incrementAndGet();
                step(building, run, added, holder, true);
                run(building, run, holder.id(), RunStatus.ASSIGNED, List.of(order, added));
                told.add("URGENT_ORDER " + run);
            }
            if (i % 5 == 0) { // ended before pickup, nothing delivered
                run(building, run, holder.id(), RunStatus.DONE, List.of());
                told.add("RUN_TAKEN_BACK " + run);
            }
        }
        await().atMost(WAIT).untilAsserted(() -> {
            assertEquals(toFirst, calls(first));
            assertEquals(toSecond, calls(second));
        });
    }

    /** dispatch-service puts the order on the volunteer's run, published on the partition of the building. */
    private static void step(long building, long run, long order, Volunteer v, boolean urgent) {
        events.send(Topic.DISPATCH, String.valueOf(building), OrderProgressed.TYPE, "dispatch-service", "Order",
                order, new OrderProgressed(order, building, DispatchStatus.ASSIGNED, run, v.id(), null,
                        SEQ.incrementAndGet(), OffsetDateTime.now(ZoneOffset.UTC), urgent));
    }

    /** The volunteer's list as "KIND runId" lines. */
    private static Set<String> calls(Volunteer v) {
        return list(v).stream().map(n -> n.get("kind") + " " + n.get("runId"))
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
