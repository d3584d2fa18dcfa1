package org.doorstep.order.notify;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.doorstep.common.contracts.ResidentNotReached;
import org.doorstep.common.events.EventKeys;
import org.doorstep.common.events.Topic;
import org.doorstep.common.notify.Notice;
import org.doorstep.common.outbox.Outbox;
import org.jboss.logging.Logger;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Residents the system could not reach become their grid worker's alert (issue 15): a {@link ResidentNotReached} on
 * doorstep.orders, published in the transaction that records the message as not sent, which dispatch turns into the
 * alert. The outbox writes a transaction's events in one statement, so a consumer's batch of a hundred orders still
 * costs one more round trip at most. The event names the household, its room and contact, never its phone or openid.
 */
@ApplicationScoped
public class NotReachedAlerts {

    private static final Logger LOG = Logger.getLogger(NotReachedAlerts.class);

    /** The household columns {@link Resident#of} reads, from household {@code h} and known_building {@code k}. */
    static final String RESIDENT_COLUMNS = "h.id, h.building_id, k.compound_id, h.room, h.contact_name, h.erased_at";

    @Inject
    Outbox outbox;

    @Inject
    EntityManager em;

    /** Why nobody was reached: the event's {@code why}. */
    enum Why {
        /** No channel can carry the message: neither WeChat nor a phone. */
        NO_CHANNEL,
        /** WeChat or the SMS provider kept failing for {@code DOORSTEP_NOTIFY_GIVE_UP_AFTER}. */
        GIVEN_UP
    }

    /** A household as its grid worker's alert names it; {@code compoundId} decides the event's key. */
    record Resident(long householdId, long buildingId, Long compoundId, String room, String contactName,
                    boolean erased) {

        /** From {@link #RESIDENT_COLUMNS}, at {@code from} in the row. */
        static Resident of(Object[] row, int from) {
            return new Resident(((Number) row[from]).longValue(), ((Number) row[from + 1]).longValue(),
                    row[from + 2] == null ? null : ((Number) row[from + 2]).longValue(), (String) row[from + 3],
                    (String) row[from + 4], row[from + 5] != null);
        }
    }

    /**
     * A message no channel can carry was recorded as not sent ({@link NotificationSender#nowhereToSend}, {@code reason}
     * the words the resident's list shows). An alert when the household has no phone (the "households without
     * a phone: their grid worker's alert list"; one with a phone was refused an SMS by this deployment's settings, not
     * for want of a number), and only for the news that matters to someone who cannot be told otherwise, the kinds an
     * SMS would carry ({@link Kind#bySms}): that an order was delivered or failed, the building's status.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void noChannel(Resident resident, String phone, Long orderId, Kind kind, String reason) {
        if (kind.bySms && (phone == null || phone.isBlank())) {
            publish(resident, orderId, kind.name(), Why.NO_CHANNEL, reason);
        }
    }

    /** WeChat or the SMS provider kept failing and the sender gave up on the message ({@code notice.reason()}). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void givenUp(Notice notice) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select n.order_id, " + RESIDENT_COLUMNS + " from notification n"
                        + " join household h on h.id = n.household_id"
                        + " left join known_building k on k.building_id = h.building_id where n.id = ?1")
                .setParameter(1, notice.id()).getResultList();
        if (!rows.isEmpty()) {
            Object[] row = rows.get(0);
            publish(Resident.of(row, 1), row[0] == null ? null : ((Number) row[0]).longValue(), notice.kind(),
                    Why.GIVEN_UP, notice.reason());
        }
    }

    private void publish(Resident resident, Long orderId, String kind, Why why, String reason) {
        if (resident.erased()) {
            return; // its details are gone with its lockdown: nobody left to tell, nowhere to go
        }
        if (resident.compoundId() == null) {
            // Never for a registered household (its building was known); not worth failing the batch or the record.
            LOG.warnf("household %d not reached (%s), but its building %d is not known here: no alert",
                    resident.householdId(), kind, resident.buildingId());
            return;
        }
        outbox.publish(Topic.ORDERS, EventKeys.of(resident.compoundId(), resident.buildingId()),
                ResidentNotReached.TYPE, "Household", resident.householdId(),
                new ResidentNotReached(resident.householdId(), resident.buildingId(), orderId, kind, why.name(),
                        reason, resident.room(), resident.contactName(), OffsetDateTime.now(ZoneOffset.UTC)));
    }
}
