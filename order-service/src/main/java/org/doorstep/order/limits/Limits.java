package org.doorstep.order.limits;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How much one resident may hold (issue 13): defaults no real family reaches, so that one account cannot fill a
 * grid's queue. Set from the environment: {@code DOORSTEP_LIMIT_HOUSEHOLDS_PER_RESIDENT},
 * {@code DOORSTEP_LIMIT_OPEN_URGENT_PER_HOUSEHOLD}, {@code DOORSTEP_LIMIT_OPEN_ORDERS_PER_HOUSEHOLD} (the bench
 * raises them for its load). A grid worker or admin may go over one with a stated reason ({@link LimitOverride}).
 */
@ConfigMapping(prefix = "doorstep.limit")
public interface Limits {

    /** Households one resident account may hold (registered by them, or linked to them by a grid worker). */
    @WithDefault("10")
    int householdsPerResident();

    /** Urgent medicine orders a household may have open at once. */
    @WithDefault("5")
    int openUrgentPerHousehold();

    /** Orders of any kind a household may have open at once (placed, queued, assigned or out for delivery). */
    @WithDefault("30")
    int openOrdersPerHousehold();
}
