package org.doorstep.dispatch.model;

import java.time.OffsetDateTime;

/**
 * What the order of service looks at: an order as stored ({@link DispatchOrder}) and an
 * order waiting in a compound's plan in memory are ranked by the same comparator,
 * {@link org.doorstep.dispatch.model.rules.DispatchRules#ORDER_OF_SERVICE}, the one place that says who is served first.
 */
public interface InService {

    long orderId();

    boolean isUrgentMedicine();

    boolean isVulnerable();

    /** When the order "comes": a meal when its window opens, anything else when it was placed. */
    OffsetDateTime servedFrom();

    /** When a meal's delivery window opens; null for an order wanted at once. */
    OffsetDateTime deliverFrom();
}
