package org.doorstep.common.contracts;

import java.time.OffsetDateTime;

/** Latest state of a building; topic doorstep.buildings, key = buildingId. Published by dispatch-service. */
public record BuildingState(
        long buildingId,
        long compoundId,
        String name,
        BuildingStatus status,
        OffsetDateTime statusSince,
        String changedBy,
        String reason) {
    public static final String TYPE = "BuildingState";
}
