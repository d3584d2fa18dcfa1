package org.doorstep.order.access;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.doorstep.common.problem.ProblemMappers;
import org.doorstep.testkit.DoorstepTestServers;
import org.doorstep.testkit.LogCapture;
import org.doorstep.testkit.TestIdentity;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A client that hangs up halfway through sending a request (a phone losing signal in a stairwell) is routine: one
 * DEBUG line, not an ERROR with a stack trace that would bury the errors someone must act on.
 */
@QuarkusTest
@WithTestResource(value = DoorstepTestServers.class, scope = TestResourceScope.GLOBAL)
class ClientAbortTest {

    @TestHTTPResource("/")
    URL service;

    /**
     * Sends the head of an order and 15 of its announced 20 kB (more than the 10 kB read before the endpoint is
     * called, so the endpoint's thread is reading when the line drops), then closes; reset: RST instead of FIN.
     */
    private void hangUpMidBody(boolean reset) throws Exception {
        StringBuilder body = new StringBuilder("{\"householdId\": 1, \"category\": \"FOOD\", \"note\": \"");
        while (body.length() < 15_000) {
            body.append("fresh bread");
        }
        try (Socket socket = new Socket(service.getHost(), service.getPort())) {
            if (reset) {
                socket.setSoLinger(true, 0);
            }
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/orders HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + TestIdentity.token("RESIDENT", "chen") + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 20000\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
    }

    @Test
    void a_client_hanging_up_mid_request_is_one_debug_line_not_an_error() throws Exception {
        for (boolean reset : List.of(false, true)) {
            try (LogCapture log = LogCapture.withDebugOf(ProblemMappers.class)) {
                hangUpMidBody(reset);
                // The service has dealt with it once the problem mappers said something about it.
                List<LogRecord> said = await().atMost(Duration.ofSeconds(20))
                        .until(() -> log.of(ProblemMappers.class), records -> !records.isEmpty());
                List<String> alarms = log.warningsAndErrors().stream()
                        .filter(r -> r.getLoggerName().startsWith("org.doorstep") || aboutTheConnection(r))
                        .map(r -> r.getLevel() + " " + r.getLoggerName() + ": " + r.getMessage()).toList();
                assertEquals(List.of(), alarms, (reset ? "reset" : "closed") + ": nothing at WARN or ERROR");
                assertEquals(Level.FINE.intValue(), said.get(0).getLevel().intValue(), "DEBUG: " + said.get(0).getMessage());
                assertNull(said.get(0).getThrown(), "one line, no stack trace");
            }
        }
    }

    private static boolean aboutTheConnection(LogRecord record) {
        String text = record.getMessage() + " " + record.getThrown();
        return text.contains("Connection was closed") || text.contains("Connection reset");
    }
}
