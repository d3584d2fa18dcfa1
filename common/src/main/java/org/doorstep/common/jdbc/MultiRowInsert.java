package org.doorstep.common.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * Writes many rows of one table in as few statements as possible: one {@code insert … values (…), (…), …} per chunk.
 * A row per statement is a round trip per row, and a batch of orders, history lines, audit entries and events would
 * spend its time waiting on the network. Chunks have a fixed size, so the driver's statement cache keeps hitting.
 */
public final class MultiRowInsert {

    /** Rows in one statement: large enough that a poll or an intake group needs a few, small enough for any server. */
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
     * @param sqlTail what follows the values, e.g. {@code on duplicate key update …}; empty for nothing
     */
    public static void insert(Connection connection, String sqlHead, int width, List<Object[]> rows, String sqlTail)
            throws SQLException {
        String one = "(" + "?, ".repeat(width - 1) + "?)";
        for (int from = 0; from < rows.size(); from += ROWS_PER_STATEMENT) {
            List<Object[]> chunk = rows.subList(from, Math.min(rows.size(), from + ROWS_PER_STATEMENT));
            StringBuilder sql = new StringBuilder(sqlHead).append(" values ");
            for (int i = 0; i < chunk.size(); i++) {
                sql.append(i == 0 ? one : ", " + one);
            }
            if (!sqlTail.isEmpty()) {
                sql.append(' ').append(sqlTail);
            }
            try (PreparedStatement insert = connection.prepareStatement(sql.toString())) {
                int p = 1;
                for (Object[] row : chunk) {
                    if (row.length != width) {
                        throw new IllegalArgumentException("a row of " + row.length + " values for " + width
                                + " columns");
                    }
                    for (Object value : row) {
                        insert.setObject(p++, value);
                    }
                }
                insert.executeUpdate();
            }
        }
    }
}
