package org.doorstep.common.rules;

import org.doorstep.common.contracts.TestResult;
import org.doorstep.common.contracts.Vetting;
import org.doorstep.common.rules.VolunteerFitness.Standing;
import org.doorstep.common.rules.VolunteerFitness.Test;
import org.doorstep.common.security.Role;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import static org.doorstep.common.contracts.TestResult.NEGATIVE;
import static org.doorstep.common.contracts.TestResult.POSITIVE;
import static org.doorstep.common.security.Role.ADMIN;
import static org.doorstep.common.security.Role.GRID_WORKER;
import static org.doorstep.common.security.Role.VOLUNTEER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which of a volunteer's tests counts (issue 13, item 3): one case per test, ties included. */
class VolunteerFitnessTest {

    private static final OffsetDateTime NOON = OffsetDateTime.of(2022, 4, 10, 12, 0, 0, 0, ZoneOffset.UTC);

    private static Test test(TestResult result, int minutesAfterNoon, Role by) {
        return new Test(result, NOON.plusMinutes(minutesAfterNoon), by);
    }

    /** The standing for the tests in every order they could have been entered in (a few orders suffice here). */
    private static Standing standing(Test... tests) {
        Standing first = VolunteerFitness.standing(List.of(tests));
        List<Test> reversed = new ArrayList<>(List.of(tests));
        Collections.reverse(reversed);
        assertEquals(first, VolunteerFitness.standing(reversed), "the order of entry changes nothing");
        return first;
    }

    @org.junit.jupiter.api.Test
    void no_test_on_file_counts_nothing() {
        Standing standing = standing();
        assertNull(standing.counts());
        assertNull(standing.result());
        assertFalse(standing.officialPositiveStands());
    }

    @org.junit.jupiter.api.Test
    void the_latest_test_taken_counts_not_the_latest_entered() {
        Test older = test(POSITIVE, 0, VOLUNTEER);
        Test newer = test(NEGATIVE, 30, VOLUNTEER);
        assertEquals(newer, standing(newer, older).counts());
        assertEquals(newer, standing(older, newer).counts());
    }

    @org.junit.jupiter.api.Test
    void a_volunteers_own_negative_lifts_their_own_positive() {
        Test negative = test(NEGATIVE, 10, VOLUNTEER);
        Standing standing = standing(test(POSITIVE, 0, VOLUNTEER), negative);
        assertEquals(negative, standing.counts());
        assertFalse(standing.officialPositiveStands());
    }

    @org.junit.jupiter.api.Test
    void a_volunteers_own_negative_taken_minutes_later_never_lifts_a_grid_workers_positive() {
        Test positive = test(POSITIVE, 0, GRID_WORKER);
        Standing standing = standing(positive, test(NEGATIVE, 5, VOLUNTEER), test(NEGATIVE, 60 * 24, VOLUNTEER));
        assertEquals(positive, standing.counts());
        assertEquals(POSITIVE, standing.result());
        assertTrue(standing.officialPositiveStands());
    }

    @org.junit.jupiter.api.Test
    void a_volunteers_own_negative_never_lifts_an_admins_positive() {
        Test positive = test(POSITIVE, 0, ADMIN);
        assertEquals(positive, standing(positive, test(NEGATIVE, 5, VOLUNTEER)).counts());
    }

    @org.junit.jupiter.api.Test
    void a_grid_workers_or_admins_negative_taken_after_it_lifts_the_positive() {
        for (Role by : List.of(GRID_WORKER, ADMIN)) {
            Test negative = test(NEGATIVE, 5, by);
            Standing standing = standing(test(POSITIVE, 0, GRID_WORKER), negative);
            assertEquals(negative, standing.counts(), by + "'s negative");
            assertFalse(standing.officialPositiveStands(), by + "'s negative");
        }
    }

    @org.junit.jupiter.api.Test
    void once_lifted_the_volunteers_own_later_negatives_count_again() {
        Test own = test(NEGATIVE, 60, VOLUNTEER);
        Standing standing = standing(test(POSITIVE, 0, GRID_WORKER), test(NEGATIVE, 30, GRID_WORKER), own);
        assertEquals(own, standing.counts());
    }

    @org.junit.jupiter.api.Test
    void a_grid_workers_negative_taken_before_the_positive_lifts_nothing() {
        Test positive = test(POSITIVE, 0, GRID_WORKER);
        Standing standing = standing(test(NEGATIVE, -30, GRID_WORKER), positive);
        assertEquals(positive, standing.counts());
        assertTrue(standing.officialPositiveStands());
    }

