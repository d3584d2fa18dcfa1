package org.doorstep.volunteer.notify;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.doorstep.common.contracts.DispatchStatus;
import org.doorstep.common.contracts.OrderProgressed;
import org.doorstep.common.contracts.RunChanged;
import org.doorstep.common.contracts.RunStatus;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What dispatch's events on doorstep.dispatch mean for a volunteer (issue 15): a new run, an urgent order added to
 * their run, a run taken back (given to another volunteer, or ended before pickup with nothing delivered). Each is
 * recorded once per (volunteer, run, step) in the transaction that applies the event; a run with urgent orders is
 * told at once, quiet hours or not, and so is its taking back.
 */
@ApplicationScoped
public class RunCalls {

    @Inject
    EntityManager em;

    @Inject
    VolunteerNotices notices;

    /** Whether the step is one the run calls use: an urgent order put on a run. */
    public static boolean matters(OrderProgressed step) {
        return step.status() == DispatchStatus.ASSIGNED && step.urgent() && step.runId() != null;
    }

    /** Remembers an urgent order dispatch put on a run: its run's RunChanged follows on the same partition. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void orderProgressed(OrderProgressed step) {
        if (matters(step)) {
            em.createNativeQuery("insert into notice_urgent_order (order_id, run_id) values (?1, ?2)"
                            + " on duplicate key update run_id = values(run_id)")
                    .setParameter(1, step.orderId()).setParameter(2, step.runId()).executeUpdate();
        }
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void runChanged(RunChanged run) {
        @SuppressWarnings("unchecked")
        List<Object[]> seen = em.createNativeQuery("select volunteer_id, order_ids, urgent from notice_run"
                + " where run_id = ?1 for update").setParameter(1, run.runId()).getResultList();
        Long before = seen.isEmpty() ? null : ((Number) seen.get(0)[0]).longValue();
        Set<Long> known = seen.isEmpty() ? Set.of() : ids((String) seen.get(0)[1]);
        boolean wasUrgent = !seen.isEmpty() && bool(seen.get(0)[2]);
        if (run.status() == RunStatus.DONE) {
            if (before != null && run.delivered() + run.failed() == 0) {
                takenBack(before, run.runId(), wasUrgent);
            }
            em.createNativeQuery("delete from notice_run where run_id = ?1").setParameter(1, run.runId())
                    .executeUpdate();
            em.createNativeQuery("delete from notice_urgent_order where run_id = ?1").setParameter(1, run.runId())
                    .executeUpdate();
            return;
        }
        if (run.status() != RunStatus.ASSIGNED || run.volunteerId() == null) {
            return;
        }
        long volunteer = run.volunteerId();
        Set<Long> urgent = urgentOf(run.runId());
        List<Long> orders = run.orderIds() == null ? List.of() : run.orderIds();
        boolean anyUrgent = orders.stream().anyMatch(urgent::contains);
        if (before == null || before != volunteer) {
            if (before != null) {
                takenBack(before, run.runId(), wasUrgent);
            }
            notices.record(VolunteerNotices.recipientOf(volunteer), "run:" + run.runId(), Call.NEW_RUN.name(),
                    anyUrgent, orders.size() + "单" + (anyUrgent ? "，含加急" : "") + "，请到小程序查看",
                    Map.of());
        } else {
            for (Long order : orders) {
                if (!known.contains(order) && urgent.contains(order)) {
                    notices.record(VolunteerNotices.recipientOf(volunteer), "run:" + run.runId() + "/order:" + order,
                            Call.URGENT_ORDER.name(), true, "订单" + order + "，请尽快取货", Map.of());
                }
            }
        }
        Set<Long> now = new LinkedHashSet<>(orders);
        if (before != null && before == volunteer) {
            now.addAll(known);
        }
        em.createNativeQuery("insert into notice_run (run_id, volunteer_id, order_ids, urgent) values (?1, ?2, ?3, ?4)"
                        + " on duplicate key update volunteer_id = values(volunteer_id), order_ids = values(order_ids),"
                        + " urgent = values(urgent)")
                .setParameter(1, run.runId())
                .setParameter(2, volunteer)
                .setParameter(3, now.stream().map(String::valueOf).collect(Collectors.joining(",")))
                .setParameter(4, anyUrgent || (before != null && before == volunteer && wasUrgent))
                .executeUpdate();
    }

    /** The run is no longer the volunteer's: told at once if it was urgent (they may be on their way for it). */
    private void takenBack(long volunteer, long runId, boolean urgent) {
        notices.record(VolunteerNotices.recipientOf(volunteer), "run:" + runId, Call.RUN_TAKEN_BACK.name(), urgent,
                "无需再取货", Map.of());
    }

    private Set<Long> urgentOf(long runId) {
        @SuppressWarnings("unchecked")
        List<Number> ids = em.createNativeQuery("select order_id from notice_urgent_order where run_id = ?1")
                .setParameter(1, runId).getResultList();
        return ids.stream().map(Number::longValue).collect(Collectors.toSet());
    }

    private static Set<Long> ids(String text) {
        return text.isBlank() ? Set.of() : Arrays.stream(text.split(",")).map(Long::valueOf)
                .collect(Collectors.toSet());
    }

    private static boolean bool(Object value) {
        return value instanceof Boolean b ? b : ((Number) value).intValue() != 0;
    }
}
