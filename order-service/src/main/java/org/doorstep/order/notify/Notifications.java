package org.doorstep.order.notify;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.Transactional;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.doorstep.common.contracts.StatusNotes;
import org.doorstep.order.household.Household;
import org.doorstep.order.order.Order;
import org.doorstep.order.order.OrderMoved;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

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

    /** An order reached a status; tells its household if it is a status residents are told of. */
    @Transactional(Transactional.TxType.MANDATORY)
    void orderMoved(@Observes OrderMoved move) {
        Order order = move.order();
        Kind.ofOrder(move.status()).ifPresent(kind -> {
            Household household = Household.findById(order.householdId);
            boolean urgent = order.urgent || kind == Kind.FAILED;
            record(household, "order:" + order.id, kind, order.id, null, urgent,
                    kind == Kind.FAILED ? StatusNotes.fit(move.reason()) : null);
        });
    }

    /** The building's status changed (since then); tells every household in it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void buildingChanged(long buildingId, Kind kind, OffsetDateTime since) {
        String subject = "building:" + buildingId + "@" + since.withOffsetSameInstant(ZoneOffset.UTC).toInstant();
        for (Household household : Household.<Household>list("buildingId", buildingId)) {
            record(household, subject, kind, null, buildingId, false, null);
        }
    }

    /** Whom a household's messages are for: its resident account, or the household itself when nobody signs in. */
    static String recipientOf(Household household) {
        return household.ownerAccount != null ? household.ownerAccount : "household:" + household.id;
    }

    private void record(Household household, String subject, Kind kind, Long orderId, Long buildingId, boolean urgent,
                        String detail) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        // "on duplicate key": a repeat is a no-op, not an error that would roll back the consumer's whole batch.
        em.createNativeQuery("""
                        insert into notification (recipient, household_id, subject, kind, order_id, building_id, urgent,
                            detail, created_at, state, attempts, next_attempt_at)
                        values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'PENDING', 0, ?9)
                        on duplicate key update id = id""")
                .setParameter(1, recipientOf(household))
                .setParameter(2, household.id)
                .setParameter(3, subject)
                .setParameter(4, kind.name())
                .setParameter(5, orderId)
                .setParameter(6, buildingId)
                .setParameter(7, urgent)
                .setParameter(8, detail)
                .setParameter(9, now.toLocalDateTime())
                .executeUpdate();
        wakeSenderAfterCommit();
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
