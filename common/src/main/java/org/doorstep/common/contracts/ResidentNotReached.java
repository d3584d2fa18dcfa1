package org.doorstep.common.contracts;

import java.time.OffsetDateTime;

/**
 * A message to a household reached nobody (issue 15): it has no channel (no WeChat and no phone) or its sends were
 * given up on. Its grid worker must go to the door instead: dispatch shows it as an alert of the building's grid and
 * sends it to the grid worker. Topic doorstep.orders, key = compoundId/buildingId, aggregate Household.
 * {@code orderId} is null for a message about the building's status. {@code kind}: the message's kind (ASSIGNED,
 * OUT_FOR_DELIVERY, DELIVERED, FAILED, BUILDING_SEALED, BUILDING_CONTROLLED, BUILDING_PRECAUTION, BUILDING_OPEN);
 * {@code why}: NO_CHANNEL or GIVEN_UP; {@code reason}: the words the resident's list shows. Both are plain strings, so
 * a kind added later is read, not set aside.
 */
public record ResidentNotReached(
        long householdId,
        long buildingId,
        Long orderId,
        String kind,
        String why,
        String reason,
        String room,
        String contactName,
        OffsetDateTime at) {
    public static final String TYPE = "ResidentNotReached";
}
