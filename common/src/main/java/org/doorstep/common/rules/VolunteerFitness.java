package org.doorstep.common.rules;

import org.doorstep.common.contracts.TestResult;
import org.doorstep.common.contracts.Vetting;
import org.doorstep.common.security.Role;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The part of "who may carry" that depends on the volunteer alone (DESIGN.md, dispatch rules): vetted, on duty, with a
 * negative test no older than the window; and which of a volunteer's tests is the one that counts.
 * volunteer-service decides the test that counts ({@link #standing}) and publishes it as the volunteer's latest
 * test; volunteer-service and dispatch-service both judge it with {@link #check}, and dispatch adds the place and load
 * rules.
 */
public final class VolunteerFitness {

    public static final Duration DEFAULT_TEST_WINDOW = Duration.ofHours(48);

    private VolunteerFitness() {
    }

    /** A test result as it was recorded, and by whom: the volunteer themself, or a grid worker or admin. */
    public record Test(TestResult result, OffsetDateTime takenAt, Role recordedBy) {

        /** Recorded by a grid worker or admin, who saw the result; anyone else's record is a self-report. */
        public boolean official() {
            return recordedBy == Role.GRID_WORKER || recordedBy == Role.ADMIN;
        }

        boolean selfReportedNegative() {
            return result == TestResult.NEGATIVE && !official();
        }
    }

    /**
     * What a volunteer's tests say: the test that counts (null: none on file), and whether a positive recorded by a
     * grid worker or admin stands, which only a grid worker's or admin's negative taken after it lifts.
     */
    public record Standing(Test counts, boolean officialPositiveStands) {

        public TestResult result() {
            return counts == null ? null : counts.result();
        }

        public OffsetDateTime takenAt() {
            return counts == null ? null : counts.takenAt();
        }
    }

    /**
     * Read in the order the tests were taken; at the same instant a negative before a positive, and a self-report
     * before a grid worker's or admin's record, so that a tie always goes against the volunteer.
     */
    private static final Comparator<Test> TAKEN = Comparator
            .comparing((Test t) -> t.takenAt().toInstant())
            .thenComparing(t -> t.result() == TestResult.POSITIVE)
            .thenComparing(Test::official);

    /**
     * The test that counts: the latest taken, except that a volunteer's own negative never lifts a positive a grid
     * worker or admin recorded; that positive stands until a grid worker or admin records a negative taken after it.
     * Independent of the order the tests were entered in.
     */
    public static Standing standing(Collection<Test> tests) {
        List<Test> taken = tests.stream().sorted(TAKEN).toList();
        Test counts = null;
        boolean officialPositive = false;
        for (Test test : taken) {
            if (test.selfReportedNegative() && officialPositive) {
                continue; // the volunteer's word against a result a grid worker saw
            }
            if (test.official()) {
                officialPositive = test.result() == TestResult.POSITIVE;
            }
            counts = test;
        }
        return new Standing(counts, officialPositive);
    }

    /**
     * Whether a new test is refused: the volunteer's own negative while a grid worker's or admin's positive stands
     * can change nothing, and saying "recorded" would mislead them (409).
     */
    public static boolean refused(Standing standing, Test incoming) {
        return standing.officialPositiveStands() && incoming.selfReportedNegative();
    }

    /** Judges the volunteer with the test that counts ({@link #standing}). */
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
