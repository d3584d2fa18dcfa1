package org.doorstep.order.limits;

import org.doorstep.common.problem.DoorstepException;
import org.doorstep.common.security.Requester;
import org.doorstep.common.security.Role;

/**
 * A limit gone over, and why: only a grid worker or admin may, by stating {@code overrideLimitReason}; the request
 * that goes over it is audited as {@link #AUDIT_ACTION}. The one place that decides whether a count is over a limit.
 */
public record LimitOverride(Limit limit, int value, String reason) {

    public static final String AUDIT_ACTION = "LIMIT_OVERRIDDEN";

    /**
     * The caller's stated reason to go over a limit, or null for none. A resident may not state one (403), whether or
     * not they are at a limit: the limits are there for their own account.
     */
    public static String reasonOf(Requester requester, String overrideLimitReason) {
        if (overrideLimitReason == null) {
            return null;
        }
        if (requester.is(Role.RESIDENT)) {
            throw DoorstepException.forbidden("Only a grid worker or an admin may go over a limit; leave out "
                    + "overrideLimitReason, or ask your grid worker.");
        }
        return overrideLimitReason.isBlank() ? null : overrideLimitReason.trim();
    }

    /**
     * Whether one more fits under the limit with {@code held} already held: null when it does; the override when the
     * caller stated a reason; otherwise the 422 that names the limit.
     *
     * @param refusal what is held and what to do, for the 422's detail; the sentence about overriding is added
     */
    public static LimitOverride check(Limit limit, Limits limits, int held, String reason, String refusal) {
        int value = limit.valueIn(limits);
        if (held < value) {
            return null;
        }
        if (reason == null) {
            throw new LimitReached(limit, value, refusal + " A grid worker or an admin may go over it by stating "
                    + "overrideLimitReason.");
        }
        return new LimitOverride(limit, value, reason);
    }

    /** The audit entry's facts: which limit and its value; the reason goes with them as free text. */
    public String auditFacts() {
        return limit.code + " " + value + " exceeded";
    }
}
