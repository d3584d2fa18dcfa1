package org.doorstep.dispatch.planning;

import jakarta.transaction.TransactionScoped;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The buildings a transaction still has to plan. Events of one batch only mark their building; it is planned once,
 * for all of them, before the transaction ends. A rolled-back transaction takes its marks with it.
 */
@TransactionScoped
public class PendingPlans implements Serializable {

    /** Sorted: planners lock buildings, always in the same order, so two of them never deadlock. */
    private final TreeSet<Long> buildings = new TreeSet<>();

    public void add(long buildingId) {
        buildings.add(buildingId);
    }

    /** The marked buildings, in lock order; the marks are cleared. */
    public List<Long> takeAll() {
        List<Long> all = new ArrayList<>(buildings);
        buildings.clear();
        return all;
    }
}
