package org.doorstep.volunteer.notify;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import org.doorstep.common.jdbc.MultiRowInsert;
import org.doorstep.common.notify.NoticeSender;
import org.doorstep.common.contracts.DispatchStatus;
import org.doorstep.common.contracts.OrderProgressed;
import org.doorstep.common.contracts.RunChanged;
import org.doorstep.common.contracts.RunStatus;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What dispatch's events on doorstep.dispatch mean for a volunteer (issue 15): a new run, an urgent order added to
 * their run, a run taken back (given to another volunteer, or ended before pickup with nothing delivered). Each is
 * recorded once per (volunteer, run, step) in the transaction that applies the event; a run with urgent orders is
 * told at once, quiet hours or not, and so is its taking back. A poll's steps are applied together ({@link #apply}).
 */
@ApplicationScoped
public class RunCalls {

    @Inject
    EntityManager em;

    @Inject
    VolunteerNotices notices;

    @Inject
    DataSource dataSource;

    /** Whether the step is one the run calls use: an urgent order put on a run. */
    public static boolean matters(OrderProgressed step) {
        return step.status() == DispatchStatus.ASSIGNED && step.urgent() && step.runId() != null;
    }

    /** What this service last knew of a run: whose it was, its orders, whether it carried urgent medicine. */
    private record Seen(long volunteerId, Set<Long> orders, boolean urgent) {
    }

    /**
     * Applies a poll's steps (OrderProgressed and RunChanged, in the order they came) in the caller's transaction:
     * what they need of the runs they name is read in two queries and written back in a few multi-row statements, and
     * the calls they make are recorded in one, so a poll of a hundred runs is a handful of round trips, not hundreds.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void apply(List<Record> steps) {
        Set<Long> runIds = new LinkedHashSet<>();
        for (Record step : steps) {
            if (step instanceof RunChanged run) {
                runIds.add(run.runId());
            } else if (step instanceof OrderProgressed order && matters(order)) {
                runIds.add(order.runId());
            }
        }
        if (runIds.isEmpty()) {
            return;
        }
        Map<Long, Seen> seen = seen(runIds);
        Map<Long, Long> urgentRunOf = urgentOrders(runIds);
        Set<Long> urgentPut = new LinkedHashSet<>(); // the urgent orders this poll put on a run: the rows to write
        Set<Long> ended = new LinkedHashSet<>();
        Set<Long> changed = new LinkedHashSet<>();
        List<NoticeSender.Draft> calls = new ArrayList<>();
        for (Record step : steps) {
            if (step instanceof OrderProgressed order && matters(order)) {
                urgentRunOf.put(order.orderId(), order.runId());
                urgentPut.add(order.orderId());
            } else if (step instanceof RunChanged run) {
                runChanged(run, seen, urgentRunOf, ended, changed, calls);
            }
        }
        write(seen, urgentRunOf, urgentPut, ended, changed);
        notices.recordAll(calls);
    }

    private void runChanged(RunChanged run, Map<Long, Seen> seen, Map<Long, Long> urgentRunOf, Set<Long> ended,
                            Set<Long> changed, List<NoticeSender.Draft> calls) {
        Seen before = seen.get(run.runId());
        if (run.status() == RunStatus.DONE) {
            if (before != null && run.delivered() + run.failed() == 0) {
                calls.add(takenBack(before.volunteerId(), run.runId(), before.urgent()));
            }
            seen.remove(run.runId());
            urgentRunOf.values().removeIf(runId -> runId == run.runId());
            ended.add(run.runId());
            changed.remove(run.runId());
            return;
        }
        if (run.status() != RunStatus.ASSIGNED || run.volunteerId() == null) {
            return;
        }
        long volunteer = run.volunteerId();
        List<Long> orders = run.orderIds() == null ? List.of() : run.orderIds();
        boolean anyUrgent = orders.stream().anyMatch(order -> Long.valueOf(run.runId()).equals(urgentRunOf.get(order)));
        boolean sameVolunteer = before != null && before.volunteerId() == volunteer;
        if (!sameVolunteer) {
            if (before != null) {
                calls.add(takenBack(before.volunteerId(), run.runId(), before.urgent()));
            }
            calls.add(new NoticeSender.Draft(VolunteerNotices.recipientOf(volunteer), "run:" + run.runId(),
                    Call.NEW_RUN.name(), anyUrgent, orders.size() + "单" + (anyUrgent ? "，含加急" : "") + "，请到小程序查看",
                    Map.of(), notices.nowhereToSend(Call.NEW_RUN)));
        } else {
            for (Long order : orders) {
                if (!before.orders().contains(order) && Long.valueOf(run.runId()).equals(urgentRunOf.get(order))) {
                    calls.add(new NoticeSender.Draft(VolunteerNotices.recipientOf(volunteer),
                            "run:" + run.runId() + "/order:" + order, Call.URGENT_ORDER.name(), true,
                            "订单" + order + "，请尽快取货", Map.of(), notices.nowhereToSend(Call.URGENT_ORDER)));
                }
            }
        }
        Set<Long> now = new LinkedHashSet<>(orders);
        if (sameVolunteer) {
            now.addAll(before.orders());
        }
        seen.put(run.runId(), new Seen(volunteer, now, anyUrgent || (sameVolunteer && before.urgent())));
        ended.remove(run.runId());
        changed.add(run.runId());
    }

    /** The run is no longer the volunteer's: told at once if it was urgent (they may be on their way for it). */
    private NoticeSender.Draft takenBack(long volunteer, long runId, boolean urgent) {
        return new NoticeSender.Draft(VolunteerNotices.recipientOf(volunteer), "run:" + runId,
                Call.RUN_TAKEN_BACK.name(), urgent, "无需再取货", Map.of(), notices.nowhereToSend(Call.RUN_TAKEN_BACK));
    }

