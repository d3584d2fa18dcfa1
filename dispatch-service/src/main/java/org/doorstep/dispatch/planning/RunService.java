package org.doorstep.dispatch.planning;

import org.doorstep.common.contracts.Phones;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.doorstep.common.audit.Audit;
import org.doorstep.common.contracts.DispatchStatus;
import org.doorstep.common.contracts.HandoffCodes;
import org.doorstep.common.contracts.RunStatus;
import org.doorstep.common.idempotency.IdempotencyKey;
import org.doorstep.common.problem.DoorstepException;
import org.doorstep.common.rules.Ineligibility;
import org.doorstep.common.security.Caller;
import org.doorstep.common.security.Role;
import org.doorstep.dispatch.model.Building;
import org.doorstep.dispatch.model.DispatchOrder;
import org.doorstep.dispatch.model.HandoffRequest;
import org.doorstep.dispatch.model.Run;
import org.doorstep.dispatch.model.RunStop;
import org.doorstep.dispatch.model.VolunteerCopy;
import org.doorstep.dispatch.model.rules.DispatchRules;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** What volunteers and grid workers do with a run: pick up, hand off at each door, (re)assign. */
@ApplicationScoped
public class RunService {

    @Inject
    DispatchEvents events;

    @Inject
    Dispatcher dispatcher;

    @Inject
    WrongCodes wrongCodes;

    @Inject
    Replanner replanner;

    @Inject
    Areas areas;

    @Inject
    CompoundPlans plans;

    @Inject
    Caller caller;

    @Inject
    Audit audit;

    @ConfigProperty(name = "doorstep.handoff.secret")
    String handoffSecret;

    @ConfigProperty(name = "doorstep.volunteer.test-window")
    Duration testWindow;

    public Run require(long runId) {
        Run run = Run.findById(runId);
        if (run == null) {
            throw DoorstepException.notFound("Run " + runId + " does not exist.");
        }
        return run;
    }

    /**
     * The run, locked until the transaction ends: a pickup waits for a planner adding an order to finish (and then
     * takes that order too), and of two last handoffs of a run one sees the other's, so the run is closed.
     */
    private Run requireLocked(long runId) {
        // Native SQL: Hibernate's "for update of <alias>" is MySQL 8 only, and this must run on MariaDB too.
        @SuppressWarnings("unchecked")
        Run run = (Run) Run.getEntityManager().createNativeQuery("select * from run where id = ?1 for update", Run.class)
                .setParameter(1, runId).getResultList().stream().findFirst().orElse(null);
        if (run == null) {
            throw DoorstepException.notFound("Run " + runId + " does not exist.");
        }
        return run;
    }

    /**
     * Owns the compound of the run's building before anything of the run is read: a run changes only under its
     * compound's lock, so what is read next is what the planner left.
     *
     * @return the compound's plan, or null when dispatch does not know the building
     */
    private CompoundPlan ownCompoundOfRun(long runId) {
        @SuppressWarnings("unchecked")
        List<Number> building = Run.getEntityManager().createNativeQuery("select building_id from run where id = ?1")
                .setParameter(1, runId).getResultList();
        if (building.isEmpty()) {
            throw DoorstepException.notFound("Run " + runId + " does not exist.");
        }
        Long compound = plans.compoundOf(building.get(0).longValue());
        return compound == null ? null : plans.plan(compound);
    }

    /** Locks the run, not its compound: planning goes on meanwhile (see {@link CompoundPlans}). */
    @Transactional
    public Run pickUp(long runId) {
        Run run = requireLocked(runId);
        if (run.status == RunStatus.PICKED_UP) {
            return run;
        }
        if (run.status == RunStatus.DONE) {
            throw DoorstepException.conflict("Run " + runId + " is already done; there is nothing left to pick up.");
        }
        if (run.volunteerId == null) {
            throw DoorstepException.conflict("Run " + runId + " has no volunteer; assign one before pickup.");
        }
        List<RunStop> stops = openStops(run);
        if (stops.isEmpty()) {
            throw DoorstepException.conflict("Run " + runId + " has no orders left to carry.");
        }
        run.status = RunStatus.PICKED_UP;
        run.pickedUpAt = OffsetDateTime.now(ZoneOffset.UTC);
        plans.runsChanged(run.buildingId);
        Map<Long, DispatchOrder> orders = ordersOf(stops);
        for (RunStop stop : stops) {
            stop.status = RunStop.Status.PICKED_UP;
            DispatchOrder order = orders.get(stop.orderId);
            order.moveTo(DispatchStatus.PICKED_UP, run.id, null);
            events.orderProgressed(order, run.volunteerId);
        }
        events.runChanged(run);
        audit.record("RUN_PICKED_UP", "Run", run.id, areas.areaOf(run.buildingId), stops.size() + " orders");
        return run;
    }

