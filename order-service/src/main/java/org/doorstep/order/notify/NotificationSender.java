package org.doorstep.order.notify;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.doorstep.common.notify.Notice;
import org.doorstep.common.notify.NoticeSender;
import org.doorstep.common.notify.Outcome;
import org.doorstep.common.notify.Route;
import org.doorstep.order.household.Household;
import org.doorstep.order.wechat.WeChatAccounts;

import java.sql.SQLException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Sends residents' messages (issue 15) with the shared sender ({@link NoticeSender}): by WeChat subscribe message when
 * the household's account signed in with WeChat and consented to the template, otherwise by SMS to the household's
 * phone for the kinds worth one, otherwise not at all (the resident's list says why, and for news they need their
 * grid worker is alerted: {@link NotReachedAlerts}).
 */
@ApplicationScoped
public class NotificationSender extends NoticeSender {

    @Inject
    NotifyConfig config;

    @Inject
    SmsConfig smsConfig;

    @Inject
    AliyunSms sms;

    @Inject
    WeChatAccounts accounts;

    @Inject
    NotReachedAlerts alerts;

    void start(@Observes StartupEvent event) {
        start("notification-sender");
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        stop();
    }

    /** DELIVERED and FAILED before building news, before OUT_FOR_DELIVERY, before ASSIGNED (Kind.priority). */
    @Override
    protected String priority() {
        return Arrays.stream(Kind.values()).map(k -> " when '" + k.name() + "' then " + k.priority)
                .collect(Collectors.joining("", "case kind", " else 9 end"));
    }

    @Override
    protected Route route(Notice notice) throws SQLException {
        Kind kind = Kind.valueOf(notice.kind());
        Household household = Household.findById(householdOf(notice));
        String account = household == null ? null : household.ownerAccount;

        // WeChat first: a consent was already taken for this row if a send with it was cut short (channel set).
        Optional<String> template = config.template().of(kind);
        String whyNotWeChat = whyNotWeChat(account, kind);
        if (whyNotWeChat == null) {
            Optional<String> openId = accounts.openIdOf(account);
            if (openId.isEmpty()) {
                whyNotWeChat = "not signed in with WeChat since messages began";
            } else if (consented(notice, template.get())) {
                return Route.weChat(openId.get(), template.get(), page(notice),
                        more -> weChatFields(notice, kind.what, notice.detail() != null ? notice.detail() : kind.next,
                                number(notice), more));
            } else {
                whyNotWeChat = "no consent left in WeChat for this message";
            }
        }
        String phone = household == null ? null : household.phone;
        String whyNotSms = whyNotSms(kind, phone);
        if (!kind.bySms || whyNotSms != null) {
            return Route.none(whyNotSms == null ? whyNotWeChat : whyNotWeChat + "; " + whyNotSms);
        }
        return Route.sms(phone, smsConfig.template().of(kind).orElseThrow(), more -> smsData(notice, kind, more));
    }

    /**
     * Why no channel can carry a message of this kind to this account and phone, known without asking WeChat or the
     * SMS provider; null when one may. Such a message is recorded as not sent at once ({@link Notifications}): going
     * through the sender cost three transactions a message, the largest share of an order's cost in order-service,
     * and at 700 orders/s its backlog grew by the hundred thousand and slowed every claim.
     */
    String nowhereToSend(String account, Kind kind, String phone) {
        String whyNotWeChat = whyNotWeChat(account, kind);
        if (whyNotWeChat == null) {
            return null;
        }
        String whyNotSms = whyNotSms(kind, phone);
        if (kind.bySms && whyNotSms == null) {
            return null;
        }
        return whyNotSms == null ? whyNotWeChat : whyNotWeChat + "; " + whyNotSms;
    }

    /** Null when WeChat may be tried (the openid and a consent are checked when sending). */
    private String whyNotWeChat(String account, Kind kind) {
        if (account == null || !account.startsWith("wx-")) {
            return "not signed in with WeChat";
        }
        if (config.template().of(kind).isEmpty() || !weChat.configured()) {
            return "no WeChat message for this";
        }
        return null;
    }

    /** Null when an SMS may be sent, or when this kind is never sent by SMS ({@link Kind#bySms}). */
    private String whyNotSms(Kind kind, String phone) {
        if (!kind.bySms) {
            return null;
        }
        if (phone == null || phone.isBlank()) {
            return "no phone number";
        }
        if (!sms.configured() || smsConfig.template().of(kind).isEmpty()) {
            return "SMS not configured";
        }
        return null;
    }

    /** The resident will not hear of it from us: their grid worker is to tell them. */
    @Override
    protected void gaveUp(Notice notice) {
        alerts.givenUp(notice);
    }

    @Override
    protected Outcome sendOther(Route route, Map<String, String> data) {
        return sms.send(route.address(), route.template(), data);
    }

    private long householdOf(Notice notice) {
        return ((Number) em.createNativeQuery("select household_id from notification where id = ?1")
                .setParameter(1, notice.id()).getSingleResult()).longValue();
    }

    private String page(Notice notice) {
        return notice.subject().startsWith("order:") ? config.orderPage() + "?id=" + number(notice)
                : config.buildingPage();
    }

    /** The order's or the building's id, from the subject ("order:17", "building:3@…"). */
    static String number(Notice notice) {
        String subject = notice.subject();
        int at = subject.indexOf('@');
        return subject.substring(subject.indexOf(':') + 1, at < 0 ? subject.length() : at);
    }

    private Map<String, String> smsData(Notice notice, Kind kind, int more) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("what", kind.what);
        data.put("next", more > 0 ? Route.andMore(more)
                : Route.fit(notice.detail() != null ? notice.detail() : kind.next, 35));
        data.put("order", notice.subject().startsWith("order:") ? number(notice) : "");
        return data;
    }
}
