package org.doorstep.dispatch.run;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.doorstep.common.contracts.DispatchStatus;
import org.doorstep.common.contracts.RunStatus;
import org.doorstep.dispatch.order.DispatchOrder;
import org.doorstep.dispatch.place.Building;
import org.doorstep.dispatch.rules.DispatchRules;
import org.doorstep.dispatch.volunteer.VolunteerCopy;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HashMap;
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

    @ConfigProperty(name = "doorstep.volunteer.test-window")
    Duration testWindow;

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
        List<DispatchOrder> queue = DispatchOrder.<DispatchOrder>list("buildingId = ?1 and status = ?2", buildingId,
                        DispatchStatus.QUEUED).stream()
                .filter(order -> DispatchRules.isDue(order, now))
                .sorted(DispatchRules.ORDER_OF_SERVICE).toList();
        if (queue.isEmpty()) {
            return;
        }
        List<VolunteerCopy> candidates = VolunteerCopy.list("compoundId", building.compoundId);
        Map<Long, Integer> load = loadsOf(candidates.stream().map(v -> v.volunteerId).toList());
        Map<Long, VolunteerCopy> byId = new HashMap<>();
        candidates.forEach(v -> byId.put(v.volunteerId, v));
        List<Run> openRuns = Run.list("buildingId = ?1 and status = ?2 and volunteerId is not null", buildingId,
                RunStatus.ASSIGNED);
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
            putOnRun(order, run, volunteer);
            load.merge(volunteer.volunteerId, 1, Integer::sum);
            touched.add(run);
        }
        touched.forEach(events::runChanged);
    }

    private boolean lockBuilding(long buildingId) {
        // Native SQL: Hibernate's "for update of <alias>" is MySQL 8 only, and this must run on MariaDB too.
        return !Building.getEntityManager().createNativeQuery("select id from building where id = ?1 for update")
                .setParameter(1, buildingId).getResultList().isEmpty();
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
                .setParameter("open", List.of(RunStop.Status.ASSIGNED, RunStop.Status.PICKED_UP))
                .getResultList();
        rows.forEach(row -> loads.put((Long) row[0], ((Number) row[1]).intValue()));
        return loads;
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
        VolunteerCopy.getEntityManager().lock(volunteer, LockModeType.OPTIMISTIC_FORCE_INCREMENT);
        Run.getEntityManager().lock(run, LockModeType.OPTIMISTIC_FORCE_INCREMENT);
        RunStop stop = RunStop.<RunStop>find("runId = ?1 and orderId = ?2", run.id, order.orderId).firstResult();
        if (stop == null) {
            stop = new RunStop();
            stop.runId = run.id;
            stop.orderId = order.orderId;
        }
        stop.status = RunStop.Status.ASSIGNED;
        stop.reason = null;
        stop.persist();
        order.moveTo(DispatchStatus.ASSIGNED, run.id, null);
        events.orderProgressed(order, volunteer.volunteerId);
    }
}
