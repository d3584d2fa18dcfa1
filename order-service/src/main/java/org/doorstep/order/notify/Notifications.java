package org.doorstep.order.notify;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.doorstep.common.contracts.StatusNotes;
import org.doorstep.order.household.Household;
import org.doorstep.order.order.Order;
import org.doorstep.order.order.OrderMoved;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/**
 * Records what a resident is to be told, in the transaction of the change itself and before anything is sent
 * ({@link NotificationSender} sends). One row per (recipient, order or building, step): recording the same step again
 * (an event delivered twice, an order assigned a second time) adds nothing.
 */
@ApplicationScoped
public class Notifications {

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
        Map<String, Object> columns = new HashMap<>();
        columns.put("household_id", household.id);
        columns.put("order_id", orderId);
        columns.put("building_id", buildingId);
        sender.record(recipientOf(household), subject, kind.name(), urgent, detail, columns);
    }
}
