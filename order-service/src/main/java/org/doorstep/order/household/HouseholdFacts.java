package org.doorstep.order.household;

import org.doorstep.common.audit.Audit;
import org.doorstep.common.contracts.Vulnerability;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * What an order needs to know of its household, as plain values: read for a whole intake group in one query, or
 * taken from a loaded {@link Household}. {@code compoundId} and {@code gridId} are null while dispatch has not yet told
 * this service of the building.
 */
public record HouseholdFacts(long id, long buildingId, String room, String contactName, String phone,
                             String ownerAccount, List<Vulnerability> vulnerabilities, Long compoundId, Long gridId,
                             boolean erased) {

    /** A loaded household, for orders the system makes (no audit entry, so no area needed). */
    public static HouseholdFacts of(Household household) {
        return new HouseholdFacts(household.id, household.buildingId, household.room, household.contactName,
                household.phone, household.ownerAccount, new ArrayList<>(household.vulnerabilities), null, null,
                household.erasedAt != null);
    }

    /**
     * The households of many orders in one query, with their vulnerabilities and their building's compound and grid.
     * The list of ids is padded to a power of two, so a few statement shapes serve every group size.
     */
    public static Map<Long, HouseholdFacts> readAll(Connection connection, Collection<Long> householdIds)
            throws SQLException {
        List<Long> ids = new ArrayList<>(new LinkedHashSet<>(householdIds));
        Map<Long, HouseholdFacts> found = new HashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        int size = ids.size() == 1 ? 1 : Integer.highestOneBit(ids.size() - 1) << 1;
        String marks = "?, ".repeat(size - 1) + "?";
        try (PreparedStatement select = connection.prepareStatement("select h.id, h.building_id, h.room,"
                + " h.contact_name, h.phone, h.owner_account, b.compound_id, b.grid_id, (select"
                + " group_concat(v.vulnerability) from household_vulnerability v where v.household_id = h.id),"
                + " h.erased_at is not null"
                + " from household h left join known_building b on b.building_id = h.building_id"
                + " where h.id in (" + marks + ")")) {
            for (int i = 0; i < size; i++) {
                select.setLong(i + 1, ids.get(Math.min(i, ids.size() - 1)));
            }
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    String vulnerabilities = row.getString(9);
                    List<Vulnerability> list = vulnerabilities == null ? List.of()
                            : Arrays.stream(vulnerabilities.split(",")).map(Vulnerability::valueOf).toList();
                    long id = row.getLong(1);
                    found.put(id, new HouseholdFacts(id, row.getLong(2), row.getString(3), row.getString(4),
                            row.getString(5), row.getString(6), list, (Long) row.getObject(7, Long.class),
                            (Long) row.getObject(8, Long.class), row.getBoolean(10)));
                }
            }
        }
        return found;
    }

    /** An erased household places no more orders (409): its details are gone, the door is unknown. */
    public void requireNotErased() {
        if (erased) {
            throw HouseholdAccess.erased(id);
        }
    }

    /** Where a change to this household's orders happened, for the audit trail. */
    public Audit.Area area() {
        return new Audit.Area(gridId, compoundId, buildingId);
    }
}
