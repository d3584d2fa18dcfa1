package org.doorstep.dispatch.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/**
 * An event one of dispatch's consumers set aside on the dead-letter topic, with the place its key names: the building
 * of an order event, the compound of a volunteer's state (null when the key names neither).
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
}
