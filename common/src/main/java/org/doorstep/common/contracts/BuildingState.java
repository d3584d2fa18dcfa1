package org.doorstep.common.contracts;

import java.time.OffsetDateTime;

/**
 * Latest state of a building; topic doorstep.buildings, key = compoundId/buildingId. Published by dispatch-service.
 * {@code gridId} is the grid whose workers act on the building (null while it is in none).
 */
public record BuildingState(
        long buildingId,
        long compoundId,
        String name,
        BuildingStatus status,
        OffsetDateTime statusSince,
        String changedBy,
        String reason,
        Long gridId) {
    public static final String TYPE = "BuildingState";
}
