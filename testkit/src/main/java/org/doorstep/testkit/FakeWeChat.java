package org.doorstep.testkit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.util.Map;

/** {@link FakeWeChatServer} for a Quarkus test: the service's WeChat settings point at it. */
public class FakeWeChat implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        try {
            return Map.of("doorstep.wechat.api-base", FakeWeChatServer.base(),
                    "doorstep.wechat.appid", FakeWeChatServer.APP_ID,
                    "doorstep.wechat.secret", FakeWeChatServer.SECRET,
                    "doorstep.wechat.binding-secret", FakeWeChatServer.BINDING_SECRET);
        } catch (IOException e) {
            throw new IllegalStateException("Could not start the fake WeChat server", e);
        }
    }

    @Override
    public void stop() {
        // Kept for the JVM's lifetime, like the database: every Quarkus start of this suite uses the same one.
    }
}