    @org.junit.jupiter.api.Test
    void the_volunteers_own_positive_after_a_grid_workers_positive_does_not_open_a_way_out() {
        Standing standing = standing(test(POSITIVE, 0, GRID_WORKER), test(POSITIVE, 10, VOLUNTEER),
                test(NEGATIVE, 20, VOLUNTEER));
        assertEquals(POSITIVE, standing.result());
        assertTrue(standing.officialPositiveStands());
    }

    @org.junit.jupiter.api.Test
    void a_tie_between_a_grid_workers_positive_and_negative_goes_against_the_volunteer() {
        Test positive = test(POSITIVE, 0, GRID_WORKER);
        Standing standing = standing(positive, test(NEGATIVE, 0, GRID_WORKER));
        assertEquals(positive, standing.counts());
        assertTrue(standing.officialPositiveStands());
    }

    @org.junit.jupiter.api.Test
    void a_tie_between_the_volunteers_own_results_goes_against_them() {
        Test positive = test(POSITIVE, 0, VOLUNTEER);
        assertEquals(positive, standing(test(NEGATIVE, 0, VOLUNTEER), positive).counts());
    }

    @org.junit.jupiter.api.Test
    void a_tie_between_the_volunteers_own_positive_and_a_grid_workers_negative_goes_against_them() {
        Test positive = test(POSITIVE, 0, VOLUNTEER);
        assertEquals(positive, standing(test(NEGATIVE, 0, ADMIN), positive).counts());
    }

    @org.junit.jupiter.api.Test
    void a_tie_between_the_volunteers_own_negative_and_a_grid_workers_positive_goes_against_them() {
        Test positive = test(POSITIVE, 0, GRID_WORKER);
        Standing standing = standing(test(NEGATIVE, 0, VOLUNTEER), positive);
        assertEquals(positive, standing.counts());
        assertTrue(standing.officialPositiveStands());
    }

    @org.junit.jupiter.api.Test
    void a_tie_between_two_positives_keeps_the_grid_workers_standing() {
        Standing standing = standing(test(POSITIVE, 0, VOLUNTEER), test(POSITIVE, 0, GRID_WORKER),
                test(NEGATIVE, 10, VOLUNTEER));
        assertEquals(POSITIVE, standing.result());
        assertTrue(standing.officialPositiveStands());
    }

    @org.junit.jupiter.api.Test
    void the_same_instant_in_another_offset_is_a_tie() {
        Test positive = test(POSITIVE, 0, GRID_WORKER);
        Test sameInstant = new Test(NEGATIVE, NOON.withOffsetSameInstant(ZoneOffset.ofHours(8)), GRID_WORKER);
        assertEquals(positive, standing(sameInstant, positive).counts());
    }

    @org.junit.jupiter.api.Test
    void only_the_volunteers_own_negative_over_a_standing_grid_workers_positive_is_refused() {
        Standing stands = standing(test(POSITIVE, 0, GRID_WORKER));
        assertTrue(VolunteerFitness.refused(stands, test(NEGATIVE, 5, VOLUNTEER)));
        assertTrue(VolunteerFitness.refused(stands, test(NEGATIVE, -5, VOLUNTEER)));
        assertFalse(VolunteerFitness.refused(stands, test(NEGATIVE, 5, GRID_WORKER)));
        assertFalse(VolunteerFitness.refused(stands, test(NEGATIVE, 5, ADMIN)));
        assertFalse(VolunteerFitness.refused(stands, test(POSITIVE, 5, VOLUNTEER)));

        Standing ownPositive = standing(test(POSITIVE, 0, VOLUNTEER));
        assertFalse(VolunteerFitness.refused(ownPositive, test(NEGATIVE, 5, VOLUNTEER)));
        Standing lifted = standing(test(POSITIVE, 0, GRID_WORKER), test(NEGATIVE, 5, ADMIN));
        assertFalse(VolunteerFitness.refused(lifted, test(NEGATIVE, 10, VOLUNTEER)));
    }

    @org.junit.jupiter.api.Test
    void the_test_that_counts_is_what_eligibility_judges() {
        Standing standing = standing(test(POSITIVE, 0, GRID_WORKER), test(NEGATIVE, 5, VOLUNTEER));
        assertEquals(Set.of(Ineligibility.POSITIVE_TEST), VolunteerFitness.check(Vetting.APPROVED, true,
                standing.result(), standing.takenAt(), NOON.plusMinutes(10).toInstant(),
                VolunteerFitness.DEFAULT_TEST_WINDOW));
    }
}
