package org.doorstep.order.order;

import org.doorstep.common.jdbc.MultiRowInsert;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What applying dispatch's steps reads and changes of an order, read and written for a poll's orders at once
 * ({@link OrderService#applyProgress}). The version moves as the ORM's would, so an edit through it that read the
 * order before is refused, not lost.
 */
final class Progress {

    final long id;
    final long householdId;
    final boolean urgent;
    OrderStatus status;
    Long runId;
    long dispatchSeq;
    boolean changed;

    private Progress(ResultSet row) throws SQLException {
        id = row.getLong(1);
        householdId = row.getLong(2);
        urgent = row.getBoolean(3);
        status = OrderStatus.valueOf(row.getString(4));
        long run = row.getLong(5);
        runId = row.wasNull() ? null : run;
        dispatchSeq = row.getLong(6);
    }

    /** The orders that exist among {@code ids}, locked until the transaction ends, in id order (no lock cycles). */
    static Map<Long, Progress> lockAll(Connection connection, List<Long> ids) throws SQLException {
        Map<Long, Progress> orders = new LinkedHashMap<>();
        for (int from = 0; from < ids.size(); from += MultiRowInsert.ROWS_PER_STATEMENT) {
            List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + MultiRowInsert.ROWS_PER_STATEMENT));
            try (PreparedStatement select = connection.prepareStatement("select id, household_id, urgent, status,"
                    + " run_id, dispatch_seq from resident_order where id in ("
                    + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ") order by id for update")) {
                for (int i = 0; i < chunk.size(); i++) {
                    select.setLong(i + 1, chunk.get(i));
                }
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        Progress order = new Progress(row);
                        orders.put(order.id, order);
                    }
                }
            }
        }
        return orders;
    }

    /** Writes the orders' status, run and seq, each chunk in one statement. */
    static void updateAll(Connection connection, List<Progress> orders) throws SQLException {
        for (int from = 0; from < orders.size(); from += MultiRowInsert.ROWS_PER_STATEMENT) {
            List<Progress> chunk = orders.subList(from,
                    Math.min(orders.size(), from + MultiRowInsert.ROWS_PER_STATEMENT));
            String cases = " when ? then ?".repeat(chunk.size());
            try (PreparedStatement update = connection.prepareStatement("update resident_order set"
                    + " status = case id" + cases + " end, run_id = case id" + cases + " end,"
                    + " dispatch_seq = case id" + cases + " end, version = version + 1 where id in ("
                    + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ")")) {
                int p = 1;
                for (Progress order : chunk) {
                    update.setLong(p++, order.id);
                    update.setString(p++, order.status.name());
                }
                for (Progress order : chunk) {
                    update.setLong(p++, order.id);
                    update.setObject(p++, order.runId);
                }
                for (Progress order : chunk) {
                    update.setLong(p++, order.id);
                    update.setLong(p++, order.dispatchSeq);
                }
                for (Progress order : chunk) {
                    update.setLong(p++, order.id);
                }
                update.executeUpdate();
            }
        }
    }
}
