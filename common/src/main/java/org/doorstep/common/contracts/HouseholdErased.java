package org.doorstep.common.contracts;

import java.time.OffsetDateTime;

/**
 * A household's personal data (room, contact name, phone, order notes, handoff codes) was erased in order-service:
 * its compound's lockdown ended long enough ago, or an admin erased it on request. Dispatch erases its copies of the
 * household's orders. Topic doorstep.orders, key = compoundId/buildingId, after the cancellations of its open orders.
 */
public record HouseholdErased(long householdId, long buildingId, OffsetDateTime erasedAt) {
    public static final String TYPE = "HouseholdErased";
}
