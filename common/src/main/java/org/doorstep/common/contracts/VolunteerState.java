package org.doorstep.common.contracts;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * Latest state of a volunteer; topic doorstep.volunteers, key = compoundId/volunteerId. Published by volunteer-service.
 * Carries facts, not a verdict: dispatch judges eligibility itself at the moment it assigns, because a test result
 * ages without any event.
 */
public record VolunteerState(
        long volunteerId,
        String name,
        long compoundId,
        List<Long> buildingIds,
        int capacity,
        Vetting vetting,
        boolean onDuty,
        TestResult latestTestResult,
        OffsetDateTime latestTestTakenAt) {
    public static final String TYPE = "VolunteerState";
}
