package org.doorstep.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bench runs only against a stack whose limits (issue 13) its load does not reach, when the stack says them. */
class LoadLimitsTest {

    private HttpServer orderService;
    private final Http http = new Http(Duration.ofSeconds(5));

    /** A fake order-service on loopback answering GET /api/limits with the status and body given. */
    private Target stackAnswering(int status, String body) throws IOException {
        orderService = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        orderService.createContext("/api/limits", exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        orderService.start();
        String url = "http://127.0.0.1:" + orderService.getAddress().getPort();
        return new Target(url, url, url, "jdbc:mysql://127.0.0.1:1/", "root", "", "127.0.0.1:1",
                (role, subject, grids) -> "token-of-" + subject, Map.of());
    }

    @AfterEach
    void stop() {
        http.close();
        if (orderService != null) {
            orderService.stop(0);
        }
    }

    @Test
    void a_stack_with_a_familys_limits_is_refused_with_how_to_raise_them() throws IOException {
        Target target = stackAnswering(200,
                "{\"householdsPerResident\":10,\"openUrgentPerHousehold\":5,\"openOrdersPerHousehold\":30}");
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> Bench.requireLoadLimits(target, http));
        assertTrue(refused.getMessage().contains("openOrdersPerHousehold 30"), refused.getMessage());
        assertTrue(refused.getMessage().contains("DOORSTEP_LIMIT_OPEN_ORDERS_PER_HOUSEHOLD"), refused.getMessage());
        assertTrue(refused.getMessage().contains("--startup"), refused.getMessage());
    }

    @Test
    void one_limit_below_the_load_is_enough_to_refuse() throws IOException {
        Target target = stackAnswering(200, "{\"householdsPerResident\":1000000,\"openUrgentPerHousehold\":5,"
                + "\"openOrdersPerHousehold\":1000000}");
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> Bench.requireLoadLimits(target, http));
        assertTrue(refused.getMessage().contains("[openUrgentPerHousehold 5]"), refused.getMessage());
    }

    @Test
    void a_stack_with_the_benchs_limits_is_measured_and_its_limits_recorded() throws IOException {
        Target target = stackAnswering(200, "{\"householdsPerResident\":1000000,\"openUrgentPerHousehold\":1000000,"
                + "\"openOrdersPerHousehold\":1000000}");
        JsonNode limits = Bench.requireLoadLimits(target, http);
        assertEquals(1_000_000, limits.path("openOrdersPerHousehold").asInt());
    }

    @Test
    void a_stack_that_does_not_say_its_limits_has_none_to_refuse() throws IOException {
        Target target = stackAnswering(404, "{\"status\":404}");
        assertFalse(Bench.requireLoadLimits(target, http).path("reported").asBoolean());
    }
}
