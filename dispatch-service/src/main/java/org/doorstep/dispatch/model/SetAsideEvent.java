package org.doorstep.dispatch.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * An event a consumer set aside on the dead-letter topic, with the place its key names: the building of an order
 * event, of a dispatch event or of a building's state, the compound of a volunteer's state (null when the key names
 * neither). Dispatch's own consumers record theirs as they set them aside; the other services' are read from the
 * dead-letter topic, and remember which letter they came from.
 */
@Entity
@Table(name = "set_aside_event")
public class SetAsideEvent extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, length = 100)
    public String consumer;

    @Column(nullable = false, length = 100)
    public String topic;

    @Column(name = "compound_id")
    public Long compoundId;

    @Column(name = "building_id")
    public Long buildingId;

    /** For the operator who fixes and replays; never shown to grid workers. */
    @Column(nullable = false, length = 500)
    public String reason;

    @Column(name = "set_aside_at", nullable = false)
    public OffsetDateTime setAsideAt;

    /** The letter on doorstep.dead-letter this row was read from; null for dispatch's own consumers' rows. */
    @Column(name = "letter_partition")
    public Integer letterPartition;

    @Column(name = "letter_offset")
    public Long letterOffset;

    /**
     * Keeps the event of a letter read from the dead-letter topic (in the caller's transaction) unless that letter is
     * kept already: a letter read twice is one row.
     */
    public static void keepLetter(SetAsideEvent event) {
        getEntityManager().createNativeQuery("insert into set_aside_event (consumer, topic, compound_id, building_id,"
                        + " reason, set_aside_at, letter_partition, letter_offset) values (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
                        + " ?8) on duplicate key update id = id")
                .setParameter(1, event.consumer)
                .setParameter(2, event.topic)
                .setParameter(3, event.compoundId)
                .setParameter(4, event.buildingId)
                .setParameter(5, event.reason)
                .setParameter(6, event.setAsideAt.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime())
                .setParameter(7, event.letterPartition)
                .setParameter(8, event.letterOffset)
                .executeUpdate();
    }
}
