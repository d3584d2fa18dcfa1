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
 * phone for the kinds worth one, otherwise not at all (the resident's list says why).
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
        String whyNotWeChat;
        if (account == null || !account.startsWith("wx-")) {
            whyNotWeChat = "not signed in with WeChat";
        } else if (template.isEmpty() || !weChat.configured()) {
            whyNotWeChat = "no WeChat message for this";
        } else {
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
        Optional<String> smsTemplate = smsConfig.template().of(kind);
        if (!kind.bySms) {
            return Route.none(whyNotWeChat);
        } else if (household == null || household.phone == null || household.phone.isBlank()) {
            return Route.none(whyNotWeChat + "; no phone number");
        } else if (!sms.configured() || smsTemplate.isEmpty()) {
            return Route.none(whyNotWeChat + "; SMS not configured");
        }
        return Route.sms(household.phone, smsTemplate.get(), more -> smsData(notice, kind, more));
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
        return config.page() + (notice.subject().startsWith("order:") ? "?orderId=" : "?buildingId=")
                + number(notice);
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
