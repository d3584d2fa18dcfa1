package org.doorstep.dispatch.planning;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.doorstep.common.contracts.BuildingStatus;
import org.doorstep.common.contracts.DispatchStatus;
import org.doorstep.common.contracts.OrderCategory;
import org.doorstep.common.contracts.RunStatus;
import org.doorstep.dispatch.model.Building;
import org.doorstep.dispatch.model.DispatchOrder;
import org.doorstep.dispatch.model.Run;
import org.doorstep.dispatch.model.RunStop;
import org.doorstep.dispatch.model.VolunteerCopy;
import org.doorstep.dispatch.model.rules.DispatchRules;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Puts a building's queued orders on runs, following {@link DispatchRules}: orders in order of service; each goes on
 * an unstarted run to that building whose volunteer can take one more (one trip serves more doors), else on a new run
 * for the least-loaded volunteer who may carry it. An order nobody may carry stays queued.
 */
@ApplicationScoped
public class Dispatcher {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(Dispatcher.class);

    @Inject
    DispatchEvents events;

    @Inject
    PendingPlans pending;

    @ConfigProperty(name = "doorstep.volunteer.test-window")
    Duration testWindow;

    /** Marks the building for planning before the transaction ends ({@link #planPending}), once for many events. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void planSoon(long buildingId) {
        pending.add(buildingId);
    }

    /** Plans every building marked by {@link #planSoon} in this transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void planPending() {
        pending.takeAll().forEach(this::plan);
    }

    /**
     * Plans one building. Planning is serialised per building by a row lock taken before reading: an order and a
     * volunteer arriving at the same moment through two consumers would otherwise each miss the other and leave the
     * order waiting. (Read-committed isolation lets the second planner see what the first committed.)
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void plan(long buildingId) {
        if (!lockBuilding(buildingId)) {
            return;
        }
        Building building = Building.findById(buildingId);
        Instant now = Instant.now();
        List<VolunteerCopy> candidates = VolunteerCopy.list("compoundId", building.compoundId);
        Map<Long, Integer> load = loadsOf(candidates.stream().map(v -> v.volunteerId).toList());
        // A long queue is read only as far as the volunteers can carry now: its head, in order of service.
        int room = candidates.stream()
                .filter(v -> DispatchRules.whyNotCarry(v, building, load.get(v.volunteerId), 1, now, testWindow)
                        .isEmpty())
                .mapToInt(v -> v.capacity - load.get(v.volunteerId)).sum();
        if (room <= 0) {
            return;
        }
        List<DispatchOrder> queue = headOfQueue(buildingId, now, room).stream()
                .filter(order -> DispatchRules.isDue(order, now))
                .sorted(DispatchRules.ORDER_OF_SERVICE).toList();
        if (queue.isEmpty()) {
            return;
        }
        Map<Long, VolunteerCopy> byId = new HashMap<>();
        candidates.forEach(v -> byId.put(v.volunteerId, v));
        List<Run> openRuns = lockOpenRuns(buildingId);
        Claims claims = new Claims(openRuns);
        Set<Run> touched = new LinkedHashSet<>();

        for (DispatchOrder order : queue) {
            Optional<Run> joinable = openRuns.stream()
                    .filter(run -> byId.containsKey(run.volunteerId) && DispatchRules.whyNotCarry(byId.get(run.volunteerId),
                            building, load.get(run.volunteerId), 1, now, testWindow).isEmpty())
                    .findFirst();
            Run run;
            VolunteerCopy volunteer;
            if (joinable.isPresent()) {
                run = joinable.get();
                volunteer = byId.get(run.volunteerId);
            } else {
                Optional<VolunteerCopy> free = candidates.stream()
                        .filter(v -> DispatchRules.whyNotCarry(v, building, load.get(v.volunteerId), 1, now, testWindow)
                                .isEmpty())
                        .min(Comparator.comparing((VolunteerCopy v) -> load.get(v.volunteerId))
                                .thenComparing(v -> v.volunteerId));
                if (free.isEmpty()) {
                    LOG.debugf("Building %s: nobody may carry order %s now (%s candidates)",
                            String.valueOf(building.id), String.valueOf(order.orderId), candidates.size());
                    break;
                }
                volunteer = free.get();
                run = newRun(building.id, volunteer.volunteerId);
                openRuns.add(run);
            }
            claims.putOnRun(order, run, volunteer);
            load.merge(volunteer.volunteerId, 1, Integer::sum);
            touched.add(run);
        }
        claims.writeNewStops();
        touched.forEach(events::runChanged);
    }

    /**
     * Takes the building's planning lock until the transaction ends. Whatever changes a building's pending orders
     * (planning, a status change) takes it before reading them, so it never works on orders a planner is moving.
     *
     * @return false when there is no such building
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean lockBuilding(long buildingId) {
        // Native SQL: Hibernate's "for update of <alias>" is MySQL 8 only, and this must run on MariaDB too.
        return !Building.getEntityManager().createNativeQuery("select id from building where id = ?1 for update")
                .setParameter(1, buildingId).getResultList().isEmpty();
    }

    /** The first {@code count} queued orders that are due, in order of service (as the database sorts it). */
    private static List<DispatchOrder> headOfQueue(long buildingId, Instant now, int count) {
        return DispatchOrder.getEntityManager().createQuery("select o from DispatchOrder o where o.buildingId = :building"
                        + " and o.status = :queued and (o.deliverFrom is null or o.deliverFrom <= :dueBy)"
                        + " order by " + DispatchRules.ORDER_OF_SERVICE_JPQL, DispatchOrder.class)
                .setParameter("building", buildingId)
                .setParameter("queued", DispatchStatus.QUEUED)
                .setParameter("dueBy", DispatchRules.dueBy(now))
                .setParameter("medicine", OrderCategory.MEDICINE)
                .setMaxResults(count)
                .getResultList();
    }

