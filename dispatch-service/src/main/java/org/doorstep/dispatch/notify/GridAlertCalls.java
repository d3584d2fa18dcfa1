package org.doorstep.dispatch.notify;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.doorstep.common.notify.NoticeSender;
import org.doorstep.dispatch.model.Building;
import org.doorstep.dispatch.planning.GridAlerts;
import org.doorstep.dispatch.planning.GridAlerts.Alert;
import org.doorstep.dispatch.planning.GridAlerts.AlertType;
import org.jboss.logging.Logger;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends grid workers their grids' alerts (issue 15). Alerts are computed, not published as events, so every instance
 * looks at them on a schedule (every minute): for each grid watched by a grid worker bound to WeChat it computes the
 * alerts as the console shows them (GridAlerts, one rule per kind) and records a message for each alert the grid
 * worker has had none for. The shared notification table's unique (grid worker, alert type, building and order)
 * makes it once per cluster however many instances and runs find the same alert. A grid looked at for a grid worker
 * the first time (just after they bound, or gained the grid) lists its alerts older than the backlog (an hour) as not
 * sent instead of sending them: they are on the console, and a phone should not ring for last week's gap.
 */
@ApplicationScoped
public class GridAlertCalls {

    private static final Logger LOG = Logger.getLogger(GridAlertCalls.class);

    @Inject
    EntityManager em;

    @Inject
    GridAlerts gridAlerts;

    @Inject
    GridWorkerNotices notices;

    @Inject
    GridNotifyConfig config;

    @Scheduled(every = "${doorstep.grid-notify.every:60s}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            check();
        } catch (RuntimeException e) {
            // The next run looks again: nothing is lost, only later.
            LOG.warnf("grid alerts not looked at this time: %s", e.toString());
        }
    }

    /** One look at every watched grid, in a transaction of its own. */
    public void check() {
        QuarkusTransaction.requiringNew().run(this::record);
    }

    private record Watch(String subject, long gridId, boolean firstLook) {
    }

    void record() {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select g.subject, g.grid_id, g.watched_from is null"
                + " from grid_worker_grid g join wechat_grid_worker w on w.subject = g.subject"
                + " order by g.grid_id, g.subject").getResultList();
        Map<Long, List<Watch>> byGrid = new LinkedHashMap<>();
        for (Object[] row : rows) {
            long grid = ((Number) row[1]).longValue();
            byGrid.computeIfAbsent(grid, g -> new ArrayList<>()).add(new Watch((String) row[0], grid,
                    row[2] instanceof Boolean b ? b : ((Number) row[2]).intValue() != 0));
        }
        List<NoticeSender.Draft> drafts = new ArrayList<>();
        OffsetDateTime backlog = now.minus(config.backlog());
        for (Map.Entry<Long, List<Watch>> grid : byGrid.entrySet()) {
            List<Building> buildings = Building.list("gridId = ?1 order by id", grid.getKey());
            Map<Long, String> names = new LinkedHashMap<>();
            buildings.forEach(b -> names.put(b.id, b.name));
            List<Alert> alerts = gridAlerts.of(buildings);
            for (Watch watch : grid.getValue()) {
                for (Alert alert : alerts) {
                    boolean old = watch.firstLook() && alert.since() != null && alert.since().isBefore(backlog);
                    drafts.add(new NoticeSender.Draft(GridWorkerNotices.recipientOf(watch.subject()),
                            GridWorkerNotices.subjectOf(alert), alert.type().name(),
                            GridWorkerNotices.urgent(alert.type()), detail(alert, names.get(alert.buildingId())),
                            Map.of(), old ? "already on the console when WeChat was bound; not sent" : null));
                }
            }
        }
        notices.recordAll(drafts);
        // Only the grids looked at now: one a grid worker gained since the select gets its own first look.
        for (List<Watch> watches : byGrid.values()) {
            for (Watch watch : watches) {
                if (watch.firstLook()) {
                    em.createNativeQuery("update grid_worker_grid set watched_from = ?1 where subject = ?2"
                                    + " and grid_id = ?3 and watched_from is null")
                            .setParameter(1, now.toLocalDateTime()).setParameter(2, watch.subject())
                            .setParameter(3, watch.gridId()).executeUpdate();
                }
            }
        }
    }

    /**
     * What the message names beside its kind: the building; for a message that reached nobody its kind
     * only (the door is read at the send, so that the row keeps no room or name).
     */
    private static String detail(Alert alert, String building) {
        if (alert.type() == AlertType.RESIDENT_NOT_REACHED) {
            return alert.kind();
        }
        // The order's id goes in the message's number field: the 20 characters here are the building's name.
        return building == null ? "楼栋" + alert.buildingId() : building;
    }
}
