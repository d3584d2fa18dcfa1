package org.doorstep.dispatch.notify;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.doorstep.common.notify.Notice;
import org.doorstep.common.notify.NoticeSender;
import org.doorstep.common.notify.Route;
import org.doorstep.common.retention.RetentionConfig;
import org.doorstep.common.retention.RetentionRule;
import org.doorstep.common.wechat.OpenIds;
import org.doorstep.dispatch.planning.GridAlerts.Alert;
import org.doorstep.dispatch.planning.GridAlerts.AlertType;

import java.util.List;
import java.util.Optional;

/**
 * Sends grid workers' alerts (issue 15) with the shared sender: by WeChat subscribe message to the openid the grid
 * worker bound (kept sealed), one consent each (given in the mini-program, POST /api/grid-workers/wechat), or not at
 * all, and their list says why. Urgent medicine past its target and failed handoffs go in quiet hours too.
 */
@ApplicationScoped
public class GridWorkerNotices extends NoticeSender {

    private static final String RECIPIENT = "grid-worker:";

    @Inject
    GridNotifyConfig config;

    @Inject
    OpenIds openIds;

    void start(@Observes StartupEvent event) {
        start("grid-worker-notice-sender");
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        stop();
    }

    /** A grid worker's messages end after a month, as residents' and volunteers' do. */
    @Produces
    RetentionRule notifications(RetentionConfig config) {
        return NoticeSender.retention(config);
    }

    /** Whom a grid worker's messages are for, as the notification table names them: by their token's subject. */
    public static String recipientOf(String subject) {
        return RECIPIENT + subject;
    }

    /** Alerts that cannot wait for the quiet hours' end. */
    static boolean urgent(AlertType type) {
        return type == AlertType.URGENT_OVERDUE || type == AlertType.HANDOFF_FAILED;
    }

    /** What the message says it is about (a subscribe message's "thing" field: 20 characters at most). */
    static String what(AlertType type) {
        return switch (type) {
            case URGENT_OVERDUE -> "加急药品超时未送达";
            case COVERAGE_GAP -> "楼栋无志愿者可配送";
            case HANDOFF_FAILED -> "配送失败待处理";
            case HANDOFF_LOCKED -> "取货码错误过多已锁定";
            case EVENT_SET_ASIDE -> "有订单未能录入";
            case RESIDENT_NOT_REACHED -> "住户未收到通知请上门";
        };
    }

    /**
     * What one alert is, as its message's subject: the building and the order; a building's alert by the time it
     * began (a building sealed again later has a gap of its own); a message that reached nobody by its household,
     * order or time, and kind. One message per (grid worker, alert type, subject).
     */
    static String subjectOf(Alert alert) {
        String subject = "b:" + alert.buildingId();
        if (alert.type() == AlertType.RESIDENT_NOT_REACHED) {
            subject += "/h:" + alert.householdId() + (alert.orderId() != null ? "/o:" + alert.orderId()
                    : "/at:" + alert.since().toEpochSecond()) + "/" + alert.kind();
        } else if (alert.orderId() != null) {
            subject += "/o:" + alert.orderId();
        } else {
            subject += "/at:" + (alert.since() == null ? 0 : alert.since().toEpochSecond());
        }
        return subject.length() <= 80 ? subject : subject.substring(0, 80);
    }

    /** The building's id from a subject ("b:3/…"). */
    static long buildingOf(Notice notice) {
        String subject = notice.subject();
        int slash = subject.indexOf('/');
        return Long.parseLong(subject.substring(2, slash < 0 ? subject.length() : slash));
    }

    /** The order's id from a subject, null for a building's alert. */
    static Long orderOf(Notice notice) {
        int at = notice.subject().indexOf("/o:");
        if (at < 0) {
            return null;
        }
        int end = notice.subject().indexOf('/', at + 3);
        return Long.valueOf(notice.subject().substring(at + 3, end < 0 ? notice.subject().length() : end));
    }

    @Override
    protected Route route(Notice notice) {
        AlertType type = AlertType.valueOf(notice.kind());
        Optional<String> template = config.template().of(type);
        if (template.isEmpty() || !weChat.configured()) {
            return Route.none("no WeChat message for this");
        }
        @SuppressWarnings("unchecked")
        List<String> sealed = em.createNativeQuery("select openid_sealed from wechat_grid_worker where subject = ?1")
                .setParameter(1, notice.recipient().substring(RECIPIENT.length())).getResultList();
        if (sealed.isEmpty()) {
            return Route.none("not bound to WeChat");
        }
        if (!consented(notice, template.get())) {
            return Route.none("no consent left in WeChat for this message");
        }
        Long order = orderOf(notice);
        String number = order != null ? String.valueOf(order) : String.valueOf(buildingOf(notice));
        String next = type == AlertType.RESIDENT_NOT_REACHED ? door(notice, order) : notice.detail();
        return Route.weChat(openIds.open(sealed.get(0)), template.get(), config.page(),
                more -> weChatFields(notice, what(type), next == null ? "请在控制台查看" : next, number, more));
    }

    /**
     * The door to knock on, read at the moment of the send (never kept in the message row, so that erasing the
     * household erases it): room and name, or that the household's details are gone.
     */
    private String door(Notice notice, Long order) {
        int household = notice.subject().indexOf("/h:");
        long householdId = Long.parseLong(notice.subject().substring(household + 3,
                notice.subject().indexOf('/', household + 3)));
        // An order's message by its order; a building's (no order) the latest of its kind.
        var query = em.createNativeQuery("select coalesce(room, ''), coalesce(contact_name, '')"
                        + " from resident_not_reached where household_id = ?1 and building_id = ?2 and kind = ?3"
                        + (order == null ? " and order_id is null" : " and order_id = ?4") + " order by at desc limit 1")
                .setParameter(1, householdId)
                .setParameter(2, buildingOf(notice))
                .setParameter(3, notice.detail());
        if (order != null) {
            query.setParameter(4, order);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.getResultList();
        if (rows.isEmpty()) {
            return "住户信息已删除，请在控制台查看";
        }
        return (rows.get(0)[0] + "室 " + rows.get(0)[1]).trim();
    }
}
