package org.doorstep.order.limits;

import java.util.function.ToIntFunction;

/** One of the {@link Limits}, as a refusal names it: {@code urn:doorstep:limit:<code>}. */
public enum Limit {
    HOUSEHOLDS_PER_RESIDENT("households-per-resident", "households per resident", Limits::householdsPerResident),
    OPEN_URGENT_PER_HOUSEHOLD("open-urgent-per-household", "open urgent medicine orders per household",
            Limits::openUrgentPerHousehold),
    OPEN_ORDERS_PER_HOUSEHOLD("open-orders-per-household", "open orders per household",
            Limits::openOrdersPerHousehold);

    /** The name in the problem's type and its {@code limit} member. */
    public final String code;
    /** What is limited, as a person reads it. */
    public final String what;
    private final ToIntFunction<Limits> value;

    Limit(String code, String what, ToIntFunction<Limits> value) {
        this.code = code;
        this.what = what;
        this.value = value;
    }

    public int valueIn(Limits limits) {
        return value.applyAsInt(limits);
    }
}
