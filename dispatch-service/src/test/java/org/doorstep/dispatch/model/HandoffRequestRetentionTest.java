package org.doorstep.dispatch.model;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.doorstep.common.retention.Retention;
import org.doorstep.testkit.DoorstepTestServers;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A handoff request (a volunteer's key and the keyed hash of what they sent) ends after a week. */
@QuarkusTest
@WithTestResource(value = DoorstepTestServers.class, scope = TestResourceScope.GLOBAL)
class HandoffRequestRetentionTest {

    @Inject
    Retention retention;

    @Inject
    DataSource dataSource;

    @Test
    void a_handoff_request_older_than_a_week_ends_and_a_recent_one_stays() throws Exception {
        insert("retention-old", 8);
        insert("retention-recent", 6);

        Map<String, Integer> ended = retention.sweep();

        assertTrue(ended.get("handoff requests") >= 1, "requests ended: " + ended);
        assertEquals(List.of("retention-recent"), keysOf("retention-volunteer"));
    }

    private void insert(String key, int daysAgo) throws Exception {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("insert into handoff_request "
                     + "(subject, idempotency_key, run_id, request_hash, created_at) values (?, ?, 1, ?, ?)")) {
            statement.setString(1, "retention-volunteer");
            statement.setString(2, key);
            statement.setString(3, "0".repeat(64));
            statement.setObject(4, LocalDateTime.now(ZoneOffset.UTC).minusDays(daysAgo));
            statement.executeUpdate();
        }
    }

    private List<String> keysOf(String subject) throws Exception {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "select idempotency_key from handoff_request where subject = ? order by idempotency_key")) {
            statement.setString(1, subject);
            try (ResultSet rows = statement.executeQuery()) {
                List<String> keys = new ArrayList<>();
                while (rows.next()) {
                    keys.add(rows.getString(1));
                }
                return keys;
            }
        }
    }
}
