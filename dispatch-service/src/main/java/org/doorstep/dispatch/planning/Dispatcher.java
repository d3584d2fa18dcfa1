package org.doorstep.dispatch.planning;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.doorstep.common.contracts.BuildingStatus;
import org.doorstep.common.contracts.DispatchStatus;
import org.doorstep.common.contracts.RunStatus;
import org.doorstep.common.ids.IdBlocks;
import org.doorstep.common.jdbc.MultiRowInsert;
import org.doorstep.dispatch.model.Building;
import org.doorstep.dispatch.model.DispatchOrder;
import org.doorstep.dispatch.model.Run;
import org.doorstep.dispatch.model.RunStop;
import org.doorstep.dispatch.model.VolunteerCopy;
import org.doorstep.dispatch.model.rules.DispatchRules;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Puts a building's queued orders on runs, following {@link DispatchRules}: orders in order of service; each goes on
 * an unstarted run to that building whose volunteer can take one more (one trip serves more doors), else on a new run
 * for the least-loaded volunteer who may carry it. An order nobody may carry stays queued. It decides from the
 * compound's plan in memory, owned by the transaction ({@link CompoundPlans}), and writes what it decided in a few
 * statements: the new runs, their stops, the orders' new status and the events.
 */
@ApplicationScoped
public class Dispatcher {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(Dispatcher.class);

    @Inject
    DispatchEvents events;

    @Inject
    PendingPlans pending;

    @Inject
    CompoundPlans plans;

    @Inject
    IdBlocks ids;

    @Inject
    DataSource dataSource;

    @Inject
    Replanner replanner;

    @Inject
    NewOrders newOrders;

    @ConfigProperty(name = "doorstep.volunteer.test-window")
    Duration testWindow;

    /** Marks the building for planning before the transaction ends ({@link #planPending}), once for many events. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void planSoon(long buildingId) {
        pending.add(buildingId);
    }

    /** Plans every building marked by {@link #planSoon} in this transaction, their compounds owned in id order. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void planPending() {
        List<Long> buildings = pending.takeAll();
        if (buildings.isEmpty()) {
            newOrders.store(dataSource);
            return;
        }
        plans.ownBuildings(buildings);
        // Urgent medicine first across the batch: a building whose queue starts with it is planned before the others,
        // so no routine order of another building takes the volunteer an urgent one needs.
        List<Long> urgentFirst = new ArrayList<>(buildings.size());
        buildings.stream().filter(this::headIsUrgent).forEach(urgentFirst::add);
        buildings.stream().filter(building -> !headIsUrgent(building)).forEach(urgentFirst::add);
        Decisions decisions = new Decisions();
        urgentFirst.forEach(building -> decide(building, decisions));
        decisions.write();
    }

    private boolean headIsUrgent(long buildingId) {
        Long compound = plans.compoundOf(buildingId);
        CompoundPlan plan = compound == null ? null : plans.plan(compound);
        TreeSet<CompoundPlan.Queued> queue = plan == null ? null : plan.queues.get(buildingId);
        return queue != null && !queue.isEmpty() && queue.first().isUrgentMedicine();
    }

    /** Plans one building, owning its compound for the rest of the transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void plan(long buildingId) {
        Decisions decisions = new Decisions();
        decide(buildingId, decisions);
        decisions.write();
    }

    /** Decides from memory where the building's queued orders go; {@link Decisions#write} writes it. */
    private void decide(long buildingId, Decisions decisions) {
        Long compound = plans.compoundOf(buildingId);
        CompoundPlan plan = compound == null ? null : plans.plan(compound);
        Building building = plan == null ? null : plan.buildings.get(buildingId);
        if (building == null) {
            return;
        }
        TreeSet<CompoundPlan.Queued> queue = plan.queues.get(buildingId);
        if (queue == null || queue.isEmpty()) {
            return;
        }
        Instant now = Instant.now();
        Collection<VolunteerCopy> candidates = plan.volunteers.values();
        int room = candidates.stream()
                .filter(v -> DispatchRules.whyNotCarry(v, building, plan.loadOf(v.volunteerId), 1, now, testWindow)
                        .isEmpty())
                .mapToInt(v -> v.capacity - plan.loadOf(v.volunteerId)).sum();
        if (room <= 0) {
            return;
        }
        OffsetDateTime dueBy = DispatchRules.dueBy(now);
        List<CompoundPlan.OpenRun> openRuns = plan.openRunsOf(buildingId);
        int planned = 0;
        for (CompoundPlan.Queued order : List.copyOf(queue)) {
            if (planned >= room) {
                break;
            }
            if (!DispatchRules.isDue(order, dueBy)) {
                continue;
            }
            CompoundPlan.OpenRun run = openRuns.stream()
                    .filter(open -> mayCarryOneMore(plan, plan.volunteers.get(open.volunteerId), building, now))
                    .findFirst().orElse(null);
            if (run == null) {
                VolunteerCopy free = candidates.stream()
                        .filter(v -> mayCarryOneMore(plan, v, building, now))
                        .min(Comparator.comparing((VolunteerCopy v) -> plan.loadOf(v.volunteerId))
                                .thenComparing(v -> v.volunteerId))
                        .orElse(null);
                if (free == null) {
                    LOG.debugf("Building %s: nobody may carry order %s now (%s candidates)",
                            String.valueOf(buildingId), String.valueOf(order.orderId()), candidates.size());
                    break;
                }
                run = new CompoundPlan.OpenRun(ids.next("run"), buildingId, free.volunteerId);
                openRuns.add(run);
                decisions.newRuns.add(run);
            }
            queue.remove(order);
            run.orderIds.add(order.orderId());
            plan.loads.merge(run.volunteerId, 1, Integer::sum);
            decisions.runOf.put(order.orderId(), run);
            decisions.queued.put(order.orderId(), order);
            planned++;
        }
    }

