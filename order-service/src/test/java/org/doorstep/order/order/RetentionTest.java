package org.doorstep.order.order;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.doorstep.common.retention.Retention;
import org.doorstep.order.OrderFixture;
import org.doorstep.testkit.As;
import org.doorstep.testkit.DoorstepTestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rows that only recognise a repeat end when no repeat can come: an order's Idempotency-Key after a week (the order
 * stays), an applied event's id after two weeks.
 */
@QuarkusTest
@WithTestResource(value = DoorstepTestServers.class, scope = TestResourceScope.GLOBAL)
class RetentionTest {

    private static OrderFixture fixture;

    @Inject
    Retention retention;

    @Inject
    DataSource dataSource;

    @BeforeAll
    static void setUp() throws Exception {
        fixture = new OrderFixture();
    }

    @AfterAll
    static void tearDown() {
        fixture.close();
    }

    private static Response placeWithKey(String key, long household) {
        return OrderFixture.resident().contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(OrderFixture.medicineOrder(household)).post("/api/orders");
    }

    @Test
    void a_key_older_than_a_week_is_forgotten_and_a_recent_one_still_returns_its_order() throws Exception {
        long household = fixture.household(List.of());
        long lastWeek = placeWithKey("last-week-" + household, household).then().statusCode(201).extract()
                .jsonPath().getLong("id");
        long today = placeWithKey("today-" + household, household).then().statusCode(201).extract()
                .jsonPath().getLong("id");
        update("update resident_order set placed_at = ? where id = ?", utcDaysAgo(8), lastWeek);

        Map<String, Integer> ended = retention.sweep();

        assertTrue(ended.get("order idempotency keys") >= 1, "keys ended: " + ended);
        long again = placeWithKey("last-week-" + household, household).then().statusCode(201).extract()
                .jsonPath().getLong("id");
        assertNotEquals(lastWeek, again, "a week-old key is a new request");
        assertEquals(today, placeWithKey("today-" + household, household).then().statusCode(201).extract()
                .jsonPath().getLong("id"), "a recent key still returns its order");
        OrderFixture.resident().get("/api/orders/{id}", lastWeek).then().statusCode(200);
    }

    @Test
    void applied_event_ids_end_after_two_weeks() throws Exception {
        String old = UUID.randomUUID().toString();
        String recent = UUID.randomUUID().toString();
        update("insert into processed_event (consumer, event_id, processed_at) values ('retention-test', ?, ?)", old,
                utcDaysAgo(15));
        update("insert into processed_event (consumer, event_id, processed_at) values ('retention-test', ?, ?)",
                recent, utcDaysAgo(13));

        Map<String, Integer> ended = retention.sweep();

        assertTrue(ended.get("applied event ids") >= 1, "ids ended: " + ended);
        assertEquals(List.of(recent), eventIdsOf("retention-test"));
    }

    @Test
    void a_persons_messages_end_after_a_month_unless_still_waiting_to_be_sent() throws Exception {
        String resident = "retention-reader-" + UUID.randomUUID();
        String notification = "insert into notification (recipient, household_id, subject, kind, order_id, urgent, "
                + "created_at, state, next_attempt_at) values (?, 1, ?, 'DELIVERED', ?, false, ?, ?, ?)";
        update(notification, resident, "order:1", 1, utcDaysAgo(31), "SENT", utcDaysAgo(31));
        update(notification, resident, "order:2", 2, utcDaysAgo(31), "PENDING", utcDaysAgo(0));
        update(notification, resident, "order:3", 3, utcDaysAgo(29), "NOT_SENT", utcDaysAgo(29));

        Map<String, Integer> ended = retention.sweep();

        assertTrue(ended.get("notifications") >= 1, "messages ended: " + ended);
        assertEquals(List.of(3, 2), As.resident(resident).get("/api/me/notifications").then().statusCode(200)
                .extract().jsonPath().getList("orderId", Integer.class), "the month-old sent one is gone");
    }

    private static LocalDateTime utcDaysAgo(int days) {
        return LocalDateTime.now(ZoneOffset.UTC).minusDays(days);
    }

    private void update(String sql, Object... parameters) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            assertEquals(1, statement.executeUpdate());
        }
    }

    private List<String> eventIdsOf(String consumer) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "select event_id from processed_event where consumer = ?")) {
            statement.setString(1, consumer);
            try (ResultSet rows = statement.executeQuery()) {
                List<String> ids = new java.util.ArrayList<>();
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
                return ids;
            }
        }
    }
}
