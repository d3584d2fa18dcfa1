package org.doorstep.dispatch.planning;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import org.doorstep.common.contracts.BuildingStatus;
import org.doorstep.common.contracts.OrderCategory;
import org.doorstep.common.contracts.TestResult;
import org.doorstep.common.contracts.Vetting;
import org.doorstep.dispatch.model.Building;
import org.doorstep.dispatch.model.DispatchOrder;
import org.doorstep.dispatch.model.VolunteerCopy;

import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The owner of each compound's plan. A transaction that decides or changes anything about a compound's plan (planning,
 * a new or cancelled order, a failed handoff, a status change, a volunteer's change, a grid worker's assignment)
 * first owns the compound: it moves {@code compound.plan_version} under the row's lock, which it holds until it ends,
 * so there is one writer per compound's plan at a time, on this instance or another. Planning then decides from the
 * plan in memory ({@link CompoundPlan}) with no read and no other lock; the plan is read from the database again only
 * when its version shows that someone else wrote meanwhile (another instance, or a transaction that rolled back), or
 * when a rare change marks it {@link #stale}. Compounds are owned in id order, in one statement for a whole batch, so
 * two owners never wait on each other in a circle.
 * <p>
 * The volunteers' pickups and delivered handoffs, the most frequent commands, do not own the compound: they lock their
 * run and count the change ({@link #runsChanged}). What they change in a plan only narrows it (a run closes to new
 * stops, a volunteer carries one less), so an owner that has not seen it yet never over-fills anyone: it reads the
 * count without a lock when it takes the plan and, when the count moved, the open runs and loads again (two queries,
 * not the queues); and it locks the unstarted runs it adds stops to, so a run picked up meanwhile gets none
 * ({@link Dispatcher}). Before, every pickup and handoff held the compound's row until it committed, and planning
 * waited behind the volunteers.
 */
@ApplicationScoped
public class CompoundPlans {

    @Inject
    EntityManager em;

    @Inject
    TransactionSynchronizationRegistry transactions;

    /** Plans no transaction holds, each as of its version. Taken out while held: one holder at a time. */
    private final Map<Long, CompoundPlan> idle = new ConcurrentHashMap<>();
    /** A building never changes compound. */
    private final Map<Long, Long> compoundOfBuilding = new ConcurrentHashMap<>();

    /** What one transaction holds. */
    private static final class Held {
        final Map<Long, CompoundPlan> plans = new HashMap<>();
        final Set<Long> stale = new HashSet<>();
    }

    /** The compound of each building (unknown buildings left out), read once per building. */
    Map<Long, Long> compoundsOf(Collection<Long> buildingIds) {
        Map<Long, Long> found = new HashMap<>();
        List<Long> missing = new ArrayList<>();
        for (Long building : new HashSet<>(buildingIds)) {
            Long compound = compoundOfBuilding.get(building);
            if (compound == null) {
                missing.add(building);
            } else {
                found.put(building, compound);
            }
        }
        if (!missing.isEmpty()) {
            for (Object[] row : rows(em.createNativeQuery("select id, compound_id from building where id in (:ids)")
                    .setParameter("ids", missing))) {
                long building = ((Number) row[0]).longValue();
                long compound = ((Number) row[1]).longValue();
                compoundOfBuilding.put(building, compound);
                found.put(building, compound);
            }
        }
        return found;
    }

    /** @return the building's compound, or null when dispatch does not know the building */
    Long compoundOf(long buildingId) {
        return compoundsOf(List.of(buildingId)).get(buildingId);
    }

    /** Owns the buildings' compounds until the transaction ends (see the class comment). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void ownBuildings(Collection<Long> buildingIds) {
        own(compoundsOf(buildingIds).values());
    }

    /** Owns the compounds until the transaction ends, in id order; those already owned are passed over. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void own(Collection<Long> compoundIds) {
        Held held = held();
        List<Long> ids = new ArrayList<>(new TreeSet<>(compoundIds));
        ids.removeIf(held.plans::containsKey);
        if (ids.isEmpty()) {
            return;
        }
        // The update takes the rows' locks in primary-key order; the select reads the versions it wrote.
        em.createNativeQuery("update compound set plan_version = plan_version + 1 where id in (:ids)")
                .setParameter("ids", ids).executeUpdate();
        // The count of run changes is read before the runs, so a change that commits in between is read again later.
        Map<Long, long[]> versions = new HashMap<>();
        for (Object[] row : rows(em.createNativeQuery("select c.id, c.plan_version, coalesce(r.changes, 0)"
                        + " from compound c left join compound_run_changes r on r.compound_id = c.id where c.id in (:ids)")
                .setParameter("ids", ids))) {
            versions.put(((Number) row[0]).longValue(),
                    new long[] {((Number) row[1]).longValue(), ((Number) row[2]).longValue()});
        }
        for (Long id : ids) {
            long[] version = versions.get(id);
            if (version == null) {
                continue; // no such compound: nothing to plan there
            }
            CompoundPlan plan = idle.remove(id);
            if (plan == null || plan.version != version[0] - 1) {
                plan = read(id, version[0]);
            } else {
                plan.version = version[0];
                if (plan.runChanges != version[1]) {
                    readRunsAndLoads(plan);
                }
            }
            plan.runChanges = version[1];
            held.plans.put(id, plan);
        }
    }

    /**
     * A volunteer picked up a run of the compound or handed off one of its stops, in this transaction, which holds the
     * run's lock: counted for the compound's owner (see the class comment), who reads the runs and loads again.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void runsChanged(long buildingId) {
        Long compound = compoundOf(buildingId);
        if (compound != null) {
            em.createNativeQuery("insert into compound_run_changes (compound_id, changes) values (?1, 1)"
                    + " on duplicate key update changes = changes + 1").setParameter(1, compound).executeUpdate();
        }
    }

    /**
     * The compound's plan, owned by this transaction (owned now if it was not), as of this transaction's own writes.
     *
     * @return null when there is no such compound
     */
    @Transactional(Transactional.TxType.MANDATORY)
    CompoundPlan plan(long compoundId) {
        own(List.of(compoundId));
        Held held = held();
        CompoundPlan plan = held.plans.get(compoundId);
        if (plan != null && held.stale.remove(compoundId)) {
            em.flush();
            long runChanges = plan.runChanges; // as of when it was owned: at worst the runs are read once more
            plan = read(compoundId, plan.version);
            plan.runChanges = runChanges;
            held.plans.put(compoundId, plan);
        }
        return plan;
    }

    /**
     * This transaction changed the compound's plan in the database in a way memory does not follow (a status change,
     * a volunteer's change, a grid worker's hand, a cancellation): it is read again before anyone plans from it. For
     * rare changes only; frequent ones (orders, pickups, handoffs, planning) keep the plan in step themselves.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void stale(long compoundId) {
        own(List.of(compoundId));
        held().stale.add(compoundId);
    }

    /** {@link #stale} for the compound of the building. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void staleBuilding(long buildingId) {
        Long compound = compoundOf(buildingId);
        if (compound != null) {
            stale(compound);
        }
    }

    private Held held() {
        Object key = CompoundPlans.class;
        Held held = (Held) transactions.getResource(key);
        if (held == null) {
            Held fresh = new Held();
            transactions.putResource(key, fresh);
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                }

                @Override
                public void afterCompletion(int status) {
                    if (status != Status.STATUS_COMMITTED) {
                        return; // what the plans hold was never written: they are dropped, and read again
                    }
                    fresh.plans.forEach((id, plan) -> {
                        if (!fresh.stale.contains(id)) {
                            idle.merge(id, plan, (older, newer) -> newer.version > older.version ? newer : older);
                        }
                    });
                }
            });
            held = fresh;
        }
        return held;
    }

    /** Reads the compound's plan as the database holds it now (this transaction's writes included). */
    private CompoundPlan read(long compoundId, long version) {
        CompoundPlan plan = new CompoundPlan(compoundId, version);
        for (Object[] row : rows(em.createNativeQuery("select id, status from building where compound_id = ?1")
                .setParameter(1, compoundId))) {
            Building building = new Building();
            building.id = ((Number) row[0]).longValue();
            building.compoundId = compoundId;
            building.status = BuildingStatus.valueOf((String) row[1]);
            plan.buildings.put(building.id, building);
            compoundOfBuilding.put(building.id, compoundId);
        }
        for (Object[] row : rows(em.createNativeQuery("select v.volunteer_id, v.capacity, v.vetting, v.on_duty,"
                        + " v.latest_test_result, v.latest_test_taken_at, b.building_id from volunteer_copy v"
                        + " left join volunteer_copy_building b on b.volunteer_id = v.volunteer_id"
                        + " where v.compound_id = ?1")
                .setParameter(1, compoundId))) {
            long id = ((Number) row[0]).longValue();
            VolunteerCopy volunteer = plan.volunteers.computeIfAbsent(id, v -> {
                VolunteerCopy copy = new VolunteerCopy();
                copy.volunteerId = v;
                copy.compoundId = compoundId;
                copy.capacity = ((Number) row[1]).intValue();
                copy.vetting = Vetting.valueOf((String) row[2]);
                copy.onDuty = truth(row[3]);
                copy.latestTestResult = row[4] == null ? null : TestResult.valueOf((String) row[4]);
                copy.latestTestTakenAt = time(row[5]);
                return copy;
            });
            if (row[6] != null) {
                volunteer.buildingIds.add(((Number) row[6]).longValue());
            }
        }
        if (!plan.buildings.isEmpty()) {
            for (Object[] row : rows(em.createNativeQuery("select order_id, building_id, category, urgent,"
                            + " vulnerable, placed_at, deliver_from from dispatch_order where building_id in (:buildings)"
                            + " and status = 'QUEUED'")
                    .setParameter("buildings", plan.buildings.keySet()))) {
                boolean urgentMedicine = DispatchOrder.isUrgentMedicine(OrderCategory.valueOf((String) row[2]),
                        truth(row[3]));
                OffsetDateTime placedAt = time(row[5]);
                OffsetDateTime deliverFrom = time(row[6]);
                plan.queueOf(((Number) row[1]).longValue()).add(new CompoundPlan.Queued(((Number) row[0]).longValue(),
                        urgentMedicine, truth(row[4]), deliverFrom != null ? deliverFrom : placedAt, deliverFrom));
            }
        }
        readRunsAndLoads(plan);
        return plan;
    }

    /** The volunteers' loads and the unstarted runs, as the database holds them now; the rest of the plan stays. */
    private void readRunsAndLoads(CompoundPlan plan) {
        plan.loads.clear();
        plan.openRuns.clear();
        plan.volunteers.keySet().forEach(id -> plan.loads.put(id, 0));
        if (!plan.volunteers.isEmpty()) {
            for (Object[] row : rows(em.createNativeQuery("select r.volunteer_id, count(*) from run_stop s"
                            + " join run r on r.id = s.run_id where r.volunteer_id in (:volunteers)"
                            + " and s.status in ('ASSIGNED', 'PICKED_UP') group by r.volunteer_id")
                    .setParameter("volunteers", plan.volunteers.keySet()))) {
                plan.loads.put(((Number) row[0]).longValue(), ((Number) row[1]).intValue());
            }
        }
        if (!plan.buildings.isEmpty()) {
            Map<Long, CompoundPlan.OpenRun> runs = new HashMap<>();
            for (Object[] row : rows(em.createNativeQuery("select r.id, r.building_id, r.volunteer_id, s.order_id"
                            + " from run r left join run_stop s on s.run_id = r.id and s.status = 'ASSIGNED'"
                            + " where r.building_id in (:buildings) and r.status = 'ASSIGNED'"
                            + " and r.volunteer_id is not null order by r.id, s.id")
                    .setParameter("buildings", plan.buildings.keySet()))) {
                long runId = ((Number) row[0]).longValue();
                CompoundPlan.OpenRun run = runs.computeIfAbsent(runId, id -> {
                    CompoundPlan.OpenRun open = new CompoundPlan.OpenRun(id, ((Number) row[1]).longValue(),
                            ((Number) row[2]).longValue());
                    plan.openRunsOf(open.buildingId).add(open);
                    return open;
                });
                if (row[3] != null) {
                    run.orderIds.add(((Number) row[3]).longValue());
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Object[]> rows(jakarta.persistence.Query query) {
        return query.getResultList();
    }

    private static boolean truth(Object value) {
        return value instanceof Boolean b ? b : ((Number) value).intValue() != 0;
    }

    private static OffsetDateTime time(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant().atOffset(ZoneOffset.UTC);
        }
        if (value instanceof java.time.LocalDateTime local) {
            return local.atOffset(ZoneOffset.UTC);
        }
        if (value instanceof OffsetDateTime offset) {
            return offset;
        }
        throw new IllegalStateException("not a time: " + value.getClass());
    }
}
