package org.doorstep.common.rules;

import org.doorstep.common.contracts.TestResult;
import org.doorstep.common.contracts.Vetting;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.Set;

/**
 * The part of "who may carry" that depends on the volunteer alone (DESIGN.md, dispatch rules): vetted, on duty, with a
 * negative test no older than the window. volunteer-service shows it; dispatch-service adds the place and load rules.
 */
public final class VolunteerFitness {

    public static final Duration DEFAULT_TEST_WINDOW = Duration.ofHours(48);

    private VolunteerFitness() {
    }

    public static Set<Ineligibility> check(Vetting vetting, boolean onDuty, TestResult latestResult,
                                           OffsetDateTime latestTakenAt, Instant now, Duration testWindow) {
        Set<Ineligibility> reasons = EnumSet.noneOf(Ineligibility.class);
        if (vetting != Vetting.APPROVED) {
            reasons.add(Ineligibility.NOT_VETTED);
        }
        if (!onDuty) {
            reasons.add(Ineligibility.OFF_DUTY);
        }
        if (latestResult == null || latestTakenAt == null) {
            reasons.add(Ineligibility.NO_TEST_ON_FILE);
        } else if (latestResult == TestResult.POSITIVE) {
            reasons.add(Ineligibility.POSITIVE_TEST);
        } else if (latestTakenAt.toInstant().plus(testWindow).isBefore(now)) {
            reasons.add(Ineligibility.TEST_TOO_OLD);
        }
        return reasons;
    }
}
