package org.doorstep.dispatch.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.doorstep.common.contracts.DispatchStatus;
import org.doorstep.common.contracts.OrderCategory;
import org.doorstep.common.contracts.StatusNotes;

import java.time.OffsetDateTime;

/** An order as dispatch sees it: where it must go, how urgent it is, which run carries it. */
@Entity
@Table(name = "dispatch_order")
public class DispatchOrder extends PanacheEntityBase implements InService {

    @Id
    @Column(name = "order_id")
    public Long orderId;

    @Column(name = "household_id", nullable = false)
    public long householdId;

    @Column(name = "building_id", nullable = false)
    public long buildingId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    public OrderCategory category;

    @Column(nullable = false)
    public boolean urgent;

    @Column(nullable = false)
    public boolean vulnerable;

    @Column(name = "item_count", nullable = false)
    public int itemCount;

    @Column(name = "placed_at", nullable = false)
    public OffsetDateTime placedAt;

    @Column(name = "handoff_digest", nullable = false, length = 100)
    public String handoffDigest;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    public DispatchStatus status;

    @Column(name = "run_id")
    public Long runId;

    @Column(name = "failure_reason", length = 500)
    public String failureReason;

    /** A meal's delivery window; null for other orders. */
    @Column(name = "deliver_from")
    public OffsetDateTime deliverFrom;

    @Column(name = "deliver_by")
    public OffsetDateTime deliverBy;

    @Column(name = "failed_attempts", nullable = false)
    public int failedAttempts;

    @Column(name = "distribution_id")
    public Long distributionId;

    /** Which door: told to the volunteer of the run while they carry it. The phone comes masked. */
    @Column(length = 50)
    public String room;

    @Column(name = "contact_name", length = 100)
    public String contactName;

    @Column(name = "masked_phone", length = 30)
    public String maskedPhone;

    /** Wrong handoff codes typed since the last unlock. */
    @Column(name = "wrong_codes", nullable = false)
    public int wrongCodes;

    @Column(name = "handoff_locked", nullable = false)
    public boolean handoffLocked;

    /** Grows with every status change; published so readers can drop a late, older step. */
    @Column(nullable = false)
    public long seq;

    @Version
    public long version;

    @Override
    public long orderId() {
        return orderId;
    }

    @Override
    public boolean isUrgentMedicine() {
        return isUrgentMedicine(category, urgent);
    }

    /** What urgent medicine is, the first in the order of service: for an order not yet stored too. */
    public static boolean isUrgentMedicine(OrderCategory category, boolean urgent) {
        return urgent && category == OrderCategory.MEDICINE;
    }

    @Override
    public boolean isVulnerable() {
        return vulnerable;
    }

    @Override
    public OffsetDateTime servedFrom() {
        return hasWindow() ? deliverFrom : placedAt;
    }

    @Override
    public OffsetDateTime deliverFrom() {
        return deliverFrom;
    }

    public boolean hasWindow() {
        return deliverFrom != null;
    }

    /**
     * Erases what the household's orders say of its people (order-service erased the household): the door (room,
     * contact, masked phone), the handoff digest, the reasons of failed handoffs, and the handoff requests of the runs
     * that carried them. Ids, categories, statuses and times stay, so every count stays. Running it again changes
     * nothing. Answers how many orders it touched.
     */
    public static int erasePersonalData(long householdId) {
        var em = getEntityManager();
        em.createNativeQuery("delete from handoff_request where run_id in (select s.run_id from run_stop s"
                + " join dispatch_order o on o.order_id = s.order_id where o.household_id = ?1)")
                .setParameter(1, householdId).executeUpdate();
        em.createNativeQuery("update run_stop s join dispatch_order o on o.order_id = s.order_id set s.reason = null"
                + " where o.household_id = ?1 and s.reason is not null").setParameter(1, householdId).executeUpdate();
        return em.createNativeQuery("update dispatch_order set room = null, contact_name = null, masked_phone = null,"
                + " handoff_digest = '', failure_reason = null where household_id = ?1")
                .setParameter(1, householdId).executeUpdate();
    }

    public void moveTo(DispatchStatus next, Long run, String reason) {
        status = next;
        runId = run;
        failureReason = StatusNotes.fit(reason);
        seq++;
    }
}