    private boolean mayCarryOneMore(CompoundPlan plan, VolunteerCopy volunteer, Building building, Instant now) {
        return volunteer != null && DispatchRules.whyNotCarry(volunteer, building, plan.loadOf(volunteer.volunteerId),
                1, now, testWindow).isEmpty();
    }

    /**
     * What planning decided in one transaction, for every building it planned, written in a few statements: the new
     * runs, their stops, the orders' new status and the events. Not a round trip per building or per order.
     */
    private final class Decisions {
        final List<CompoundPlan.OpenRun> newRuns = new ArrayList<>();
        final Map<Long, CompoundPlan.OpenRun> runOf = new LinkedHashMap<>();
        /** Each planned order as it stood in its queue, to put it back there. */
        final Map<Long, CompoundPlan.Queued> queued = new HashMap<>();

        void write() {
            keepToUnstartedRuns();
            if (runOf.isEmpty()) {
                newOrders.store(dataSource);
                return;
            }
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            for (CompoundPlan.OpenRun open : newRuns) {
                Run run = new Run();
                run.id = open.runId;
                run.buildingId = open.buildingId;
                run.volunteerId = open.volunteerId;
                run.status = RunStatus.ASSIGNED;
                run.createdAt = now;
                run.persist();
            }
            // Orders admitted in this transaction are not stored yet: they are inserted as assigned, with no update
            // after (NewOrders). Those of a backlog come in one query.
            List<DispatchOrder> orders = new ArrayList<>(runOf.size());
            List<Long> stored = new ArrayList<>();
            for (Long orderId : runOf.keySet()) {
                DispatchOrder admitted = newOrders.get(orderId);
                if (admitted != null) {
                    orders.add(admitted);
                } else {
                    stored.add(orderId);
                }
            }
            if (!stored.isEmpty()) {
                orders.addAll(DispatchOrder.list("orderId in ?1", stored));
            }
            for (DispatchOrder order : orders) {
                CompoundPlan.OpenRun run = runOf.get(order.orderId);
                order.moveTo(DispatchStatus.ASSIGNED, run.runId, null);
                events.orderProgressed(order, run.volunteerId);
            }
            DispatchOrder.getEntityManager().flush(); // the stops below refer to the new runs
            newOrders.store(dataSource);
            List<Object[]> stops = new ArrayList<>(runOf.size());
            runOf.forEach((order, run) -> stops.add(new Object[] {run.runId, order}));
            insertStops(stops);
            new LinkedHashSet<>(runOf.values()).forEach(run -> events.runChanged(run.runId, run.buildingId,
                    run.volunteerId, RunStatus.ASSIGNED, List.copyOf(run.orderIds), 0, 0));
        }