    /**
     * With the caller's Idempotency-Key, a repeated request (double tap, retry after a lost answer) returns the run as
     * it is instead of acting twice; the same key with another request is refused. Another volunteer's same key is
     * another request.
     */
    @Transactional
    public Run handOff(long runId, RunApi.Handoff handoff, IdempotencyKey idempotencyKey) {
        if (idempotencyKey == null) {
            return handOff(runId, handoff);
        }
        // Keyed with the server's secret: the handoff holds its code, which a plain hash would give to a reader of
        // the table who tries all million codes.
        String hash = IdempotencyKey.fingerprint(handoffSecret, runId + ":" + handoff);
        HandoffRequest first = HandoffRequest.findByKey(idempotencyKey);
        if (first != null) {
            if (first.runId != runId || !first.requestHash.equals(hash)) {
                throw IdempotencyKey.usedFor("another handoff");
            }
            return require(runId);
        }
        HandoffRequest request = new HandoffRequest();
        request.subject = idempotencyKey.subject();
        request.idempotencyKey = idempotencyKey.key();
        request.runId = runId;
        request.requestHash = hash;
        request.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
        request.persistAndFlush();
        return handOff(runId, handoff);
    }

    /**
     * A delivered handoff locks the run, not its compound: it only frees a place, which the plan's owner reads when it
     * next plans (see {@link CompoundPlans}). A failed one may put the order back in the queue: it owns the compound
     * first, in the order planning takes them (compound, then run).
     */
    @Transactional
    public Run handOff(long runId, RunApi.Handoff handoff) {
        CompoundPlan plan = handoff.isFailure() ? ownCompoundOfRun(runId) : null;
        Run run = requireLocked(runId);
        RunStop stop = RunStop.<RunStop>find("runId = ?1 and orderId = ?2", runId, handoff.orderId()).firstResult();
        if (stop == null || stop.status == RunStop.Status.REMOVED) {
            throw DoorstepException.notFound("Order " + handoff.orderId() + " is not on run " + runId + ".");
        }
        if (stop.status == RunStop.Status.DELIVERED && !handoff.isFailure()) {
            return run; // a repeated confirmation (double tap, retry) changes nothing
        }
        if (run.status != RunStatus.PICKED_UP || stop.status != RunStop.Status.PICKED_UP) {
            throw DoorstepException.conflict(run.status == RunStatus.ASSIGNED
                    ? "Run " + runId + " has not been picked up yet; pick up the goods first."
                    : "Order " + handoff.orderId() + " on run " + runId + " is already " + stop.status + ".");
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        if (handoff.confirmedAt() != null) {
            String why = DispatchRules.whyNotHandoffTime(handoff.confirmedAt(), run.pickedUpAt, now.toInstant());
            if (why != null) {
                throw DoorstepException.unprocessable(why);
            }
        }
        OffsetDateTime at = DispatchRules.handoffTime(handoff.confirmedAt(), run.pickedUpAt, now);
        DispatchOrder order = DispatchOrder.findById(handoff.orderId());
        stop.handedOffAt = at;
        if (handoff.isFailure()) {
            stop.status = RunStop.Status.FAILED;
            // Read by the grid workers and carried to the resident: a phone number in it stays out.
            stop.reason = Phones.withoutNumbers(handoff.reason().trim());
            order.failedAttempts++;
            DispatchStatus next = DispatchRules.afterFailedHandoff(order.failedAttempts);
            if (plan != null) {
                plan.stopClosed(run.volunteerId);
            }
            if (next == DispatchStatus.QUEUED) {
                order.moveTo(DispatchStatus.QUEUED, null,
                        "handoff failed (" + stop.reason + "); back in the queue for another try");
                if (plan != null) {
                    plan.queue(order);
                }
                events.orderProgressed(order, null);
                audit.record("HANDOFF_FAILED", "Order", order.orderId, areas.areaOf(run.buildingId),
                        "run " + run.id + ", back in the queue", stop.reason);
                closeIfFinished(run);
                replanner.planAfterCommit(List.of(order.buildingId));
                return run;
            }
            order.moveTo(DispatchStatus.FAILED, run.id, "handoff failed twice (" + stop.reason
                    + "); the grid worker takes over");
        } else {
            if (order.handoffLocked) {
                throw DoorstepException.conflict("The handoff of order " + order.orderId + " is locked after "
                        + DispatchRules.WRONG_CODES_BEFORE_LOCK + " wrong codes; call the grid worker to unlock it.");
            }
            if (!HandoffCodes.matches(handoffSecret, order.orderId, handoff.code(), order.handoffDigest)) {
                boolean locked = wrongCodes.count(order.orderId, run.id);
                throw DoorstepException.unprocessable("The handoff code for order " + order.orderId
                        + " is not right; " + (locked ? "that was the " + DispatchRules.WRONG_CODES_BEFORE_LOCK
                        + "th wrong code, so the handoff is locked until the grid worker unlocks it."
                        : "ask the resident to read it again from their order page."));
            }
            stop.status = RunStop.Status.DELIVERED;
            plans.runsChanged(run.buildingId);
            order.wrongCodes = 0;
            order.moveTo(DispatchStatus.DELIVERED, run.id, null);
        }
        audit.record(handoff.isFailure() ? "HANDOFF_FAILED" : "HANDOFF_DELIVERED", "Order", order.orderId,
                areas.areaOf(run.buildingId), "run " + run.id + (handoff.isFailure() ? ", to the grid worker" : ""),
                handoff.isFailure() ? stop.reason : null);
        // A confirmation made offline reaches the order's history with the time it was made at the door.
        events.orderProgressed(order, run.volunteerId, at);
        closeIfFinished(run);
        planWhereCapacityFreed(run.volunteerId);
        return run;
    }

    /** A handoff frees a place on the volunteer's back: the queues they serve may move at once. */
    private void planWhereCapacityFreed(Long volunteerId) {
        VolunteerCopy volunteer = volunteerId == null ? null : VolunteerCopy.findById(volunteerId);
        if (volunteer != null) {
            replanner.planAfterCommit(volunteer.buildingIds);
        }
    }

    /**
     * A grid worker gives an unstarted run to a volunteer. The dispatch rules apply; a rule is set aside only when
     * the grid worker says why (the override), and the reason is recorded on the run's orders.
     */
    @Transactional
    public Run assign(long runId, RunApi.Assignment assignment) {
        CompoundPlan plan = ownCompoundOfRun(runId);
        if (plan != null) {
            plans.stale(plan.compoundId); // loads and runs change hands: memory does not follow (rare)
        }
        Run run = require(runId);
        if (run.status != RunStatus.ASSIGNED) {
            throw DoorstepException.conflict("Run " + runId + " is " + run.status
                    + "; only a run not yet picked up can be given to another volunteer.");
        }
        VolunteerCopy volunteer = requireVolunteer(assignment.volunteerId());
        plans.stale(volunteer.compoundId); // an override may lend a volunteer of another compound: their load moves
        Building building = Building.findById(run.buildingId);
        List<RunStop> stops = openStops(run);
        boolean sameVolunteer = assignment.volunteerId().equals(run.volunteerId);
        int load = dispatcher.loadOf(volunteer.volunteerId) - (sameVolunteer ? stops.size() : 0);
        String note = checkRules(volunteer, building, load, stops.size(), assignment.override(), "take run " + runId);
        if (sameVolunteer) {
            return run;
        }
        audit.record("RUN_ASSIGNED", "Run", run.id, areas.areaOf(run.buildingId), "from volunteer "
                + run.volunteerId + " to " + volunteer.volunteerId, note);
        run.volunteerId = volunteer.volunteerId;
        run.overrideReason = note;
        for (RunStop stop : stops) {
            DispatchOrder order = DispatchOrder.findById(stop.orderId);
            order.moveTo(DispatchStatus.ASSIGNED, run.id, note);
            events.orderProgressed(order, run.volunteerId);
        }
        events.runChanged(run);
        return run;
    }

    /**
     * A grid worker puts queued orders of one building on a new run for a volunteer, by hand. The same rules apply
     * as for automatic dispatch, or the override says why not.
     */
    @Transactional
    public Run createByHand(RunApi.NewRun request) {
        Building building = Building.findById(request.buildingId());
        if (building == null) {
            throw DoorstepException.notFound("Building " + request.buildingId() + " does not exist.");
        }
        plans.staleBuilding(building.id); // a grid worker's run: memory does not follow (rare)
        List<DispatchOrder> orders = new java.util.ArrayList<>();
        for (Long orderId : new java.util.LinkedHashSet<>(request.orderIds())) {
            DispatchOrder order = DispatchOrder.findById(orderId);
            if (order == null) {
                throw DoorstepException.notFound("Order " + orderId + " is not known to dispatch.");
            }
            if (order.buildingId != building.id || order.status != DispatchStatus.QUEUED) {
                throw DoorstepException.conflict("Order " + orderId + " is " + order.status + " in building "
                        + order.buildingId + "; only queued orders of building " + building.id + " can go on this run.");
            }
            orders.add(order);
        }
        VolunteerCopy volunteer = requireVolunteer(request.volunteerId());
        plans.stale(volunteer.compoundId); // an override may lend a volunteer of another compound: their load moves
        String override = checkRules(volunteer, building, dispatcher.loadOf(volunteer.volunteerId), orders.size(),
                request.override(), "take these orders");
        Run run = dispatcher.newRun(building.id, volunteer.volunteerId);
        run.overrideReason = override;
        for (DispatchOrder order : orders) {
            dispatcher.putOnRun(order, run, volunteer);
            if (override != null) {
                order.failureReason = override;
            }
        }
        events.runChanged(run);
        audit.record("RUN_CREATED", "Run", run.id, areas.areaOf(run.buildingId), "orders " + request.orderIds()
                + " for volunteer " + volunteer.volunteerId, override);
        return run;
    }

    /** A grid worker takes an unstarted run away from its volunteer: its orders go back to the queue and are planned. */
    @Transactional
    public Run unassign(long runId) {
        CompoundPlan plan = ownCompoundOfRun(runId);
        if (plan != null) {
            plans.stale(plan.compoundId); // the orders go back to the queue: memory does not follow (rare)
        }
        Run run = require(runId);
        if (run.status != RunStatus.ASSIGNED) {
            throw DoorstepException.conflict("Run " + runId + " is " + run.status
                    + "; only a run not yet picked up can be taken back.");
        }
        for (RunStop stop : openStops(run)) {
            stop.status = RunStop.Status.REMOVED;
            stop.reason = "unassigned by the grid worker";
            DispatchOrder order = DispatchOrder.findById(stop.orderId);
            order.moveTo(DispatchStatus.QUEUED, null, "unassigned by the grid worker");
            events.orderProgressed(order, null);
        }
        closeIfFinished(run);
        dispatcher.plan(run.buildingId);
        audit.record("RUN_UNASSIGNED", "Run", run.id, areas.areaOf(run.buildingId), null);
        return run;
    }

    /** A grid worker lets the volunteer try the code again (after checking with the household). */
    @Transactional
    public Run unlock(long runId, long orderId) {
        Run run = require(runId);
        RunStop stop = RunStop.<RunStop>find("runId = ?1 and orderId = ?2", runId, orderId).firstResult();
        if (stop == null || stop.status == RunStop.Status.REMOVED) {
            throw DoorstepException.notFound("Order " + orderId + " is not on run " + runId + ".");
        }
        DispatchOrder order = DispatchOrder.findById(orderId);
        if (order.handoffLocked || order.wrongCodes > 0) {
            order.handoffLocked = false;
            order.wrongCodes = 0;
            audit.record("HANDOFF_UNLOCKED", "Order", orderId, areas.areaOf(run.buildingId), "run " + runId);
        }
        return run;
    }

    private VolunteerCopy requireVolunteer(long volunteerId) {
        VolunteerCopy volunteer = VolunteerCopy.findById(volunteerId);
        if (volunteer == null) {
            throw DoorstepException.notFound("Volunteer " + volunteerId
                    + " is not known to dispatch. If they registered a moment ago, try again in a few seconds.");
        }
        return volunteer;
    }

    /** @return the override note to record, or null when the rules allow it; throws 409 when they do not */
    private String checkRules(VolunteerCopy volunteer, Building building, int load, int parcels, String override,
                              String action) {
        Set<Ineligibility> reasons = DispatchRules.whyNotCarry(volunteer, building, load, parcels, Instant.now(),
                testWindow);
        if (reasons.isEmpty()) {
            return null;
        }
        if (override == null || override.isBlank()) {
            throw DoorstepException.conflict("Volunteer " + volunteer.volunteerId + " may not " + action + ": "
                    + reasons.stream().map(Enum::name).collect(Collectors.joining(", "))
                    + ". Choose an eligible volunteer, or state an override with its reason.");
        }
        return "override of " + reasons.stream().map(Enum::name).collect(Collectors.joining(", ")) + ": "
                + override.trim();
    }

    /** Takes an order off its run before pickup (cancelled, re-planned); a run left empty ends. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void takeOff(DispatchOrder order) {
        if (order.runId == null) {
            return;
        }
        Run run = Run.findById(order.runId);
        RunStop stop = RunStop.<RunStop>find("runId = ?1 and orderId = ?2", order.runId, order.orderId).firstResult();
        if (stop != null && stop.status == RunStop.Status.ASSIGNED) {
            stop.status = RunStop.Status.REMOVED;
        }
        if (run != null) {
            closeIfFinished(run);
        }
    }

    /**
     * A volunteer who may no longer carry (a positive test, off duty, moved) gives back every run not yet picked up:
     * its orders return to the queue. What they already picked up stays with them to finish or fail.
     *
     * @return the buildings whose queues grew
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Long> releaseUnstartedRuns(long volunteerId, String reason) {
        List<Run> unstarted = Run.list("volunteerId = ?1 and status = ?2", volunteerId, RunStatus.ASSIGNED);
        for (Run run : unstarted) {
            for (RunStop stop : openStops(run)) {
                stop.status = RunStop.Status.REMOVED;
                stop.reason = reason;
                DispatchOrder order = DispatchOrder.findById(stop.orderId);
                order.moveTo(DispatchStatus.QUEUED, null, reason);
                events.orderProgressed(order, null);
            }
            closeIfFinished(run);
        }
        return unstarted.stream().map(run -> run.buildingId).distinct().toList();
    }

    private void closeIfFinished(Run run) {
        // Counted, not loaded: this runs at every door of a run of up to fifty.
        if (run.status != RunStatus.DONE && RunStop.count("runId = ?1 and status in ?2", run.id, RunStop.Status.OPEN)
                == 0) {
            run.status = RunStatus.DONE;
            run.doneAt = OffsetDateTime.now(ZoneOffset.UTC);
            events.runChanged(run);
        }
    }

    /** The stops' orders in one query, not one each: a run can carry fifty. */
    private static Map<Long, DispatchOrder> ordersOf(List<RunStop> stops) {
        if (stops.isEmpty()) {
            return Map.of();
        }
        return DispatchOrder.<DispatchOrder>list("orderId in ?1", stops.stream().map(stop -> stop.orderId).toList())
                .stream().collect(Collectors.toMap(order -> order.orderId, order -> order));
    }

    List<RunStop> openStops(Run run) {
        return RunStop.<RunStop>list("runId", run.id).stream().filter(stop -> stop.status.open()).toList();
    }

    /**
     * The run as the caller sees it. A volunteer sees which door (room, contact, masked phone) only while the run is
     * theirs to carry; afterwards the doors are none of their business. Grid workers and admins always see them.
     */
    public RunApi.RunView view(Run run) {
        boolean doors = !caller.is(Role.VOLUNTEER) || run.status != RunStatus.DONE;
        // One query of plain values: the answer to every handoff shows the whole run, and entities would be
        // loaded, tracked and checked for changes at every door.
        List<Object[]> rows = RunStop.getEntityManager().createQuery("select s.orderId, s.status, s.reason, o.room,"
                        + " o.contactName, o.maskedPhone, o.handoffLocked, s.handedOffAt from RunStop s"
                        + " left join DispatchOrder o"
                        + " on o.orderId = s.orderId where s.runId = :run order by s.id", Object[].class)
                .setParameter("run", run.id)
                .getResultList();
        List<RunApi.StopView> stops = rows.stream().map(row -> {
            boolean door = doors && row[6] != null;
            return new RunApi.StopView((Long) row[0], (RunStop.Status) row[1], (String) row[2],
                    door ? (String) row[3] : null, door ? (String) row[4] : null, door ? (String) row[5] : null,
                    Boolean.TRUE.equals(row[6]), (OffsetDateTime) row[7]);
        }).toList();
        return new RunApi.RunView(run.id, run.buildingId, run.volunteerId, run.status, run.createdAt, run.pickedUpAt,
                run.doneAt, run.overrideReason, stops);
    }
}
