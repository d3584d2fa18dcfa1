package org.doorstep.dispatch.planning;

import org.doorstep.dispatch.model.Building;
import org.doorstep.dispatch.model.DispatchOrder;
import org.doorstep.dispatch.model.InService;
import org.doorstep.dispatch.model.VolunteerCopy;
import org.doorstep.dispatch.model.rules.DispatchRules;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * One compound's plan as its owner holds it in memory: what planning reads, so that deciding where an order goes
 * costs no round trip. A compound is the unit whose decisions interact (its volunteers are locked in with it and
 * serve several of its buildings). Only the holder of the compound's lock reads or changes it ({@link CompoundPlans});
 * {@link #version} says which state of the database it reflects.
 */
final class CompoundPlan {

    /** An order waiting for a volunteer: what the order of service and the meal window need of it. */
    record Queued(long orderId, boolean isUrgentMedicine, boolean isVulnerable, OffsetDateTime servedFrom,
                  OffsetDateTime deliverFrom) implements InService {

        static Queued of(DispatchOrder order) {
            return new Queued(order.orderId, order.isUrgentMedicine(), order.vulnerable, order.servedFrom(),
                    order.deliverFrom);
        }
    }

    /** A run not yet picked up, with a volunteer: orders of its building may still join it. */
    static final class OpenRun {
        final long runId;
        final long buildingId;
        final long volunteerId;
        /** Its stops not taken off, in the order they joined. */
        final List<Long> orderIds = new ArrayList<>();

        OpenRun(long runId, long buildingId, long volunteerId) {
            this.runId = runId;
            this.buildingId = buildingId;
            this.volunteerId = volunteerId;
        }
    }

    final long compoundId;
    /** {@code compound.plan_version} of the state this plan reflects. */
    long version;
    /** {@code compound_run_changes.changes} (pickups and handoffs) as of when its runs and loads were read. */
    long runChanges;
    /** Copies, never persisted: id, compound and status are what the rules look at. */
    final Map<Long, Building> buildings = new HashMap<>();
    /** Copies of the volunteers of the compound, never persisted. */
    final Map<Long, VolunteerCopy> volunteers = new HashMap<>();
    /** Open stops (assigned or picked up) each volunteer holds. */
    final Map<Long, Integer> loads = new HashMap<>();
    /** Each building's queued orders, in order of service. */
    final Map<Long, TreeSet<Queued>> queues = new HashMap<>();
    /** Each building's open runs, oldest first. */
    final Map<Long, List<OpenRun>> openRuns = new HashMap<>();

    CompoundPlan(long compoundId, long version) {
        this.compoundId = compoundId;
        this.version = version;
    }

    int loadOf(long volunteerId) {
        return loads.getOrDefault(volunteerId, 0);
    }

    TreeSet<Queued> queueOf(long buildingId) {
        return queues.computeIfAbsent(buildingId, b -> new TreeSet<>(DispatchRules.ORDER_OF_SERVICE));
    }

    List<OpenRun> openRunsOf(long buildingId) {
        return openRuns.computeIfAbsent(buildingId, b -> new ArrayList<>());
    }

    void queue(DispatchOrder order) {
        queueOf(order.buildingId).add(Queued.of(order));
    }

    /** A stop of the volunteer's was handed off (or failed): one place more on their back. */
    void stopClosed(Long volunteerId) {
        if (volunteerId != null) {
            loads.computeIfPresent(volunteerId, (v, load) -> Math.max(0, load - 1));
        }
    }
}
