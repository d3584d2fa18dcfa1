package org.doorstep.dispatch.model;

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
import java.util.List;

/** An order on a run and what became of it there. */
@Entity
@Table(name = "run_stop")
public class RunStop extends PanacheEntityBase {

    public enum Status {
        /** To be carried. */
        ASSIGNED,
        /** With the volunteer. */
        PICKED_UP,
        DELIVERED,
        FAILED,
        /** Taken off the run (cancelled, re-planned) before pickup. */
        REMOVED;

        /** Still to be carried: the stops that count against a volunteer's capacity and keep a run going. */
        public static final List<Status> OPEN = List.of(ASSIGNED, PICKED_UP);

        public boolean open() {
            return OPEN.contains(this);
        }
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "run_id", nullable = false)
    public long runId;

    @Column(name = "order_id", nullable = false)
    public long orderId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    public Status status;

    @Column(length = 500)
    public String reason;

    /** When it was delivered or failed at the door (a confirmation made offline: when it was made). */
    @Column(name = "handed_off_at")
    public OffsetDateTime handedOffAt;
}
