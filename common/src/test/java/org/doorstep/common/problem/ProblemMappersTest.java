package org.doorstep.common.problem;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.SocketException;
import java.sql.SQLException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a caller is told when a request fails for a reason of the moment. */
class ProblemMappersTest {

    private final ProblemMappers mappers = new ProblemMappers();

    {
        mappers.mapper = new ObjectMapper();
    }

    @Test
    void the_database_dropping_its_connection_mid_request_is_ours_to_retry_not_the_clients() {
        // What the MySQL driver throws when the database dies under a query: a reset socket inside an 08 SQLState.
        SQLException lost = new SQLException("Communications link failure", "08S01", new SocketException("Connection reset"));
        Response response = mappers.unexpected(new RuntimeException("could not execute statement", lost));

        assertEquals(503, response.getStatus());
        assertEquals("5", response.getHeaderString("Retry-After"));
        assertTrue(String.valueOf(response.getEntity()).contains("cannot reach its database"), response.getEntity().toString());
    }

    @Test
    void a_client_that_hung_up_mid_body_is_told_to_send_it_again() {
        Response response = mappers.unexpected(new RuntimeException(new IOException("Connection reset by peer")));

        assertEquals(400, response.getStatus());
        assertTrue(String.valueOf(response.getEntity()).contains("Send it again"), response.getEntity().toString());
    }
}
