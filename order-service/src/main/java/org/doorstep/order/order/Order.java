package org.doorstep.order.order;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.doorstep.common.contracts.OrderCategory;
import org.doorstep.common.contracts.StatusNotes;
import org.doorstep.common.idempotency.IdempotencyKey;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** A resident's order and where it is now. Every status change leaves a line in its history. */
@Entity
@Table(name = "resident_order")
public class Order extends PanacheEntityBase {

    /** From {@link org.doorstep.common.ids.IdBlocks}: orders are written by {@link OrderWriter}, many per statement. */
    @Id
    public Long id;

    @Column(name = "household_id", nullable = false)
    public long householdId;

    @Column(name = "building_id", nullable = false)
    public long buildingId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    public OrderCategory category;

    @Column(nullable = false)
    public boolean urgent;

    @Column(length = 500)
    public String note;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "order_item", joinColumns = @JoinColumn(name = "order_id"))
    @OrderColumn(name = "position")
    public List<OrderItem> items = new ArrayList<>();

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 30)
    public OrderStatus status;

    @Column(name = "run_id")
    public Long runId;

    @Column(name = "handoff_code", nullable = false, length = 6, columnDefinition = "char(6)")
    public String handoffCode;

    /** The seq of the latest dispatch event applied; older ones arriving late are ignored. */
    @Column(name = "dispatch_seq", nullable = false)
    public long dispatchSeq;

    /** Who sent {@link #idempotencyKey}: a key is looked up only with its caller's subject. */
    @Column(name = "idempotency_subject", length = 255)
    public String idempotencySubject;

    @Column(name = "idempotency_key", length = IdempotencyKey.MAX_LENGTH)
    public String idempotencyKey;

    @Column(name = "request_hash", length = 64, columnDefinition = "char(64)")
    public String requestHash;

    @Column(name = "placed_at", nullable = false)
    public OffsetDateTime placedAt;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    public OrderChannel channel = OrderChannel.APP;

    /** Who entered it when not the resident (a grid worker's name, a meal plan, a distribution). */
    @Column(name = "entered_by", length = 100)
    public String enteredBy;

    /** A meal's delivery window. */
    @Column(name = "deliver_from")
    public OffsetDateTime deliverFrom;

    @Column(name = "deliver_by")
    public OffsetDateTime deliverBy;

    @Column(name = "meal_plan_id")
    public Long mealPlanId;

    @Column(name = "service_date")
    public java.time.LocalDate serviceDate;

    @Column(name = "distribution_id")
    public Long distributionId;

    @Version
    public long version;

    public void moveTo(OrderStatus next, String by, String note) {
        moveTo(next, by, note, null);
    }

    /** The same, at the time the change happened elsewhere (dispatch's step; null: now). */
    public void moveTo(OrderStatus next, String by, String note, OffsetDateTime at) {
        status = next;
        OrderStatusChange change = new OrderStatusChange();
        change.orderId = id;
        change.status = next;
        change.changedAt = at == null ? OffsetDateTime.now(ZoneOffset.UTC) : at.withOffsetSameInstant(ZoneOffset.UTC);
        change.changedBy = by;
        change.note = StatusNotes.fit(note);
        change.persist();
    }

    public int itemCount() {
        return items.stream().mapToInt(item -> item.quantity).sum();
    }
}