        /**
         * Locks, in one statement, the runs planned before that this plan adds stops to, so none is picked up until it
         * commits; a run picked up since the plan last read its runs (pickups do not own the compound, see
         * {@link CompoundPlans}) gets none: its orders go back to their queue in memory and are planned again next.
         */
        private void keepToUnstartedRuns() {
            Map<Long, CompoundPlan.OpenRun> older = new HashMap<>();
            runOf.values().forEach(run -> older.put(run.runId, run));
            newRuns.forEach(run -> older.remove(run.runId));
            if (older.isEmpty()) {
                return;
            }
            @SuppressWarnings("unchecked")
            List<Number> unstarted = Run.getEntityManager().createNativeQuery("select id from run where id in (:ids)"
                            + " and status = 'ASSIGNED' order by id for update")
                    .setParameter("ids", older.keySet()).getResultList();
            unstarted.forEach(id -> older.remove(id.longValue()));
            if (older.isEmpty()) {
                return;
            }
            List<Long> replan = new ArrayList<>();
            for (CompoundPlan.OpenRun gone : older.values()) {
                Long compound = plans.compoundOf(gone.buildingId);
                CompoundPlan plan = plans.plan(compound);
                plan.openRunsOf(gone.buildingId).removeIf(run -> run.runId == gone.runId);
                runOf.entrySet().removeIf(entry -> {
                    if (entry.getValue().runId != gone.runId) {
                        return false;
                    }
                    gone.orderIds.remove(entry.getKey());
                    plan.loads.computeIfPresent(gone.volunteerId, (v, load) -> Math.max(0, load - 1));
                    plan.queueOf(gone.buildingId).add(queued.get(entry.getKey()));
                    return true;
                });
                replan.add(gone.buildingId);
            }
            LOG.debugf("Runs %s were picked up while planning; their new orders are planned again", older.keySet());
            replanner.planAfterCommit(replan);
        }
    }

    /**
     * New stops in one statement; an order taken off a run before (its stop REMOVED) comes back on the same stop.
     * Plain JDBC on the transaction's connection: a native query with a parameter count of its own for every batch
     * size filled Hibernate's plan cache (and a 64 MB heap) with parsed statements.
     */
    private void insertStops(List<Object[]> stops) {
        try (Connection connection = dataSource.getConnection()) {
            MultiRowInsert.insert(connection, "insert into run_stop (run_id, order_id, status)", 3,
                    stops.stream().map(stop -> new Object[] {stop[0], stop[1], RunStop.Status.ASSIGNED.name()})
                            .toList(), "on duplicate key update status = values(status), reason = null");
        } catch (SQLException e) {
            throw new IllegalStateException("could not write " + stops.size() + " stops", e);
        }
    }

    /** Orders the volunteer holds in runs that are not finished. */
    public int loadOf(long volunteerId) {
        return loadsOf(List.of(volunteerId)).get(volunteerId);
    }

    /** The load of each volunteer, in one query: planning runs on every order, so not one query per volunteer. */
    Map<Long, Integer> loadsOf(List<Long> volunteerIds) {
        Map<Long, Integer> loads = new HashMap<>();
        volunteerIds.forEach(id -> loads.put(id, 0));
        if (volunteerIds.isEmpty()) {
            return loads;
        }
        List<Object[]> rows = RunStop.getEntityManager().createQuery("select r.volunteerId, count(s) from RunStop s,"
                        + " Run r where s.runId = r.id and r.volunteerId in :volunteers and s.status in :open"
                        + " group by r.volunteerId", Object[].class)
                .setParameter("volunteers", volunteerIds)
                .setParameter("open", RunStop.Status.OPEN)
                .getResultList();
        rows.forEach(row -> loads.put((Long) row[0], ((Number) row[1]).intValue()));
        return loads;
    }

    /** Under lockdown and nobody may carry there (load aside: a full volunteer is busy, not missing). */
    public boolean hasCoverageGap(Building building, Instant now) {
        if (building.status != BuildingStatus.SEALED && building.status != BuildingStatus.CONTROLLED) {
            return false;
        }
        List<VolunteerCopy> volunteers = VolunteerCopy.list("compoundId", building.compoundId);
        return volunteers.stream().noneMatch(v -> DispatchRules.whyNotCarry(v, building, 0, 0, now, testWindow)
                .isEmpty());
    }

    public Run newRun(long buildingId, long volunteerId) {
        Run run = new Run();
        run.id = ids.next("run");
        run.buildingId = buildingId;
        run.volunteerId = volunteerId;
        run.status = RunStatus.ASSIGNED;
        run.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
        run.persistAndFlush();
        return run;
    }

    /** A grid worker's order on a run they made by hand ({@link RunService#createByHand}). */
    public void putOnRun(DispatchOrder order, Run run, VolunteerCopy volunteer) {
        insertStops(List.<Object[]>of(new Object[] {run.id, order.orderId}));
        order.moveTo(DispatchStatus.ASSIGNED, run.id, null);
        events.orderProgressed(order, volunteer.volunteerId);
    }
}
