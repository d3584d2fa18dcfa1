package org.doorstep.dispatch.migration;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.doorstep.common.contracts.Phones;
import org.doorstep.testkit.DoorstepTestServers;
import org.doorstep.testkit.MariaDbServer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * V7 masks again the phones dispatch stored under the old rule (the first three and last four digits, so a
 * seven-digit number showed whole): on a database of its own, migrated as the service migrates it, first to V6.
 * A Quarkus test only for the classpath: Flyway's MySQL support comes with the service's extensions.
 */
@QuarkusTest
@WithTestResource(value = DoorstepTestServers.class, scope = TestResourceScope.GLOBAL)
class RemaskPhonesMigrationTest {

    @Test
    void stored_phones_of_every_length_masked_the_old_way_show_no_more_than_the_rule_allows() throws Exception {
        MariaDbServer server = DoorstepTestServers.database();
        String database = "dispatch_v7_" + System.currentTimeMillis();
        try (Connection connection = server.connect(""); Statement statement = connection.createStatement()) {
            statement.execute("create database " + database);
        }
        try {
            flyway(server, database, "6").migrate();
            String digits = "98765432109876543210";
            Map<Long, String> expected = new LinkedHashMap<>();
            try (Connection connection = server.connect(database)) {
                for (int length = 1; length <= digits.length(); length++) {
                    String phone = digits.substring(0, length);
                    insert(connection, length, maskedTheOldWay(phone));
                    expected.put((long) length, Phones.mask(phone));
                }
                insert(connection, 100, Phones.mask("13912345678"));
                expected.put(100L, "*******5678");
                insert(connection, 101, null);
                expected.put(101L, null);
            }

            flyway(server, database, "latest").migrate();

            assertEquals(expected, stored(server, database));
            assertEquals("*****43", expected.get(7L), "a seven-digit number no longer shows whole");
        } finally {
            try (Connection connection = server.connect(""); Statement statement = connection.createStatement()) {
                statement.execute("drop database " + database);
            }
        }
    }

    /** As the service's Flyway runs (application.properties and common's settings), up to the version given. */
    private static Flyway flyway(MariaDbServer server, String database, String target) {
        return Flyway.configure()
                .dataSource(server.jdbcUrl(database), server.username(), server.password())
                .locations("classpath:db/messaging", "classpath:db/audit", "classpath:db/migration")
                .outOfOrder(true)
                .target(target)
                .load();
    }

    /** The rule before V7. */
    private static String maskedTheOldWay(String digits) {
        return digits.length() < 7 ? "*".repeat(digits.length())
                : digits.substring(0, 3) + "*".repeat(digits.length() - 7) + digits.substring(digits.length() - 4);
    }

    private static void insert(Connection connection, long orderId, String maskedPhone) throws Exception {
        try (PreparedStatement insert = connection.prepareStatement("insert into dispatch_order (order_id,"
                + " household_id, building_id, category, urgent, vulnerable, item_count, placed_at, handoff_digest,"
                + " status, seq, room, contact_name, masked_phone) values (?, 1, 1, 'FOOD', false, false, 1,"
                + " now(6), 'digest', 'QUEUED', 1, '602', 'Chen Jie', ?)")) {
            insert.setLong(1, orderId);
            insert.setString(2, maskedPhone);
            insert.executeUpdate();
        }
    }

    private static Map<Long, String> stored(MariaDbServer server, String database) throws Exception {
        Map<Long, String> stored = new LinkedHashMap<>();
        try (Connection connection = server.connect(database); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select order_id, masked_phone from dispatch_order"
                     + " order by order_id")) {
            while (rows.next()) {
                stored.put(rows.getLong(1), rows.getString(2));
            }
        }
        return stored;
    }
}
