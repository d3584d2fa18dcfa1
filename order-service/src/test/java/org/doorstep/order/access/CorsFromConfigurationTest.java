package org.doorstep.order.access;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.doorstep.testkit.DoorstepTestServers;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.doorstep.order.access.CorsTest.preflight;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** In a cluster the ConfigMap sets DOORSTEP_CORS_ORIGINS (deploy/kubernetes/README.md): those pages, and only those. */
@QuarkusTest
@TestProfile(CorsFromConfigurationTest.ClusterOrigins.class)
@WithTestResource(value = DoorstepTestServers.class, scope = TestResourceScope.GLOBAL)
class CorsFromConfigurationTest {

    public static class ClusterOrigins implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("DOORSTEP_CORS_ORIGINS", "https://console.district.example,https://m.district.example");
        }
    }

    @Test
    void the_configured_origins_may_call_and_the_local_pages_no_longer() {
        for (String page : new String[]{"https://console.district.example", "https://m.district.example"}) {
            assertEquals(page, preflight(page).header("Access-Control-Allow-Origin"), page);
        }
        assertNull(preflight("http://127.0.0.1:8082").header("Access-Control-Allow-Origin"));
    }
}
