package org.doorstep.order.notify;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.doorstep.common.contracts.StatusNotes;
import org.doorstep.common.notify.NoticeSender;
import org.doorstep.order.household.Household;
import org.doorstep.order.order.OrderMoved;
import org.doorstep.order.order.OrdersMoved;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records what a resident is to be told, in the transaction of the change itself and before anything is sent
 * ({@link NotificationSender} sends). One row per (recipient, order or building, step): recording the same step again
 * (an event delivered twice, an order assigned a second time) adds nothing. A message that no channel could carry is
 * recorded as not sent at once, with the reason the resident's list shows, and, if it is news they need, becomes their
 * grid worker's alert ({@link NotReachedAlerts}).
 */
@ApplicationScoped
public class Notifications {

    @Inject
    NotificationSender sender;

    @Inject
    NotReachedAlerts alerts;

    @Inject
    EntityManager em;

    /** Orders reached a status; tells each household of the statuses residents are told of, in one statement. */
    @Transactional(Transactional.TxType.MANDATORY)
    void ordersMoved(@Observes OrdersMoved moved) {
        List<OrderMoved> told = moved.moves().stream()
                .filter(move -> Kind.ofOrder(move.status()).isPresent()).toList();
        if (told.isEmpty()) {
            return;
        }
        Map<Long, Object[]> households = new HashMap<>();
        // With what a grid worker's alert names, should no channel carry a message (a join, not a round trip more).
        for (Object[] row : rows(em.createNativeQuery("select h.owner_account, h.phone, "
                + NotReachedAlerts.RESIDENT_COLUMNS + " from household h"
                + " left join known_building k on k.building_id = h.building_id where h.id in (?1)")
                .setParameter(1, told.stream().map(OrderMoved::householdId).distinct().toList()))) {
            households.put(((Number) row[2]).longValue(), row);
        }
        List<NoticeSender.Draft> drafts = new ArrayList<>(told.size());
        for (OrderMoved move : told) {
            Object[] household = households.get(move.householdId());
            if (household == null) {
                continue; // no such household: nobody to tell
            }
            Kind kind = Kind.ofOrder(move.status()).orElseThrow();
            drafts.add(draft(move.householdId(), (String) household[0], (String) household[1],
                    "order:" + move.orderId(), kind, move.orderId(), null, move.urgent() || kind == Kind.FAILED,
                    kind == Kind.FAILED ? StatusNotes.fit(move.reason()) : null));
        }
        for (NoticeSender.Draft notSent : sender.recordAll(drafts)) {
            Object[] household = households.get(householdOf(notSent));
            alerts.noChannel(NotReachedAlerts.Resident.of(household, 2), (String) household[1],
                    (Long) notSent.columns().get("order_id"), Kind.valueOf(notSent.kind()), notSent.nowhere());
        }
    }

    /** The building (of the compound) changed its status (since then); tells every household in it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void buildingChanged(long buildingId, long compoundId, Kind kind, OffsetDateTime since) {
        String subject = "building:" + buildingId + "@" + since.withOffsetSameInstant(ZoneOffset.UTC).toInstant();
        // An erased household (order-service/.../erasure) has nobody to be told any more.
        Map<Long, Household> households = new LinkedHashMap<>();
        Household.<Household>list("buildingId = ?1 and erasedAt is null", buildingId)
                .forEach(household -> households.put(household.id, household));
        for (NoticeSender.Draft notSent : sender.recordAll(households.values().stream()
                .map(household -> draft(household.id, household.ownerAccount, household.phone, subject, kind, null,
                        buildingId, false, null))
                .toList())) {
            Household household = households.get(householdOf(notSent));
            alerts.noChannel(new NotReachedAlerts.Resident(household.id, buildingId, compoundId, household.room,
                    household.contactName, false), household.phone, null, kind, notSent.nowhere());
        }
    }

    private static long householdOf(NoticeSender.Draft draft) {
        return (Long) draft.columns().get("household_id");
    }

    /** Whom a household's messages are for: its resident account, or the household itself when nobody signs in. */
    static String recipientOf(Household household) {
        return recipientOf(household.id, household.ownerAccount);
    }

    private static String recipientOf(long householdId, String ownerAccount) {
        return ownerAccount != null ? ownerAccount : "household:" + householdId;
    }

    /** A message for the household; its {@code account} and {@code phone} tell whether a channel could carry it. */
    private NoticeSender.Draft draft(long householdId, String account, String phone, String subject, Kind kind,
                                     Long orderId, Long buildingId, boolean urgent, String detail) {
        Map<String, Object> columns = new LinkedHashMap<>();
        columns.put("household_id", householdId);
        columns.put("order_id", orderId);
        columns.put("building_id", buildingId);
        return new NoticeSender.Draft(recipientOf(householdId, account), subject, kind.name(), urgent, detail, columns,
                sender.nowhereToSend(account, kind, phone));
    }

    @SuppressWarnings("unchecked")
    private static List<Object[]> rows(jakarta.persistence.Query query) {
        return query.getResultList();
    }
}
