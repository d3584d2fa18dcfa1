package org.doorstep.order.access;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.doorstep.testkit.As;
import org.doorstep.testkit.DoorstepTestServers;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Which pages a browser lets call the service: by default the three services' pages (DOORSTEP_UI_*_URL); in a
 * cluster the origins its configuration names ({@link CorsFromConfigurationTest}).
 */
@QuarkusTest
@WithTestResource(value = DoorstepTestServers.class, scope = TestResourceScope.GLOBAL)
class CorsTest {

    /** A browser's preflight for an order sent from a page of the origin. */
    static Response preflight(String origin) {
        return As.nobody().header("Origin", origin).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type,idempotency-key")
                .options("/api/orders");
    }

    @Test
    void the_three_services_pages_may_call_and_no_other_page() {
        for (String page : new String[]{"http://127.0.0.1:8081", "http://127.0.0.1:8082", "http://127.0.0.1:8083"}) {
            Response answer = preflight(page);
            assertEquals(200, answer.statusCode(), page);
            assertEquals(page, answer.header("Access-Control-Allow-Origin"), page);
        }
        assertNull(preflight("https://phishing.example").header("Access-Control-Allow-Origin"));
    }
}
