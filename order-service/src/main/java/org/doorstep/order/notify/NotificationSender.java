package org.doorstep.order.notify;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.doorstep.common.BackgroundLoop;
import org.doorstep.order.household.Household;
import org.doorstep.order.notify.Notification.Channel;
import org.doorstep.order.notify.Notification.State;
import org.doorstep.order.wechat.WeChatAccounts;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Sends the recorded messages (issue 15). Each round claims a batch of due rows (locked with SKIP LOCKED, then leased
 * to this instance, so that a second instance takes other rows, and a killed instance's rows come back when its
 * lease ends), and for each: chooses the channel, sends, and records the outcome in a transaction of its own. The
 * outcome is recorded only after the send, and WeChat's send has no idempotency key: an instance killed between the
 * two repeats that one message, never more.
 */
@ApplicationScoped
public class NotificationSender {

    private static final Logger LOG = Logger.getLogger(NotificationSender.class);
    private static final DateTimeFormatter WECHAT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    /** DELIVERED and FAILED before building news, before OUT_FOR_DELIVERY, before ASSIGNED (Kind.priority). */
    private static final String PRIORITY = "case kind when 'DELIVERED' then 0 when 'FAILED' then 0"
            + " when 'OUT_FOR_DELIVERY' then 2 when 'ASSIGNED' then 3 else 1 end";

    @Inject
    NotifyConfig config;

    @Inject
    SmsConfig smsConfig;

    @Inject
    WeChatMessages weChat;

    @Inject
    AliyunSms sms;

    @Inject
    WeChatAccounts accounts;

    @Inject
    Consents consents;

    @Inject
    EntityManager em;

    @ConfigProperty(name = "doorstep.timezone", defaultValue = "Asia/Shanghai")
    ZoneId zone;

    private final String instance = UUID.randomUUID().toString();
    private Optional<QuietHours> quietHours;
    private BackgroundLoop loop;

    private volatile Consumer<Long> afterSend = id -> {
    };

    void start(@Observes StartupEvent event) {
        quietHours = QuietHours.parse(config.quietHours());
        loop = new BackgroundLoop("notification-sender", config.pollInterval(), this::sendDue);
        loop.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        loop.stop();
    }

    /**
     * Tests only: {@code hook} is called with the row's id after a send reached the provider and before its outcome
     * is recorded (throwing from it is a crash at the worst moment).
     */
    void afterSend(Consumer<Long> hook) {
        afterSend = hook;
    }

    /** Called after a transaction that recorded messages commits. */
    public void wake() {
        if (loop != null) {
            loop.wake();
        }
    }

    private void sendDue() {
        List<Long> batch;
        do {
            batch = claim();
            for (Long id : batch) {
                if (!loop.running()) {
                    return;
                }
                sendOne(id);
            }
        } while (batch.size() == config.batchSize() && loop.running());
    }

    /** Due rows nobody else holds, most important first, leased to this instance. */
    List<Long> claim() {
        return QuarkusTransaction.requiringNew().call(() -> {
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            // A row this instance still holds is its own from a round that failed half-way: it is taken again.
            @SuppressWarnings("unchecked")
            List<Number> ids = em.createNativeQuery("select id from notification where state = 'PENDING'"
                            + " and next_attempt_at <= ?1 and (lease_until is null or lease_until < ?1"
                            + " or lease_owner = ?2) order by " + PRIORITY + ", id limit ?3 for update skip locked")
                    .setParameter(1, now.toLocalDateTime())
                    .setParameter(2, instance)
                    .setParameter(3, config.batchSize())
                    .getResultList();
            List<Long> claimed = ids.stream().map(Number::longValue).toList();
            if (!claimed.isEmpty()) {
                em.createNativeQuery("update notification set lease_owner = ?1, lease_until = ?2 where id in (?3)")
                        .setParameter(1, instance)
                        .setParameter(2, now.plus(config.lease()).toLocalDateTime())
                        .setParameter(3, claimed)
                        .executeUpdate();
            }
            return claimed;
        });
    }

    /** What to send where; the address (openid or phone) lives only here, in memory, for the one send. */
    private record Plan(Channel channel, String address, String template, String page, Map<String, String> data,
                        List<Long> merged) {
    }

    private void sendOne(long id) {
        Optional<Plan> plan = QuarkusTransaction.requiringNew().call(() -> decide(id));
        if (plan.isEmpty()) {
            return;
        }
        Plan p = plan.get();
        Outcome outcome = switch (p.channel()) {
            case WECHAT -> weChat.send(p.address(), p.template(), p.page(), p.data());
            case SMS -> sms.send(p.address(), p.template(), p.data());
        };
        afterSend.accept(id);
        QuarkusTransaction.requiringNew().run(() -> record(id, p, outcome));
    }

