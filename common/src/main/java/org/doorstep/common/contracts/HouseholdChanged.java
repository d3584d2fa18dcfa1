package org.doorstep.common.contracts;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A household's details changed (its resident, grid worker or an admin edited it); topic doorstep.orders, keyed like
 * the household's orders ({@code compoundId/buildingId}), so it reaches dispatch in order with them. It carries the
 * household's whole new state, not a difference: applying it twice, or after a newer OrderPlaced, changes nothing.
 * The phone only ever travels masked ({@link Phones#mask}).
 */
public record HouseholdChanged(
        long householdId,
        long buildingId,
        String room,
        String contactName,
        String maskedPhone,
        List<Vulnerability> vulnerabilities,
        int people,
        OffsetDateTime changedAt) {
    public static final String TYPE = "HouseholdChanged";
}
