package org.doorstep.order.notify;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/**
 * One message to one resident about one step (migration V9 says what each column is for). The shared sender
 * (common/.../notify/NoticeSender) reads and writes the table by SQL; this mapping names its channels for the list.
 */
@Entity
@Table(name = "notification")
public class Notification extends PanacheEntityBase {

    public enum State {
        PENDING, SENT, NOT_SENT
    }

    public enum Channel {
        WECHAT, SMS
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, length = 100)
    public String recipient;

    @Column(name = "household_id", nullable = false)
    public long householdId;

    @Column(nullable = false, length = 80)
    public String subject;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 30)
    public Kind kind;

    @Column(name = "order_id")
    public Long orderId;

    @Column(name = "building_id")
    public Long buildingId;

    /** Urgent medicine, or a failed delivery: sent even in quiet hours. */
    @Column(nullable = false)
    public boolean urgent;

    /** What the resident should know beyond the kind (a failed delivery's reason). */
    @Column(length = 500)
    public String detail;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    public State state;

    @Enumerated(EnumType.STRING)
    @Column(length = 10)
    public Channel channel;

    @Column(length = 200)
    public String reason;

    /** Over the recipient's hourly limit: waits, then goes together with the others held so in one message. */
    @Column(name = "held_by_limit", nullable = false)
    public boolean heldByLimit;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "first_tried_at")
    public OffsetDateTime firstTriedAt;

    @Column(name = "next_attempt_at", nullable = false)
    public OffsetDateTime nextAttemptAt;

    @Column(name = "lease_owner", length = 40)
    public String leaseOwner;

    @Column(name = "lease_until")
    public OffsetDateTime leaseUntil;

    @Column(name = "sent_at")
    public OffsetDateTime sentAt;
}
