package org.doorstep.volunteer.notify;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.doorstep.common.notify.Notice;
import org.doorstep.common.notify.NoticeSender;
import org.doorstep.common.notify.Route;
import org.doorstep.common.wechat.OpenIds;

import java.util.List;
import java.util.Optional;

/**
 * Sends volunteers' messages (issue 15: run calls, test reminders) with the shared sender: by WeChat subscribe message to the openid the
 * volunteer signed in with (kept sealed), one consent each (asked by the mini-program as residents are, GET/POST
 * /api/me/subscriptions), or not at all, and their list says why. Urgent ones first.
 */
@ApplicationScoped
public class VolunteerNotices extends NoticeSender {

    @Inject
    VolunteerNotifyConfig config;

    @Inject
    OpenIds openIds;

    void start(@Observes StartupEvent event) {
        start("volunteer-notice-sender");
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        stop();
    }

    /** Whom a volunteer's messages are for, as the notification table names them. */
    public static String recipientOf(long volunteerId) {
        return "volunteer:" + volunteerId;
    }

    @Override
    protected Route route(Notice notice) {
        Call call = Call.valueOf(notice.kind());
        long volunteerId = Long.parseLong(notice.recipient().substring("volunteer:".length()));
        Optional<String> template = config.template().of(call);
        String nowhere = nowhereToSend(call);
        if (nowhere != null) {
            return Route.none(nowhere);
        }
        @SuppressWarnings("unchecked")
        List<String> sealed = em.createNativeQuery("select coalesce(openid_sealed, '') from wechat_volunteer"
                        + " where volunteer_id = ?1 order by bound_at desc limit 1")
                .setParameter(1, volunteerId).getResultList();
        if (sealed.isEmpty()) {
            return Route.none("not signed in with WeChat");
        }
        if (sealed.get(0).isEmpty()) {
            return Route.none("not signed in with WeChat since messages began");
        }
        if (!consented(notice, template.get())) {
            return Route.none("no consent left in WeChat for this message");
        }
        String run = runOf(notice);
        String page = run == null ? config.page() : config.page() + "?runId=" + run;
        return Route.weChat(openIds.open(sealed.get(0)), template.get(), page,
                more -> weChatFields(notice, call.what, notice.detail(), run == null ? "-" : run, more));
    }

    /**
     * Why a call of this kind can go nowhere, known before any send (no template for it, WeChat not configured):
     * such a call is recorded as not sent at once, as the sender would decide; null when WeChat may be tried.
     */
    public String nowhereToSend(Call call) {
        return config.template().of(call).isEmpty() || !weChat.configured() ? "no WeChat message for this" : null;
    }

    /** The run's id, from the subject ("run:9" or "run:9/order:17"); null for a test reminder ("test:…"). */
    static String runOf(Notice notice) {
        String subject = notice.subject();
        if (!subject.startsWith("run:")) {
            return null;
        }
        int slash = subject.indexOf('/');
        return subject.substring("run:".length(), slash < 0 ? subject.length() : slash);
    }

    /** The order's id of an urgent order's message, else null. */
    static Long orderOf(Notice notice) {
        int at = notice.subject().indexOf("/order:");
        return at < 0 ? null : Long.valueOf(notice.subject().substring(at + "/order:".length()));
    }
}
