package org.doorstep.order.erasure;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.doorstep.common.audit.Audit;
import org.doorstep.common.buildings.BuildingDirectory;
import org.doorstep.common.contracts.HouseholdErased;
import org.doorstep.common.events.Topic;
import org.doorstep.common.outbox.Outbox;
import org.doorstep.common.problem.DoorstepException;
import org.doorstep.order.household.Household;
import org.doorstep.order.household.HouseholdAccess;
import org.doorstep.order.order.Order;
import org.doorstep.order.order.OrderService;
import org.doorstep.order.order.OrderStatus;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * Erases a household's personal data: its room, contact name and phone, its orders' notes, handoff codes and request
 * hashes, its meal plans' notes (the plans end). Ids, building, vulnerabilities, categories, items, statuses and times
 * stay, so every count stays as it was. Its open orders are cancelled first, the way a resident cancels; an order a
 * volunteer has picked up refuses the erasure (409) until it is delivered or failed, so no volunteer stands at a door
 * nobody can name. Dispatch is told ({@link HouseholdErased}) after the cancellations, on the same key, and erases its
 * copies. Erasing again changes nothing. The audit entry names the household by id only.
 */
@ApplicationScoped
public class HouseholdErasure {

    static final String AUDIT_ACTION = "HOUSEHOLD_ERASED";

    /** Not yet out of the gate: cancelled before the household is erased. */
    private static final List<OrderStatus> CANCELLED_FIRST = List.of(OrderStatus.PLACED, OrderStatus.QUEUED,
            OrderStatus.ASSIGNED);

    @Inject
    EntityManager em;

    @Inject
    OrderService orders;

    @Inject
    Outbox outbox;

    @Inject
    BuildingDirectory buildings;

    @Inject
    HouseholdAccess access;

    @Inject
    Audit audit;

    /**
     * The household, its row locked for the rest of the transaction (written natively: the dialect's "for update of"
     * is MySQL 8's, not MariaDB's), so an erasure and an order of the household take turns.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Household> lock(long householdId) {
        boolean exists = !em.createNativeQuery("select id from household where id = ?1 for update")
                .setParameter(1, householdId).getResultList().isEmpty();
        return exists ? Optional.of(Household.findById(householdId)) : Optional.empty();
    }

    /**
     * In the caller's transaction, the household locked by the caller; {@code by} is who cancels its open orders,
     * {@code facts} why it is erased (for the audit trail).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void erase(Household household, String by, String facts) {
        if (household.erasedAt != null) {
            return;
        }
        List<Order> open = Order.list("householdId = ?1 and status in ?2", household.id,
                List.of(OrderStatus.PLACED, OrderStatus.QUEUED, OrderStatus.ASSIGNED, OrderStatus.OUT_FOR_DELIVERY));
        for (Order order : open) {
            if (!CANCELLED_FIRST.contains(order.status)) {
                throw DoorstepException.conflict("Order " + order.id + " of household " + household.id + " is "
                        + order.status + ": a volunteer is on the way to its door. Erase the household once the order "
                        + "is delivered or failed.");
            }
        }
        for (Order order : open) {
            orders.cancel(order, by);
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        household.room = null;
        household.contactName = null;
        household.phone = null;
        household.erasedAt = now;
        // Written now, so the statements below and a reader after commit see one erased household.
        em.flush();
        em.createNativeQuery("update resident_order set note = null, handoff_code = null, request_hash = null"
                + " where household_id = ?1").setParameter(1, household.id).executeUpdate();
        em.createNativeQuery("update order_status_change c join resident_order o on o.id = c.order_id"
                + " set c.note = null where o.household_id = ?1 and c.note is not null")
                .setParameter(1, household.id).executeUpdate();
        em.createNativeQuery("update meal_plan set note = null, status = 'ENDED' where household_id = ?1")
                .setParameter(1, household.id).executeUpdate();
        audit.record(AUDIT_ACTION, "Household", household.id, access.areaOf(household.buildingId), facts);
        outbox.publish(Topic.ORDERS, buildings.eventKey(household.buildingId), HouseholdErased.TYPE, "Household",
                household.id, new HouseholdErased(household.id, household.buildingId, now));
    }
}