    /**
     * The building's runs that may take more orders, locked: a pickup of one of them waits for this plan (and takes
     * its new orders along) instead of making the plan fail at commit and start again.
     */
    @SuppressWarnings("unchecked")
    private List<Run> lockOpenRuns(long buildingId) {
        // Native SQL: Hibernate's "for update of <alias>" is MySQL 8 only, and this must run on MariaDB too.
        return new ArrayList<>(Run.getEntityManager().createNativeQuery("select * from run where building_id = ?1"
                        + " and status = ?2 and volunteer_id is not null order by id for update", Run.class)
                .setParameter(1, buildingId).setParameter(2, RunStatus.ASSIGNED.name()).getResultList());
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
        run.buildingId = buildingId;
        run.volunteerId = volunteerId;
        run.status = RunStatus.ASSIGNED;
        run.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
        run.persistAndFlush();
        return run;
    }

    /**
     * Also claims the volunteer and the run: both versions move, so a concurrent assignment to the same volunteer,
     * or a pickup of the run at the same moment (which must not leave this order behind), fails and retries.
     */
    public void putOnRun(DispatchOrder order, Run run, VolunteerCopy volunteer) {
        Claims claims = new Claims(List.of(run));
        claims.putOnRun(order, run, volunteer);
        claims.writeNewStops();
    }

    /**
     * One planning pass's claims on volunteers and runs: each is claimed once however many orders it takes (a claim
     * is a version update at commit), and the stops of the runs are read once, not once per order.
     */
    private final class Claims {
        private final Set<Object> claimed = new HashSet<>();
        private final Map<List<Long>, RunStop> stops = new HashMap<>();
        /** New stops as (run, order), written in one statement: a stop's generated id would cost a round trip each. */
        private final List<long[]> newStops = new ArrayList<>();

        Claims(List<Run> runs) {
            if (!runs.isEmpty()) {
                RunStop.<RunStop>list("runId in ?1", runs.stream().map(run -> run.id).toList())
                        .forEach(stop -> stops.put(List.of(stop.runId, stop.orderId), stop));
            }
        }

        void putOnRun(DispatchOrder order, Run run, VolunteerCopy volunteer) {
            if (claimed.add(volunteer)) {
                VolunteerCopy.getEntityManager().lock(volunteer, LockModeType.OPTIMISTIC_FORCE_INCREMENT);
            }
            if (claimed.add(run)) {
                // At once, not at commit: a manual assignment that read the run before sees it changed.
                Run.getEntityManager().lock(run, LockModeType.PESSIMISTIC_FORCE_INCREMENT);
            }
            // An order taken off this run before (its stop REMOVED) comes back on the same stop.
            RunStop stop = stops.get(List.of(run.id, order.orderId));
            if (stop == null) {
                newStops.add(new long[] {run.id, order.orderId});
            } else {
                stop.status = RunStop.Status.ASSIGNED;
                stop.reason = null;
            }
            order.moveTo(DispatchStatus.ASSIGNED, run.id, null);
            events.orderProgressed(order, volunteer.volunteerId);
        }

        void writeNewStops() {
            if (newStops.isEmpty()) {
                return;
            }
            StringBuilder sql = new StringBuilder("insert into run_stop (run_id, order_id, status) values ");
            for (int i = 0; i < newStops.size(); i++) {
                sql.append(i == 0 ? "" : ", ").append("(?").append(2 * i + 2).append(", ?").append(2 * i + 3)
                        .append(", ?1)");
            }
            var insert = RunStop.getEntityManager().createNativeQuery(sql.toString())
                    .setParameter(1, RunStop.Status.ASSIGNED.name());
            for (int i = 0; i < newStops.size(); i++) {
                insert.setParameter(2 * i + 2, newStops.get(i)[0]).setParameter(2 * i + 3, newStops.get(i)[1]);
            }
            insert.executeUpdate();
            newStops.clear();
        }
    }
}
