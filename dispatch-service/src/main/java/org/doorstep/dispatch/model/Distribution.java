package org.doorstep.dispatch.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/** A bulk drop: one package to every household of some buildings (e.g. seven tonnes of vegetables). */
@Entity
@Table(name = "distribution")
public class Distribution extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, length = 200)
    public String name;

    /** JSON list of {name, quantity}. */
    @Column(nullable = false, length = 4000)
    public String items;

    /** Comma-separated building ids. */
    @Column(name = "building_ids", nullable = false, length = 4000)
    public String buildingIds;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "created_by", nullable = false, length = 100)
    public String createdBy;
}
