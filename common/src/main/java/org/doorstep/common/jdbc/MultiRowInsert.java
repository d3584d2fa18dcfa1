package org.doorstep.common.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Writes many rows of one table in as few statements as possible. A row per statement is a round trip per row, and a
 * batch of orders, history lines, audit entries and events would spend its time waiting on the network. The rows go
 * as one JDBC batch of a one-row statement, which the driver sends as {@code insert … values (…), (…), …}
 * ({@code rewriteBatchedStatements}, set for every service), as many rows per statement as its packet takes. The
 * driver parses the one-row statement once and keeps it: a statement written out for each number of rows was parsed
 * again every time (13 % of order-service's CPU in a profile at 700 orders/s), too long and too varied to be cached.
 */
public final class MultiRowInsert {

    /**
     * Rows in one statement that lists them itself (an in-list, a case update): large enough that a poll or an intake
     * group needs a few, small enough for any server.
     */
    public static final int ROWS_PER_STATEMENT = 250;

    private MultiRowInsert() {
    }

    /**
     * @param sqlHead {@code insert into table (a, b, c)} (or {@code insert ignore into …}): the values follow
     * @param width   columns per row; each row of {@code rows} holds exactly that many values, in column order
     */
    public static void insert(Connection connection, String sqlHead, int width, List<Object[]> rows)
            throws SQLException {
        insert(connection, sqlHead, width, rows, "");
    }

    /**
     * @param sqlTail what follows the values, e.g. {@code on duplicate key update …} (without parameters, which would
     *                keep the driver from joining the rows); empty for nothing
     */
    public static void insert(Connection connection, String sqlHead, int width, List<Object[]> rows, String sqlTail)
            throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        String sql = sqlHead + " values (" + "?, ".repeat(width - 1) + "?)" + (sqlTail.isEmpty() ? "" : " " + sqlTail);
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            for (Object[] row : rows) {
                if (row.length != width) {
                    throw new IllegalArgumentException("a row of " + row.length + " values for " + width
                            + " columns");
                }
                for (int i = 0; i < width; i++) {
                    insert.setObject(i + 1, row[i]);
                }
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** A time as the datetime columns hold it: UTC, without an offset (null stays null). */
    public static LocalDateTime utc(OffsetDateTime time) {
        return time == null ? null : time.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
    }
}
