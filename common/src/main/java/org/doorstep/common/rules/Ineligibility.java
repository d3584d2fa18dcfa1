package org.doorstep.common.rules;

/** Why a volunteer may not take a run. The codes are part of the API (volunteer's ineligibleReasons). */
public enum Ineligibility {
    NOT_VETTED,
    OFF_DUTY,
    NO_TEST_ON_FILE,
    POSITIVE_TEST,
    TEST_TOO_OLD,
    OUTSIDE_COMPOUND,
    DOES_NOT_SERVE_BUILDING,
    BUILDING_NOT_UNDER_LOCKDOWN,
    AT_CAPACITY
}
