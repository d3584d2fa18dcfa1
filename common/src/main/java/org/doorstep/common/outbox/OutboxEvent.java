package org.doorstep.common.outbox;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/** An event written in the same transaction as the change it describes, waiting for the relay to send it. */
@Entity
@Table(name = "outbox_event")
public class OutboxEvent extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "topic", nullable = false, length = 100)
    public String topic;

    @Column(name = "message_key", nullable = false, length = 100)
    public String messageKey;

    @Column(name = "event_type", nullable = false, length = 100)
    public String eventType;

    /** The whole envelope as JSON, exactly as it will be sent. */
    @Column(name = "envelope", nullable = false, columnDefinition = "mediumtext")
    public String envelope;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;
}
