package org.doorstep.order.notify;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.Transactional;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.doorstep.common.contracts.StatusNotes;
import org.doorstep.order.household.Household;
import org.doorstep.common.jdbc.MultiRowInsert;
import org.doorstep.order.order.OrderMoved;
import org.doorstep.order.order.OrdersMoved;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Records what a resident is to be told, in the transaction of the change itself and before anything is sent
 * ({@link NotificationSender} sends). One row per (recipient, order or building, step): recording the same step again
 * (an event delivered twice, an order assigned a second time) adds nothing.
 */
@ApplicationScoped
public class Notifications {

    @Inject
    EntityManager em;

    @Inject
    TransactionSynchronizationRegistry transactions;

    @Inject
    NotificationSender sender;

    @Inject
    DataSource dataSource;

    /** Orders reached a status; tells each household of the statuses residents are told of, in one statement. */
    @Transactional(Transactional.TxType.MANDATORY)
    void ordersMoved(@Observes OrdersMoved moved) {
        List<OrderMoved> told = moved.moves().stream()
                .filter(move -> Kind.ofOrder(move.status()).isPresent()).toList();
        if (told.isEmpty()) {
            return;
        }
        Map<Long, Object[]> households = new HashMap<>();
        for (Object[] row : rows(em.createNativeQuery("select id, owner_account, phone from household where id in"
                + " (?1)").setParameter(1, told.stream().map(OrderMoved::householdId).distinct().toList()))) {
            households.put(((Number) row[0]).longValue(), row);
        }
        List<Message> messages = new ArrayList<>(told.size());
        for (OrderMoved move : told) {
            Object[] household = households.get(move.householdId());
            if (household == null) {
                continue; // no such household: nobody to tell
            }
            Kind kind = Kind.ofOrder(move.status()).orElseThrow();
            messages.add(new Message(move.householdId(), (String) household[1], (String) household[2],
                    "order:" + move.orderId(), kind, move.orderId(), null, move.urgent() || kind == Kind.FAILED,
                    kind == Kind.FAILED ? StatusNotes.fit(move.reason()) : null));
        }
        insert(messages);
    }

    /** The building's status changed (since then); tells every household in it that is not erased. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void buildingChanged(long buildingId, Kind kind, OffsetDateTime since) {
        String subject = "building:" + buildingId + "@" + since.withOffsetSameInstant(ZoneOffset.UTC).toInstant();
        // An erased household (order-service/.../erasure) has nobody to be told any more.
        insert(Household.<Household>list("buildingId = ?1 and erasedAt is null", buildingId).stream()
                .map(household -> new Message(household.id, household.ownerAccount, household.phone, subject, kind,
                        null, buildingId, false, null)).toList());
    }

    /** Whom a household's messages are for: its resident account, or the household itself when nobody signs in. */
    static String recipientOf(Household household) {
        return recipientOf(household.id, household.ownerAccount);
    }

    private static String recipientOf(long householdId, String ownerAccount) {
        return ownerAccount != null ? ownerAccount : "household:" + householdId;
    }

    /** A message to record; the household's {@code account} and {@code phone} tell whether a channel could carry it. */
    private record Message(long householdId, String account, String phone, String subject, Kind kind, Long orderId,
                           Long buildingId, boolean urgent, String detail) {
    }

    /**
     * Records the messages in one statement: PENDING for the sender, or NOT_SENT with the reason at once when no
     * channel could carry one (most households on most steps: no WeChat, and an SMS only for delivered, failed and
     * building news).
     */
    private void insert(List<Message> messages) {
        if (messages.isEmpty()) {
            return;
        }
        LocalDateTime now = OffsetDateTime.now(ZoneOffset.UTC).toLocalDateTime();
        List<Object[]> rows = new ArrayList<>(messages.size());
        boolean toSend = false;
        for (Message message : messages) {
            Optional<String> nowhere = sender.nowhereToSend(message.account(), message.kind(), message.phone());
            toSend |= nowhere.isEmpty();
            rows.add(new Object[] {recipientOf(message.householdId(), message.account()), message.householdId(),
                    message.subject(), message.kind().name(), message.orderId(), message.buildingId(),
                    message.urgent(), message.detail(), now, now, nowhere.isEmpty() ? "PENDING" : "NOT_SENT",
                    nowhere.orElse(null)});
        }
        em.flush();
        try (Connection connection = dataSource.getConnection()) {
            // "on duplicate key": a repeat is a no-op, not an error that would roll back the consumer's whole batch.
            MultiRowInsert.insert(connection, "insert into notification (recipient, household_id, subject, kind,"
                    + " order_id, building_id, urgent, detail, created_at, next_attempt_at, state, reason)", 12, rows,
                    "on duplicate key update id = id");
        } catch (SQLException e) {
            throw new PersistenceException(e);
        }
        if (toSend) {
            wakeSenderAfterCommit();
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Object[]> rows(jakarta.persistence.Query query) {
        return query.getResultList();
    }

    private void wakeSenderAfterCommit() {
        if (transactions.getResource(Notifications.class) != null) {
            return;
        }
        transactions.putResource(Notifications.class, Boolean.TRUE);
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    sender.wake();
                }
            }
        });
    }
}
