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
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** Issue 14: without WeChat's app id (a local stack), WeChat sign-in answers 503 saying so, and asks WeChat nothing. */
@QuarkusTest
@TestProfile(WeChatNotConfiguredTest.NoAppId.class)
@WithTestResource(value = DoorstepTestServers.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeWeChat.class, scope = TestResourceScope.GLOBAL)
class WeChatNotConfiguredTest {

    public static class NoAppId implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("doorstep.wechat.appid", "");
        }
    }

    @Test
    void without_an_app_id_sign_in_answers_503_not_configured() {
        As.nobody().contentType(ContentType.JSON).body(Map.of("code", "user:anyone")).post("/api/auth/wechat")
                .then().statusCode(503).contentType("application/problem+json")
                .body("title", equalTo("Temporarily unavailable"))
                .body("detail", containsString("not configured"));
    }
}
