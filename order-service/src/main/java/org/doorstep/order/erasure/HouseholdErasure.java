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
 * hashes, its meal plans' notes (the plans end), its messages' free text, and, with the resident's last household, the
 * resident's WeChat sign-in (the sealed openid). Ids, building, vulnerabilities, categories, items, statuses and times
 * stay, so every count stays as it was. Its open orders are cancelled first, the way a resident cancels; an order a
 * volunteer has picked up refuses the erasure (409) until it is delivered or failed, so no volunteer stands at a door
 * nobody can name. Dispatch is told ({@link HouseholdErased}) after the cancellations, on the same key, and erases its
 * copies. Erasing again changes nothing. The audit entry names the household by id only.
 */
@ApplicationScoped
public class HouseholdErasure {

    static final String AUDIT_ACTION = "HOUSEHOLD_ERASED";

    /** What the resident's list says of a message that was still waiting when its household was erased. */
    static final String NOT_SENT_ERASED = "not sent: the household's details were erased";

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
        forgetMessages(household.id);
        if (household.ownerAccount != null) {
            forgetWeChatSignInIfLast(household.ownerAccount);
        }
        audit.record(AUDIT_ACTION, "Household", household.id, access.areaOf(household.buildingId), facts);
        outbox.publish(Topic.ORDERS, buildings.eventKey(household.buildingId), HouseholdErased.TYPE, "Household",
                household.id, new HouseholdErased(household.id, household.buildingId, now));
    }

    /**
     * The household's messages (order-service/.../notify) keep what they were about (kind, order or building, when,
     * by which channel, sent or not) so that the resident's list stays true to the orders that stay; their free text
     * (a failed delivery's reason) goes, and one not sent yet never will be: the household has no door or phone to
     * be told at any more.
     */
    private void forgetMessages(long householdId) {
        // MySQL assigns left to right: the reason is chosen from the state before the state changes.
        em.createNativeQuery("update notification set detail = null,"
                        + " reason = case when state = 'PENDING' then ?2 else reason end,"
                        + " state = case when state = 'PENDING' then 'NOT_SENT' else state end"
                        + " where household_id = ?1")
                .setParameter(1, householdId)
                .setParameter(2, NOT_SENT_ERASED)
                .executeUpdate();
    }

    /**
     * Once none of the resident's households is left un-erased, their WeChat sign-in goes too: the account's row in
     * wechat_account (the openid's keyed hash, and the sealed openid subscribe messages are sent to) and the consents
     * they gave. The same person signing in with WeChat again is a new user: a fresh account, with no household. A
     * resident of the district's identity provider has no such row.
     */
    private void forgetWeChatSignInIfLast(String account) {
        // The account's row is locked as a registration locks it (household/HouseholdResource), so that two erasures
        // of one resident's households, or an erasure and a registration, take turns: the later sees the earlier.
        em.createNativeQuery("insert into resident_account (account) values (?1)"
                + " on duplicate key update account = account").setParameter(1, account).executeUpdate();
        long standing = ((Number) em.createNativeQuery(
                        "select count(*) from household where owner_account = ?1 and erased_at is null")
                .setParameter(1, account).getSingleResult()).longValue();
        if (standing > 0) {
            return;
        }
        em.createNativeQuery("delete from wechat_account where account = ?1").setParameter(1, account)
                .executeUpdate();
        em.createNativeQuery("delete from wechat_consent where account = ?1").setParameter(1, account)
                .executeUpdate();
    }
}