    private Map<Long, Seen> seen(Set<Long> runIds) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select run_id, volunteer_id, order_ids, urgent from notice_run"
                + " where run_id in (?1) for update").setParameter(1, runIds).getResultList();
        Map<Long, Seen> seen = new HashMap<>();
        for (Object[] row : rows) {
            seen.put(((Number) row[0]).longValue(), new Seen(((Number) row[1]).longValue(), ids((String) row[2]),
                    bool(row[3])));
        }
        return seen;
    }

    /** The urgent orders of the runs, by order: the run each was last put on. */
    private Map<Long, Long> urgentOrders(Set<Long> runIds) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select order_id, run_id from notice_urgent_order"
                + " where run_id in (?1)").setParameter(1, runIds).getResultList();
        Map<Long, Long> urgent = new HashMap<>();
        rows.forEach(row -> urgent.put(((Number) row[0]).longValue(), ((Number) row[1]).longValue()));
        return urgent;
    }

    private void write(Map<Long, Seen> seen, Map<Long, Long> urgentRunOf, Set<Long> urgentPut, Set<Long> ended,
                       Set<Long> changed) {
        if (!ended.isEmpty()) {
            em.createNativeQuery("delete from notice_run where run_id in (?1)").setParameter(1, ended).executeUpdate();
            em.createNativeQuery("delete from notice_urgent_order where run_id in (?1)").setParameter(1, ended)
                    .executeUpdate();
        }
        List<Object[]> runs = new ArrayList<>();
        for (Long runId : changed) {
            Seen run = seen.get(runId);
            runs.add(new Object[]{runId, run.volunteerId(),
                    run.orders().stream().map(String::valueOf).collect(Collectors.joining(",")), run.urgent()});
        }
        List<Object[]> urgent = new ArrayList<>();
        for (Long order : urgentPut) {
            Long run = urgentRunOf.get(order); // gone: its run ended in this poll, and its row with it
            if (run != null) {
                urgent.add(new Object[]{order, run});
            }
        }
        em.flush();
        try (Connection connection = dataSource.getConnection()) {
            MultiRowInsert.insert(connection, "insert into notice_run (run_id, volunteer_id, order_ids, urgent)", 4,
                    runs, "on duplicate key update volunteer_id = values(volunteer_id), order_ids = values(order_ids),"
                            + " urgent = values(urgent)");
            MultiRowInsert.insert(connection, "insert into notice_urgent_order (order_id, run_id)", 2, urgent,
                    "on duplicate key update run_id = values(run_id)");
        } catch (SQLException e) {
            throw new PersistenceException(e);
        }
    }

    private static Set<Long> ids(String text) {
        return text.isBlank() ? Set.of() : Arrays.stream(text.split(",")).map(Long::valueOf)
                .collect(Collectors.toSet());
    }

    private static boolean bool(Object value) {
        return value instanceof Boolean b ? b : ((Number) value).intValue() != 0;
    }
}
