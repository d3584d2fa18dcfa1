package org.doorstep.common.contracts;

import java.util.List;

/**
 * A grid worker sends one package to every household of a building (one event per building of the distribution);
 * topic doorstep.dispatch, key = buildingId. order-service makes one order per household, tracked like any other.
 */
public record DistributionStarted(
        long distributionId,
        String name,
        long buildingId,
        List<Item> items) {
    public static final String TYPE = "DistributionStarted";

    public record Item(String name, int quantity) {
    }
}
