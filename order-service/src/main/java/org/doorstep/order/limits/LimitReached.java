package org.doorstep.order.limits;

import org.doorstep.common.problem.DoorstepException;

import java.util.Map;

/**
 * 422: the request would take its resident or household over a limit. The problem's type names the limit
 * ({@code urn:doorstep:limit:open-orders-per-household}); members {@code limit} and {@code limitValue} say which and
 * how many.
 */
public final class LimitReached extends DoorstepException {

    public static final String TYPE_PREFIX = "urn:doorstep:limit:";

    LimitReached(Limit limit, int value, String detail) {
        super(422, TYPE_PREFIX + limit.code, "Limit reached: " + limit.what, detail,
                Map.of("limit", limit.code, "limitValue", value));
    }
}