    /** Chooses the channel, or records why there is none, or holds the row for the quiet hours. */
    private Optional<Plan> decide(long id) throws SQLException {
        Notification row = lock(id);
        if (row == null || row.state != State.PENDING || !instance.equals(row.leaseOwner)) {
            return Optional.empty();
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        row.leaseUntil = now.plus(config.lease());
        if (!row.urgent && quietHours.isPresent()) {
            var until = quietHours.get().heldUntil(now.atZoneSameInstant(zone), zone);
            if (until.isPresent()) {
                row.nextAttemptAt = until.get().toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC);
                row.reason = "held for the quiet hours until " + until.get().toLocalTime();
                release(row);
                return Optional.empty();
            }
        }
        if (!row.urgent && config.maxPerHour() > 0) {
            Optional<OffsetDateTime> free = whenUnderLimit(row.recipient, now);
            if (free.isPresent()) {
                row.heldByLimit = true;
                row.nextAttemptAt = free.get();
                row.reason = "held: " + config.maxPerHour() + " messages this hour already; the rest go together at "
                        + free.get().atZoneSameInstant(zone).toLocalTime().withNano(0);
                release(row);
                return Optional.empty();
            }
        }
        if (row.firstTriedAt == null) {
            row.firstTriedAt = now;
        }
        Household household = Household.findById(row.householdId);
        String account = household == null ? null : household.ownerAccount;

        // WeChat first: a consent was already taken for this row if a send with it was cut short (channel set).
        Optional<String> template = config.template().of(row.kind);
        String whyNotWeChat = whyNotWeChat(account, row.kind);
        if (whyNotWeChat == null) {
            Optional<String> openId = accounts.openIdOf(account);
            if (openId.isEmpty()) {
                whyNotWeChat = "not signed in with WeChat since messages began";
            } else if (row.channel == Channel.WECHAT || consents.take(account, template.get())) {
                row.channel = Channel.WECHAT;
                List<Long> merged = mergeHeld(row, now);
                return Optional.of(new Plan(Channel.WECHAT, openId.get(), template.get(), page(row),
                        weChatData(row, merged.size()), merged));
            } else {
                whyNotWeChat = "no consent left in WeChat for this message";
            }
        }
        Optional<String> smsTemplate = smsConfig.template().of(row.kind);
        String whyNotSms = whyNotSms(row.kind, household == null ? null : household.phone);
        if (row.kind.bySms && whyNotSms == null) {
            row.channel = Channel.SMS;
            List<Long> merged = mergeHeld(row, now);
            return Optional.of(new Plan(Channel.SMS, household.phone, smsTemplate.get(), null,
                    smsData(row, merged.size()), merged));
        }
        row.state = State.NOT_SENT;
        row.channel = null;
        row.reason = whyNotSms == null ? whyNotWeChat : whyNotWeChat + "; " + whyNotSms;
        release(row);
        return Optional.empty();
    }

    /**
     * Why no channel can carry a message of this kind to this account and phone, known without asking WeChat or the
     * SMS provider; empty when one may. Such a message is recorded as not sent at once ({@link Notifications}): the
     * sender's rounds, three transactions a message, were the largest cost of an order in order-service, and its
     * backlog slowed every claim.
     */
    Optional<String> nowhereToSend(String account, Kind kind, String phone) {
        String whyNotWeChat = whyNotWeChat(account, kind);
        if (whyNotWeChat == null) {
            return Optional.empty();
        }
        String whyNotSms = whyNotSms(kind, phone);
        if (kind.bySms && whyNotSms == null) {
            return Optional.empty();
        }
        return Optional.of(whyNotSms == null ? whyNotWeChat : whyNotWeChat + "; " + whyNotSms);
    }

    /** Null when WeChat may be tried (consent and the openid are checked when sending). */
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

    private void record(long id, Plan plan, Outcome outcome) {
        Notification row = lock(id);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        row.attempts++;
        boolean weChatConsentHeld = plan.channel() == Channel.WECHAT;
        switch (outcome.result()) {
            case SENT -> {
                row.state = State.SENT;
                row.sentAt = now;
                row.reason = null;
                for (Long other : plan.merged()) {
                    Notification merged = lock(other);
                    merged.state = State.SENT;
                    merged.channel = plan.channel();
                    merged.sentAt = now;
                    merged.reason = "sent together with other messages in one (hourly limit)";
                    release(merged);
                }
            }
            case REFUSED -> {
                plan.merged().forEach(other -> release(lock(other)));
                row.state = State.NOT_SENT;
                row.reason = outcome.reason();
                if (weChatConsentHeld) {
                    if (outcome.reason().startsWith("no consent")) {
                        consents.noneLeft(row.recipient, plan.template());
                    } else {
                        consents.giveBack(row.recipient, plan.template());
                    }
                }
            }
            case RETRY -> {
                plan.merged().forEach(other -> release(lock(other)));
                if (weChatConsentHeld) {
                    consents.giveBack(row.recipient, plan.template());
                }
                row.channel = null;
                if (now.isAfter(row.firstTriedAt.plus(config.giveUpAfter()))) {
                    row.state = State.NOT_SENT;
                    row.reason = "gave up after " + config.giveUpAfter().toString().substring(2).toLowerCase()
                            + ": " + outcome.reason();
                } else {
                    row.reason = "will try again: " + outcome.reason();
                    row.nextAttemptAt = now.plus(backoff(row.attempts));
                }
                LOG.infof("notification %d (%s) not sent yet, attempt %d: %s", row.id, row.kind, row.attempts,
                        outcome.reason());
            }
        }
        release(row);
    }

