package org.doorstep.common.lists;

import org.doorstep.common.problem.DoorstepException;

/**
 * How many entries a list endpoint answers ({@code limit}): 200 unless the caller says, never more than 1000, so that
 * no list grows with the district. One rule for every list that takes a {@code limit} (the audit trail, compounds).
 */
public final class ListLimit {

    public static final int DEFAULT = 200;
    public static final int MAX = 1000;

    private ListLimit() {
    }

    /** The number to answer at most; 400 problem+json outside 1 to {@link #MAX}. */
    public static int of(Integer requested) {
        int limit = requested == null ? DEFAULT : requested;
        if (limit < 1 || limit > MAX) {
            throw DoorstepException.badRequest("limit must be between 1 and " + MAX + ".");
        }
        return limit;
    }
}
