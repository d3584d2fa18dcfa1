package org.doorstep.order.notify;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.doorstep.common.contracts.DispatchStatus;
import org.doorstep.order.notify.Residents.WeChatResident;
import org.doorstep.testkit.FakeWeChat;
import org.doorstep.testkit.DoorstepTestServers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;

import static org.doorstep.order.notify.Residents.consent;
import static org.doorstep.order.notify.Residents.household;
import static org.doorstep.order.notify.Residents.messages;
import static org.doorstep.order.notify.Residents.order;
import static org.doorstep.order.notify.Residents.settled;
import static org.doorstep.order.notify.Residents.signedInWithWeChat;
import static org.doorstep.order.notify.Residents.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Quiet hours: a routine message waits for their end; urgent medicine and a failed delivery do not. */
@QuarkusTest
@TestProfile(QuietHoursHoldTest.QuietNow.class)
@WithTestResource(value = DoorstepTestServers.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeWeChat.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeSms.class, scope = TestResourceScope.GLOBAL)
class QuietHoursHoldTest {

    /** Quiet hours from an hour ago to an hour from now, in the district's time zone. */
    public static class QuietNow implements QuarkusTestProfile {
        static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

        @Override
        public Map<String, String> getConfigOverrides() {
            ZonedDateTime now = ZonedDateTime.now(ZoneId.of("Asia/Shanghai"));
            return Map.of("doorstep.timezone", "Asia/Shanghai",
                    "doorstep.notify.quiet-hours",
                    now.minusHours(1).format(HH_MM) + "-" + now.plusHours(1).format(HH_MM));
        }
    }

    @BeforeAll
    static void setUp() throws Exception {
        Residents.fixture();
    }

    @Test
    void a_routine_message_is_held_and_urgent_medicine_and_a_failure_still_go() {
        WeChatResident resident = signedInWithWeChat();
        long[] household = household(resident.as(), null);
        consent(resident.as(), Map.of("tmpl-assigned", "accept"));
        consent(resident.as(), Map.of("tmpl-assigned", "accept", "tmpl-failed", "accept"));
        long routine = order(resident.as(), household[0], false);
        long urgent = order(resident.as(), household[0], true);
        long failing = order(resident.as(), household[0], false);
        step(routine, household[1], DispatchStatus.ASSIGNED);
        step(urgent, household[1], DispatchStatus.ASSIGNED);
        step(failing, household[1], DispatchStatus.FAILED);

        Map<String, Object> held = settled(resident.as(), routine, "ASSIGNED");
        assertEquals(false, held.get("sent"));
        assertTrue(String.valueOf(held.get("reason")).startsWith("held for the quiet hours until "), held.toString());
        assertEquals(true, settled(resident.as(), urgent, "ASSIGNED").get("sent"));
        assertEquals(true, settled(resident.as(), failing, "FAILED").get("sent"));
        // The held one is not at WeChat (it goes in an hour); the urgent one is.
        assertEquals(1, messages(resident.openId(), "tmpl-assigned").size());
        assertEquals("pages/order/index?id=" + urgent, messages(resident.openId(), "tmpl-assigned").get(0).page());
        // Its consent is kept for it.
        resident.as().get("/api/me/subscriptions").then().statusCode(200)
                .body("consents.tmpl-assigned", org.hamcrest.Matchers.equalTo(1));
    }
}