    /**
     * When the recipient may be sent another message, if they have had {@link NotifyConfig#maxPerHour()} in the
     * window. A message that carried held ones counts once: those it carried are the sent rows with a reason.
     */
    private Optional<OffsetDateTime> whenUnderLimit(String recipient, OffsetDateTime now) {
        List<OffsetDateTime> sent = em.createQuery("select n.sentAt from Notification n"
                        + " where n.recipient = ?1 and n.state = ?2 and n.sentAt > ?3 and n.reason is null"
                        + " order by n.sentAt",
                        OffsetDateTime.class)
                .setParameter(1, recipient)
                .setParameter(2, State.SENT)
                .setParameter(3, now.minus(config.rateWindow()))
                .getResultList();
        if (sent.size() < config.maxPerHour()) {
            return Optional.empty();
        }
        // Once enough of them have left the window, one more may go.
        return Optional.of(sent.get(sent.size() - config.maxPerHour()).plus(config.rateWindow())
                .withOffsetSameInstant(ZoneOffset.UTC));
    }

    /**
     * The recipient's other messages held by the limit, to go in this one's send: locked and leased to this instance
     * until the outcome is recorded. A row another instance holds stays for its own send.
     */
    private List<Long> mergeHeld(Notification row, OffsetDateTime now) {
        @SuppressWarnings("unchecked")
        List<Number> ids = em.createNativeQuery("select id from notification where recipient = ?1 and id <> ?2"
                        + " and state = 'PENDING' and held_by_limit and (lease_until is null or lease_until < ?3"
                        + " or lease_owner = ?4) order by id for update skip locked")
                .setParameter(1, row.recipient)
                .setParameter(2, row.id)
                .setParameter(3, now.toLocalDateTime())
                .setParameter(4, instance)
                .getResultList();
        List<Long> merged = ids.stream().map(Number::longValue).toList();
        if (!merged.isEmpty()) {
            em.createNativeQuery("update notification set lease_owner = ?1, lease_until = ?2 where id in (?3)")
                    .setParameter(1, instance)
                    .setParameter(2, now.plus(config.lease()).toLocalDateTime())
                    .setParameter(3, merged)
                    .executeUpdate();
        }
        return merged;
    }

    /** The row, locked (native SQL: Hibernate's "for update of <alias>" is MySQL 8 only). */
    private Notification lock(long id) {
        @SuppressWarnings("unchecked")
        List<Notification> rows = em.createNativeQuery("select * from notification where id = ?1 for update",
                Notification.class).setParameter(1, id).getResultList();
        return rows.isEmpty() ? null : rows.get(0);
    }

    private Duration backoff(int attempts) {
        Duration pause = config.backoff().multipliedBy(1L << Math.min(attempts - 1, 20));
        return pause.compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : pause;
    }

    private static void release(Notification row) {
        row.leaseOwner = null;
        row.leaseUntil = null;
    }

    private String page(Notification row) {
        return config.page() + (row.orderId != null ? "?orderId=" + row.orderId : "?buildingId=" + row.buildingId);
    }

    /** The subscribe template's fields (docs/api.md): what, what next, which order or building, when. */
    private Map<String, String> weChatData(Notification row, int more) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("thing1", row.kind.what);
        data.put("thing2", more > 0 ? andMore(more) : fit(row.detail != null ? row.detail : row.kind.next, 20));
        data.put("character_string3", row.orderId != null ? String.valueOf(row.orderId)
                : String.valueOf(row.buildingId));
        data.put("time4", row.createdAt.atZoneSameInstant(zone).format(WECHAT_TIME));
        return data;
    }

    private Map<String, String> smsData(Notification row, int more) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("what", row.kind.what);
        data.put("next", more > 0 ? andMore(more) : fit(row.detail != null ? row.detail : row.kind.next, 35));
        data.put("order", row.orderId != null ? String.valueOf(row.orderId) : "");
        return data;
    }

    /** "N more messages, see the mini-program": what a message that carries held ones says beside its own news. */
    private static String andMore(int more) {
        return "另有" + more + "条消息请在小程序查看";
    }

    private static String fit(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
