package org.doorstep.common.notify;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.Transactional;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.doorstep.common.BackgroundLoop;
import org.doorstep.common.Failures;
import org.doorstep.common.jdbc.MultiRowInsert;
import org.doorstep.common.notify.Notice.Channel;
import org.doorstep.common.notify.Notice.State;
import org.doorstep.common.retention.RetentionConfig;
import org.doorstep.common.retention.RetentionRule;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A service's messages to its people (issue 15), kept in its table {@code notification} (db/notify/V0_10): recorded
 * once per (person, subject, step) in the transaction of the change, before any send, and sent by this loop. Each round
 * claims a batch of due rows (locked with SKIP LOCKED, then leased to this instance, so that a second instance takes
 * other rows, and a killed instance's rows come back when its lease ends), and for each: holds it for the quiet hours or
 * the hourly limit, asks the service how it goes ({@link #route}), sends, and records the outcome in a transaction of
 * its own. The outcome is recorded only after the send, and WeChat's send has no idempotency key: an instance killed
 * between the two repeats that one message, never more. A 5xx, a timeout, errcode -1 or 45009 is retried with back-off
 * until {@link NotifySettings#giveUpAfter()}.
 *
 * <p>Each service extends it with who its people are and how they are reached, and starts it at start-up (a service
 * without such a bean has no table and sends nothing).
 */
public abstract class NoticeSender {

    private static final Logger LOG = Logger.getLogger(NoticeSender.class);
    private static final DateTimeFormatter WECHAT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final String COLUMNS = "id, recipient, subject, kind, urgent, detail, created_at, state, channel,"
            + " reason, attempts, first_tried_at, held_by_limit, lease_owner";

    @Inject
    protected NotifySettings settings;

    @Inject
    protected WeChatMessages weChat;

    @Inject
    protected EntityManager em;

    @Inject
    protected TransactionSynchronizationRegistry transactions;

    @Inject
    protected Consents consents;

    @Inject
    DataSource dataSource;

    @ConfigProperty(name = "doorstep.timezone", defaultValue = "Asia/Shanghai")
    protected ZoneId zone;

    private final String instance = UUID.randomUUID().toString();
    private Optional<QuietHours> quietHours;
    private BackgroundLoop loop;

    private volatile Consumer<Long> afterSend = id -> {
    };

    /**
     * How the message goes, or why it does not; called in the row's locked transaction. {@code notice.channel()} is
     * set if an earlier send by it was cut short (its consent was taken then).
     */
    protected abstract Route route(Notice notice) throws Exception;

    /** An SQL expression over the table's columns: rows with a lower value are sent first. */
    protected String priority() {
        return "case when urgent then 0 else 1 end";
    }

    /** Sends by a channel other than WeChat (order-service: SMS). */
    protected Outcome sendOther(Route route, Map<String, String> data) {
        return Outcome.refused("no " + route.channel() + " here");
    }

    /**
     * Whether a WeChat message of the template may go to the recipient: one consent is taken for it, unless one was
     * taken for this row already by a send that was cut short (its channel is set). Given back if it does not reach
     * WeChat.
     */
    protected boolean consented(Notice notice, String template) {
        return notice.channel() == Channel.WECHAT || consents.take(notice.recipient(), template);
    }

    protected void start(String name) {
        quietHours = QuietHours.parse(settings.quietHours());
        loop = new BackgroundLoop(name, settings.pollInterval(), this::sendDue);
        loop.start();
    }

    protected void stop() throws InterruptedException {
        if (loop != null) {
            loop.stop();
        }
    }

    /**
     * Tests only: {@code hook} is called with the row's id after a send reached the provider and before its outcome
     * is recorded (throwing from it is a crash at the worst moment).
     */
    public void afterSend(Consumer<Long> hook) {
        afterSend = hook;
    }

    /** Called after a transaction that recorded messages commits. */
    public void wake() {
        if (loop != null) {
            loop.wake();
        }
    }

    /**
     * A message to record. {@code columns}: the service's own columns of the row (the same names for every draft of
     * one {@link #recordAll}); {@code nowhere}: why no channel could carry it, when that is known already (recorded as
     * not sent at once, never claimed), else null.
     */
    public record Draft(String recipient, String subject, String kind, boolean urgent, String detail,
                        Map<String, Object> columns, String nowhere) {
    }

    /** Records one message in the caller's transaction (see {@link #recordAll}). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(String recipient, String subject, String kind, boolean urgent, String detail,
                       Map<String, Object> columns) {
        recordAll(List.of(new Draft(recipient, subject, kind, urgent, detail, columns, null)));
    }

    /**
     * Records the messages in the caller's transaction, in one statement: a consumer's poll of a hundred orders is one
     * round trip, not a hundred. Recording the same (person, subject, step) again adds nothing.
     *
     * @return the drafts with {@code nowhere} that this call recorded as not sent: a message nobody will receive, told
     * once (one recorded before, or twice in the call, is not among them), in this transaction, so that the service can
     * have someone else tell the person (order-service: the household's grid worker)
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Draft> recordAll(List<Draft> drafts) {
        if (drafts.isEmpty()) {
            return List.of();
        }
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        List<String> names = null;
        List<Object[]> rows = new ArrayList<>(drafts.size());
        boolean toSend = false;
        boolean nowhere = false;
        for (Draft draft : drafts) {
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("recipient", draft.recipient());
            values.put("subject", draft.subject());
            values.put("kind", draft.kind());
            values.put("urgent", draft.urgent());
            values.put("detail", draft.detail());
            values.put("created_at", now);
            values.put("state", (draft.nowhere() == null ? State.PENDING : State.NOT_SENT).name());
            values.put("reason", draft.nowhere());
            values.put("attempts", 0);
            values.put("next_attempt_at", now);
            values.putAll(draft.columns());
            if (names == null) {
                names = List.copyOf(values.keySet());
            } else if (!names.equals(List.copyOf(values.keySet()))) {
                throw new IllegalArgumentException("drafts of one call name the same columns: " + names);
            }
            rows.add(values.values().toArray());
            toSend |= draft.nowhere() == null;
            nowhere |= draft.nowhere() != null;
        }
        em.flush();
        List<Draft> notSent = List.of();
        try (Connection connection = dataSource.getConnection()) {
            if (nowhere) {
                // Which of them are new, asked before the insert (one statement; MySQL 8 has no "insert … returning").
                // Two transactions recording the same step at once could both count it new: the grid worker's copy is
                // kept once per step, so that costs nothing.
                Set<String> before = recorded(connection, drafts.stream().filter(d -> d.nowhere() != null).toList());
                Set<String> seen = new HashSet<>();
                notSent = drafts.stream()
                        .filter(draft -> seen.add(step(draft.recipient(), draft.subject(), draft.kind()))
                                && draft.nowhere() != null
                                && !before.contains(step(draft.recipient(), draft.subject(), draft.kind())))
                        .toList();
            }
            // "on duplicate key": a repeat is a no-op, not an error that would roll back the consumer's whole batch.
            MultiRowInsert.insert(connection, "insert into notification (" + String.join(", ", names) + ")",
                    names.size(), rows, "on duplicate key update id = id");
        } catch (SQLException e) {
            throw new PersistenceException(e);
        }
        if (toSend) {
            wakeAfterCommit();
        }
        return notSent;
    }

    /** Of the drafts' steps, those recorded already, in one query. */
    private static Set<String> recorded(Connection connection, List<Draft> drafts) throws SQLException {
        Set<String> found = new HashSet<>();
        for (int from = 0; from < drafts.size(); from += MultiRowInsert.ROWS_PER_STATEMENT) {
            List<Draft> chunk = drafts.subList(from, Math.min(drafts.size(), from + MultiRowInsert.ROWS_PER_STATEMENT));
            String sql = "select recipient, subject, kind from notification where (recipient, subject, kind) in ("
                    + String.join(", ", java.util.Collections.nCopies(chunk.size(), "(?, ?, ?)")) + ")";
            try (var select = connection.prepareStatement(sql)) {
                int p = 1;
                for (Draft draft : chunk) {
                    select.setString(p++, draft.recipient());
                    select.setString(p++, draft.subject());
                    select.setString(p++, draft.kind());
                }
                try (var rows = select.executeQuery()) {
                    while (rows.next()) {
                        found.add(step(rows.getString(1), rows.getString(2), rows.getString(3)));
                    }
                }
            }
        }
        return found;
    }

    /** A row's unique (recipient, subject, kind), as one value. */
    private static String step(String recipient, String subject, String kind) {
        return recipient + '\n' + subject + '\n' + kind;
    }

    /**
     * Called in the transaction that records a message as given up on: WeChat or the SMS provider kept failing for
     * {@link NotifySettings#giveUpAfter()} ({@code notice.reason()} says so). Once per message: the row is locked and
     * is no longer pending after it. Order-service has the household's grid worker tell the resident.
     */
    protected void gaveUp(Notice notice) {
    }

    /** The person's messages, newest first. */
    public List<Notice> list(String recipient, int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select " + COLUMNS + " from notification where recipient = ?1"
                        + " order by created_at desc, id desc limit ?2")
                .setParameter(1, recipient).setParameter(2, limit).getResultList();
        return rows.stream().map(r -> new Row(r).notice()).toList();
    }

    /** A person's messages end after a month; one still waiting to be sent stays until it is settled. */
    public static RetentionRule retention(RetentionConfig config) {
        return new RetentionRule("notifications",
                "delete from notification where state <> 'PENDING' and created_at < ? limit ?",
                config.notifications());
    }

    /** The template fields of the shared subscribe-message layout: what, what next, which one, when. */
    public Map<String, String> weChatFields(Notice notice, String what, String next, String number, int more) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("thing1", what);
        data.put("thing2", more > 0 ? Route.andMore(more) : Route.fit(next, 20));
        data.put("character_string3", number);
        data.put("time4", notice.createdAt().atZoneSameInstant(zone).format(WECHAT_TIME));
        return data;
    }

    private void wakeAfterCommit() {
        if (transactions.getResource(this) != null) {
            return;
        }
        transactions.putResource(this, Boolean.TRUE);
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    wake();
                }
            }
        });
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
        } while (batch.size() == settings.batchSize() && loop.running());
    }

    /** Due rows nobody else holds, most important first, leased to this instance. */
    List<Long> claim() {
        return QuarkusTransaction.requiringNew().call(() -> {
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            // A row this instance still holds is its own from a round that failed half-way: it is taken again.
            @SuppressWarnings("unchecked")
            List<Number> ids = em.createNativeQuery("select id from notification where state = 'PENDING'"
                            + " and next_attempt_at <= ?1 and (lease_until is null or lease_until < ?1"
                            + " or lease_owner = ?2) order by " + priority() + ", id limit ?3 for update skip locked")
                    .setParameter(1, now.toLocalDateTime())
                    .setParameter(2, instance)
                    .setParameter(3, settings.batchSize())
                    .getResultList();
            List<Long> claimed = ids.stream().map(Number::longValue).toList();
            lease(claimed, now);
            return claimed;
        });
    }

    private void lease(List<Long> ids, OffsetDateTime now) {
        if (!ids.isEmpty()) {
            em.createNativeQuery("update notification set lease_owner = ?1, lease_until = ?2 where id in (?3)")
                    .setParameter(1, instance)
                    .setParameter(2, now.plus(settings.lease()).toLocalDateTime())
                    .setParameter(3, ids)
                    .executeUpdate();
        }
    }

    /** What to send where, with the rows held by the limit that go with it. */
    private record Plan(Route route, Map<String, String> data, List<Long> merged) {
    }

    private void sendOne(long id) {
        Optional<Plan> plan = QuarkusTransaction.requiringNew().call(() -> decide(id));
        if (plan.isEmpty()) {
            return;
        }
        Plan p = plan.get();
        Outcome outcome = p.route().channel() == Channel.WECHAT
                ? weChat.send(p.route().address(), p.route().template(), p.route().page(), p.data())
                : sendOther(p.route(), p.data());
        afterSend.accept(id);
        recordUntilItHolds(id, p, outcome);
    }

    /**
     * Records what became of a send, trying again while the database is away: the message has gone, and were its
     * record left to the lease's end it would go a second time. Only a stop (or a kill) leaves it unrecorded.
     */
    private void recordUntilItHolds(long id, Plan plan, Outcome outcome) {
        long pauseMillis = 250;
        while (true) {
            try {
                QuarkusTransaction.requiringNew().run(() -> record(id, plan, outcome));
                return;
            } catch (RuntimeException e) {
                if (!loop.running()) {
                    throw e;
                }
                LOG.warnf("notification %d: recording its send failed (%s); trying again in %d ms", id,
                        Failures.describe(e), pauseMillis);
                try {
                    Thread.sleep(pauseMillis);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                pauseMillis = Math.min(pauseMillis * 2, 5000);
            }
        }
    }

    /** Holds the row for the quiet hours or the limit, or asks the service how it goes and records why not. */
    private Optional<Plan> decide(long id) throws Exception {
        Row row = lock(id);
        if (row == null || row.state != State.PENDING || !instance.equals(row.leaseOwner)) {
            return Optional.empty();
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        row.leaseUntil = now.plus(settings.lease());
        if (!row.urgent && quietHours.isPresent()) {
            var until = quietHours.get().heldUntil(now.atZoneSameInstant(zone), zone);
            if (until.isPresent()) {
                row.nextAttemptAt = until.get().toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC);
                row.reason = "held for the quiet hours until " + until.get().toLocalTime();
                release(row);
                return Optional.empty();
            }
        }
        if (!row.urgent && settings.maxPerHour() > 0) {
            Optional<OffsetDateTime> free = whenUnderLimit(row.recipient, now);
            if (free.isPresent()) {
                row.heldByLimit = true;
                row.nextAttemptAt = free.get();
                row.reason = "held: " + settings.maxPerHour() + " messages this hour already; the rest go together"
                        + " at " + free.get().atZoneSameInstant(zone).toLocalTime().withNano(0);
                release(row);
                return Optional.empty();
            }
        }
        if (row.firstTriedAt == null) {
            row.firstTriedAt = now;
        }
        Route route = route(row.notice());
        if (!route.goes()) {
            row.state = State.NOT_SENT;
            row.channel = null;
            row.reason = route.whyNot();
            release(row);
            return Optional.empty();
        }
        row.channel = route.channel();
        save(row);
        List<Long> merged = mergeHeld(row, now);
        return Optional.of(new Plan(route, route.data().apply(merged.size()), merged));
    }

    private void record(long id, Plan plan, Outcome outcome) {
        Row row = lock(id);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        row.attempts++;
        switch (outcome.result()) {
            case SENT -> {
                row.state = State.SENT;
                row.sentAt = now;
                row.reason = null;
                for (Long other : plan.merged()) {
                    Row merged = lock(other);
                    merged.state = State.SENT;
                    merged.channel = plan.route().channel();
                    merged.sentAt = now;
                    merged.reason = "sent together with other messages in one (hourly limit)";
                    release(merged);
                }
            }
            case REFUSED -> {
                plan.merged().forEach(other -> release(lock(other)));
                row.state = State.NOT_SENT;
                row.reason = outcome.reason();
            }
            case RETRY -> {
                plan.merged().forEach(other -> release(lock(other)));
                row.channel = null;
                if (now.isAfter(row.firstTriedAt.plus(settings.giveUpAfter()))) {
                    row.state = State.NOT_SENT;
                    row.reason = "gave up after " + settings.giveUpAfter().toString().substring(2).toLowerCase()
                            + ": " + outcome.reason();
                    gaveUp(row.notice());
                } else {
                    row.reason = "will try again: " + outcome.reason();
                    row.nextAttemptAt = now.plus(backoff(row.attempts));
                }
                LOG.infof("notification %d (%s) not sent yet, attempt %d: %s", row.id, row.kind, row.attempts,
                        outcome.reason());
            }
        }
        release(row);
        if (plan.route().channel() == Channel.WECHAT && outcome.result() != Outcome.Result.SENT) {
            // The consent taken for it: WeChat never got the message, or says the person allows none.
            if (outcome.noConsent()) {
                consents.noneLeft(row.recipient, plan.route().template());
            } else {
                consents.giveBack(row.recipient, plan.route().template());
            }
        }
    }

    /**
     * When the recipient may be sent another message, if they have had {@link NotifySettings#maxPerHour()} in the
     * window. A message that carried held ones counts once: those it carried are the sent rows with a reason.
     */
    private Optional<OffsetDateTime> whenUnderLimit(String recipient, OffsetDateTime now) {
        @SuppressWarnings("unchecked")
        List<Object> sent = em.createNativeQuery("select sent_at from notification where recipient = ?1"
                        + " and state = 'SENT' and sent_at > ?2 and reason is null order by sent_at")
                .setParameter(1, recipient)
                .setParameter(2, now.minus(settings.rateWindow()).toLocalDateTime())
                .getResultList();
        if (sent.size() < settings.maxPerHour()) {
            return Optional.empty();
        }
        // Once enough of them have left the window, one more may go.
        return Optional.of(utc(sent.get(sent.size() - settings.maxPerHour())).plus(settings.rateWindow()));
    }

    /**
     * The recipient's other messages held by the limit, to go in this one's send: locked and leased to this instance
     * until the outcome is recorded. A row another instance holds stays for its own send.
     */
    private List<Long> mergeHeld(Row row, OffsetDateTime now) {
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
        lease(merged, now);
        return merged;
    }

    private Duration backoff(int attempts) {
        Duration pause = settings.backoff().multipliedBy(1L << Math.min(attempts - 1, 20));
        return pause.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : pause;
    }

    /** The row, locked (native SQL: Hibernate's "for update of <alias>" is MySQL 8 only). */
    private Row lock(long id) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select " + COLUMNS + ", next_attempt_at, lease_until, sent_at"
                + " from notification where id = ?1 for update").setParameter(1, id).getResultList();
        return rows.isEmpty() ? null : new Row(rows.get(0));
    }

    /** Ends this instance's claim on the row and writes it. */
    private void release(Row row) {
        row.leaseOwner = null;
        row.leaseUntil = null;
        save(row);
    }

    private void save(Row row) {
        em.createNativeQuery("update notification set state = ?1, channel = ?2, reason = ?3, attempts = ?4,"
                        + " first_tried_at = ?5, held_by_limit = ?6, lease_owner = ?7, lease_until = ?8,"
                        + " next_attempt_at = ?9, sent_at = ?10 where id = ?11")
                .setParameter(1, row.state.name())
                .setParameter(2, row.channel == null ? null : row.channel.name())
                .setParameter(3, row.reason)
                .setParameter(4, row.attempts)
                .setParameter(5, MultiRowInsert.utc(row.firstTriedAt))
                .setParameter(6, row.heldByLimit)
                .setParameter(7, row.leaseOwner)
                .setParameter(8, MultiRowInsert.utc(row.leaseUntil))
                .setParameter(9, MultiRowInsert.utc(row.nextAttemptAt))
                .setParameter(10, MultiRowInsert.utc(row.sentAt))
                .setParameter(11, row.id)
                .executeUpdate();
    }

    /** A datetime column as the driver gives it (the columns hold UTC). */
    public static OffsetDateTime utc(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof LocalDateTime local) {
            return local.atOffset(ZoneOffset.UTC);
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant().atOffset(ZoneOffset.UTC);
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.withOffsetSameInstant(ZoneOffset.UTC);
        }
        throw new IllegalStateException("unexpected date-time " + value.getClass());
    }

    /** A row's columns while it is decided or recorded. */
    private static final class Row {
        final long id;
        final String recipient;
        final String subject;
        final String kind;
        final boolean urgent;
        final String detail;
        final OffsetDateTime createdAt;
        State state;
        Channel channel;
        String reason;
        int attempts;
        OffsetDateTime firstTriedAt;
        boolean heldByLimit;
        String leaseOwner;
        OffsetDateTime nextAttemptAt;
        OffsetDateTime leaseUntil;
        OffsetDateTime sentAt;

        Row(Object[] c) {
            id = ((Number) c[0]).longValue();
            recipient = (String) c[1];
            subject = (String) c[2];
            kind = (String) c[3];
            urgent = bool(c[4]);
            detail = (String) c[5];
            createdAt = utc(c[6]);
            state = State.valueOf((String) c[7]);
            channel = c[8] == null ? null : Channel.valueOf((String) c[8]);
            reason = (String) c[9];
            attempts = ((Number) c[10]).intValue();
            firstTriedAt = utc(c[11]);
            heldByLimit = bool(c[12]);
            leaseOwner = (String) c[13];
            if (c.length > 14) {
                nextAttemptAt = utc(c[14]);
                leaseUntil = utc(c[15]);
                sentAt = utc(c[16]);
            }
        }

        Notice notice() {
            return new Notice(id, recipient, subject, kind, urgent, detail, createdAt, state, channel, reason);
        }

        private static boolean bool(Object value) {
            return value instanceof Boolean b ? b : ((Number) value).intValue() != 0;
        }
    }
}
