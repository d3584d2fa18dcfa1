package org.doorstep.order.wechat;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.doorstep.testkit.As;
import org.doorstep.testkit.DoorstepTestServers;
import org.doorstep.testkit.FakeWeChat;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 14: WeChat unreachable (nothing listens at its address) answers 503 with Retry-After, promptly. */
@QuarkusTest
@TestProfile(WeChatUnreachableTest.Unreachable.class)
@WithTestResource(value = DoorstepTestServers.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeWeChat.class, scope = TestResourceScope.GLOBAL)
class WeChatUnreachableTest {

    static final String CLOSED = "http://127.0.0.1:" + closedPort();

    public static class Unreachable implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("doorstep.wechat.api-base", CLOSED);
        }
    }

    /** A port that was free a moment ago and that nothing listens on once its socket is closed. */
    static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void an_unreachable_wechat_answers_503_with_retry_after() {
        assertEquals(CLOSED, ConfigProvider.getConfig().getValue("doorstep.wechat.api-base", String.class),
                "the test must point order-service at the closed port");
        long start = System.nanoTime();
        As.nobody().contentType(ContentType.JSON).body(Map.of("code", "user:anyone")).post("/api/auth/wechat")
                .then().statusCode(503).contentType("application/problem+json").header("Retry-After", "5")
                .body("title", equalTo("Temporarily unavailable"));
        assertTrue((System.nanoTime() - start) / 1_000_000 < 5_000);
    }
}
