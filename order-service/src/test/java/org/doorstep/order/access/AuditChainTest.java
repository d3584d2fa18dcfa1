package org.doorstep.order.access;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
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
import java.sql.Statement;
import java.util.List;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The audit trail is append-only and chained by hash per batch (issue 13, item 7; common/.../audit/AuditChain): the
 * services' account cannot change or remove an entry, and an entry changed behind the database's back shows at its
 * batch when the chain is recomputed ({@code GET /api/audit/verification}).
 */
@QuarkusTest
@WithTestResource(value = DoorstepTestServers.class, scope = TestResourceScope.GLOBAL)
class AuditChainTest {

    private static OrderFixture fixture;

    /** The services' own account, as the service connects. */
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

    @Test
    void a_clean_chain_verifies_and_a_transactions_entries_are_one_batch() throws Exception {
        long household = fixture.household(List.of());
        // An order placed by a grid worker over a limit writes two entries in its transaction: one batch.
        long order = OrderFixture.gridWorker().contentType(ContentType.JSON)
                .body(java.util.Map.of("householdId", household, "category", "FOOD",
                        "items", List.of(java.util.Map.of("name", "Rice", "quantity", 1))))
                .post("/api/orders").then().statusCode(201).extract().jsonPath().getLong("id");
        long registered = batchOf("Household", household);
        long placed = batchOf("Order", order);
        assertTrue(placed > registered, "each transaction is its own batch, in the order they committed");

        JsonPath verification = As.admin().get("/api/audit/verification").then().statusCode(200)
                .body("ok", equalTo(true))
                .body("firstBrokenBatch", nullValue())
                .extract().jsonPath();
        assertTrue(verification.getLong("batches") >= placed, verification.prettify());
        assertTrue(verification.getLong("entries") >= verification.getLong("batches"), verification.prettify());
    }

    @Test
    void the_services_account_may_not_change_or_remove_an_entry_or_a_batch() throws Exception {
        long household = fixture.household(List.of());
        long entry = entryOf("Household", household);
        long batch = batchOf("Household", household);
        for (String statement : List.of(
                "update audit_entry set detail = 'nothing happened' where id = " + entry,
                "delete from audit_entry where id = " + entry,
                "update audit_batch set hash = repeat('0', 64) where id = " + batch,
                "delete from audit_batch where id = " + batch)) {
            SQLException refused = assertThrows(SQLException.class, () -> execute(statement), statement);
            assertTrue(refused.getMessage().contains("append-only"), refused.getMessage());
        }
        assertEquals("HOUSEHOLD_REGISTERED", text("select action from audit_entry where id = " + entry));
        As.admin().get("/api/audit/verification").then().statusCode(200).body("ok", equalTo(true));
    }

    @Test
    void an_entry_altered_behind_the_databases_back_is_reported_at_its_batch() throws Exception {
        long household = fixture.household(List.of());
        long entry = entryOf("Household", household);
        long batch = batchOf("Household", household);
        String detail = text("select detail from audit_entry where id = " + entry);
        // Someone with the database's root account drops the guard, edits, and puts the guard back.
        behindTheTrigger("update audit_entry set detail = 'vulnerabilities [ELDERLY_ALONE]' where id = " + entry);
        try {
            As.admin().get("/api/audit/verification").then().statusCode(200)
                    .body("ok", equalTo(false))
                    .body("firstBrokenBatch", equalTo((int) batch));
        } finally {
            behindTheTrigger("update audit_entry set detail = '" + detail + "' where id = " + entry);
        }
        As.admin().get("/api/audit/verification").then().statusCode(200).body("ok", equalTo(true));
    }

    private static void behindTheTrigger(String change) throws Exception {
        try (Connection root = DoorstepTestServers.database().connect(DoorstepTestServers.DATABASE);
             Statement statement = root.createStatement()) {
            statement.execute("drop trigger audit_entry_no_update");
            try {
                statement.executeUpdate(change);
            } finally {
                statement.execute("create trigger audit_entry_no_update before update on audit_entry for each row"
                        + " signal sqlstate '45000' set message_text = 'audit entries are append-only'");
            }
        }
    }

    private long entryOf(String subjectType, long subjectId) throws SQLException {
        return Long.parseLong(text("select max(id) from audit_entry where subject_type = '" + subjectType
                + "' and subject_id = '" + subjectId + "'"));
    }

    private long batchOf(String subjectType, long subjectId) throws SQLException {
        String batch = text("select batch_id from audit_entry where id = " + entryOf(subjectType, subjectId));
        assertNotNull(batch, "the entry is in a batch");
        return Long.parseLong(batch);
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.executeUpdate(sql);
        }
    }

    private String text(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql);
             ResultSet row = statement.executeQuery()) {
            assertTrue(row.next(), sql);
            return row.getString(1);
        }
    }
}
