package org.doorstep.order.notify;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.doorstep.common.contracts.DispatchStatus;
import org.doorstep.order.notify.Residents.WeChatResident;
import org.doorstep.testkit.FakeWeChat;
import org.doorstep.testkit.FakeWeChatServer;
import org.doorstep.testkit.DoorstepTestServers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.doorstep.order.notify.Residents.consent;
import static org.doorstep.order.notify.Residents.household;
import static org.doorstep.order.notify.Residents.list;
import static org.doorstep.order.notify.Residents.messages;
import static org.doorstep.order.notify.Residents.order;
import static org.doorstep.order.notify.Residents.settled;
import static org.doorstep.order.notify.Residents.signedInWithWeChat;
import static org.doorstep.order.notify.Residents.step;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DOORSTEP_NOTIFY_MAX_PER_HOUR: routine messages beyond the limit wait and then go together as one, none dropped.
 * The hour is shortened to a few seconds here, so that the held ones are seen going.
 */
@QuarkusTest
@TestProfile(HourlyLimitTest.TwoPerWindow.class)
@WithTestResource(value = DoorstepTestServers.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeWeChat.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeSms.class, scope = TestResourceScope.GLOBAL)
class HourlyLimitTest {

    public static class TwoPerWindow implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("doorstep.notify.max-per-hour", "2", "doorstep.notify.rate-window", "PT5S");
        }
    }

    @BeforeAll
    static void setUp() throws Exception {
        Residents.fixture();
    }

    @Test
    void messages_over_the_limit_wait_and_go_together_as_one_and_none_is_dropped() {
        WeChatResident resident = signedInWithWeChat();
        long[] household = household(resident.as(), null);
        for (int i = 0; i < 4; i++) {
            consent(resident.as(), Map.of("tmpl-delivered", "accept"));
        }
        List<Long> orders = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            orders.add(order(resident.as(), household[0], false));
        }
        for (long order : orders) {
            step(order, household[1], DispatchStatus.DELIVERED);
        }

        for (long order : orders) {
            assertEquals(true, settledAndSent(resident, order).get("sent"));
        }
        List<FakeWeChatServer.Message> sent = messages(resident.openId(), "tmpl-delivered");
        // Two on their own, then one that carries the other two.
        assertEquals(3, sent.size(), sent.toString());
        assertEquals("另有1条消息请在小程序查看", sent.get(2).data().path("thing2").path("value").asText());
        assertEquals(4, list(resident.as()).size());
        assertTrue(list(resident.as()).stream().anyMatch(n -> String.valueOf(n.get("reason"))
                .startsWith("sent together")));
        resident.as().get("/api/me/subscriptions").then().body("consents.tmpl-delivered", equalTo(1));
    }

    /** The entry once it is sent (a held one is settled too, but only for a while). */
    private static Map<String, Object> settledAndSent(WeChatResident resident, long order) {
        return org.awaitility.Awaitility.await().atMost(Residents.WAIT).until(
                () -> settled(resident.as(), order, "DELIVERED"), n -> Boolean.TRUE.equals(n.get("sent")));
    }
}
