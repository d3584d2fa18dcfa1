package org.doorstep.common.contracts;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A resident (or a grid worker for them) placed an order; topic doorstep.orders, key = compoundId/buildingId.
 * The handoff code itself never leaves order-service: dispatch gets a keyed digest it can check a typed code against.
 * A meal carries its delivery window ({@code deliverFrom}..{@code deliverBy}); other orders leave it null.
 * An order of a bulk distribution names it. Room and contact name tell the volunteer which door; the phone only ever
 * travels masked ({@link Phones#mask}).
 */
public record OrderPlaced(
        long orderId,
        long householdId,
        long buildingId,
        OrderCategory category,
        boolean urgent,
        List<Vulnerability> vulnerabilities,
        int itemCount,
        OffsetDateTime placedAt,
        String handoffCodeDigest,
        OffsetDateTime deliverFrom,
        OffsetDateTime deliverBy,
        Long distributionId,
        String room,
        String contactName,
        String maskedPhone) {
    public static final String TYPE = "OrderPlaced";
}
