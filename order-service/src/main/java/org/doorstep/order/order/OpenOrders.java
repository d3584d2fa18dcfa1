package org.doorstep.order.order;

import org.doorstep.common.contracts.OrderCategory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A household's open orders ({@link OrderStatus#OPEN}), all and urgent medicine, as the per-household limits count
 * them. An intake group locks its households and counts them in two statements, whatever its size.
 */
public record OpenOrders(int all, int urgentMedicine) {

    public static final OpenOrders NONE = new OpenOrders(0, 0);

    /** With one more order of this kind. */
    public OpenOrders plus(boolean isUrgentMedicine) {
        return new OpenOrders(all + 1, urgentMedicine + (isUrgentMedicine ? 1 : 0));
    }

    public static boolean urgentMedicine(OrderDraft draft) {
        return draft.urgent() && draft.category() == OrderCategory.MEDICINE;
    }

    /**
     * Locks the households' rows, in id order, and counts their open orders. Held until the group commits, so a group
     * on another instance counting the same household waits for this one's orders (a single instance's groups are
     * one after the other anyway).
     */
    static Map<Long, OpenOrders> lockAndCount(Connection connection, Collection<Long> householdIds)
            throws SQLException {
        List<Long> ids = new ArrayList<>(new TreeSet<>(householdIds));
        Map<Long, OpenOrders> open = new HashMap<>();
        if (ids.isEmpty()) {
            return open;
        }
        // Padded to a power of two, as HouseholdFacts.readAll: a few statement shapes serve every group size.
        int size = ids.size() == 1 ? 1 : Integer.highestOneBit(ids.size() - 1) << 1;
        String marks = "?, ".repeat(size - 1) + "?";
        try (PreparedStatement lock = connection.prepareStatement(
                "select id from household where id in (" + marks + ") order by id for update")) {
            bind(lock, ids, size);
            lock.executeQuery().close();
        }
        String statuses = OrderStatus.OPEN.stream().map(s -> "'" + s.name() + "'").collect(Collectors.joining(", "));
        try (PreparedStatement count = connection.prepareStatement("select household_id, count(*),"
                + " coalesce(sum(urgent and category = 'MEDICINE'), 0) from resident_order"
                + " where household_id in (" + marks + ") and status in (" + statuses + ") group by household_id")) {
            bind(count, ids, size);
            try (ResultSet row = count.executeQuery()) {
                while (row.next()) {
                    open.put(row.getLong(1), new OpenOrders(row.getInt(2), row.getInt(3)));
                }
            }
        }
        return open;
    }

    private static void bind(PreparedStatement statement, List<Long> ids, int size) throws SQLException {
        for (int i = 0; i < size; i++) {
            statement.setLong(i + 1, ids.get(Math.min(i, ids.size() - 1)));
        }
    }
}
