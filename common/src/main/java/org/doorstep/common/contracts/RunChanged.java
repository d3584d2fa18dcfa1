package org.doorstep.common.contracts;

import java.time.OffsetDateTime;
import java.util.List;

/** A run was assigned, picked up or finished; topic doorstep.dispatch, key = buildingId. */
public record RunChanged(
        long runId,
        long buildingId,
        Long volunteerId,
        RunStatus status,
        List<Long> orderIds,
        int delivered,
        int failed,
        OffsetDateTime at) {
    public static final String TYPE = "RunChanged";
}
