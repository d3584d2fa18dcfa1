package org.doorstep.dispatch.planning;

import jakarta.transaction.TransactionScoped;
import org.doorstep.common.jdbc.MultiRowInsert;
import org.doorstep.dispatch.model.DispatchOrder;

import javax.sql.DataSource;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The orders a transaction admitted and has not stored yet. They are inserted once planning has decided where they
 * go, in their final state and in one statement: stored through the ORM when they came in, each was inserted queued
 * and then updated to assigned, and the updates (a statement per row) took a sixth of the consumer's time. Whatever
 * reads orders from the database in the same transaction stores them first ({@link #store}), so it sees them.
 */
@TransactionScoped
public class NewOrders implements Serializable {

    private static final String INSERT = "insert into dispatch_order (order_id, household_id, building_id, category,"
            + " urgent, vulnerable, item_count, placed_at, handoff_digest, status, run_id, failure_reason,"
            + " deliver_from, deliver_by, failed_attempts, distribution_id, room, contact_name, masked_phone,"
            + " wrong_codes, handoff_locked, seq, version)";
    private static final int WIDTH = 23;

    private final Map<Long, DispatchOrder> orders = new LinkedHashMap<>();

    void add(DispatchOrder order) {
        orders.put(order.orderId, order);
    }

    /** The order as admitted in this transaction and not yet stored, or null. */
    DispatchOrder get(long orderId) {
        return orders.get(orderId);
    }

    /** Inserts the orders admitted so far as they stand now, on the transaction's connection. */
    void store(DataSource dataSource) {
        if (orders.isEmpty()) {
            return;
        }
        List<Object[]> rows = new ArrayList<>(orders.size());
        for (DispatchOrder o : orders.values()) {
            rows.add(new Object[] {o.orderId, o.householdId, o.buildingId, o.category.name(), o.urgent, o.vulnerable,
                    o.itemCount, MultiRowInsert.utc(o.placedAt), o.handoffDigest, o.status.name(), o.runId,
                    o.failureReason, MultiRowInsert.utc(o.deliverFrom), MultiRowInsert.utc(o.deliverBy),
                    o.failedAttempts, o.distributionId, o.room, o.contactName, o.maskedPhone, o.wrongCodes,
                    o.handoffLocked, o.seq, o.version});
        }
        try (Connection connection = dataSource.getConnection()) {
            MultiRowInsert.insert(connection, INSERT, WIDTH, rows);
        } catch (SQLException e) {
            throw new IllegalStateException("could not store " + rows.size() + " new orders", e);
        }
        orders.clear();
    }
}
