package org.doorstep.common.audit;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/** One state change: who (actor and role), what (action on a subject), where (grid, compound, building), when. */
@Entity
@Table(name = "audit_entry")
public class AuditEntry extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false)
    public OffsetDateTime at;

    @Column(nullable = false, length = 100)
    public String actor;

    @Column(nullable = false, length = 20)
    public String role;

    @Column(nullable = false, length = 50)
    public String action;

    @Column(name = "subject_type", nullable = false, length = 30)
    public String subjectType;

    @Column(name = "subject_id", nullable = false, length = 50)
    public String subjectId;

    @Column(name = "grid_id")
    public Long gridId;

    @Column(name = "compound_id")
    public Long compoundId;

    @Column(name = "building_id")
    public Long buildingId;

    @Column(length = 1000)
    public String detail;
}
