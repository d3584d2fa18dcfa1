package org.doorstep.order.household;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import org.doorstep.common.contracts.Vulnerability;

import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.Set;

/** A flat and who lives there: where orders go, and who needs to be served first. */
@Entity
@Table(name = "household")
public class Household extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "building_id", nullable = false)
    public long buildingId;

    @Column(nullable = false, length = 50)
    public String room;

    @Column(name = "contact_name", nullable = false, length = 100)
    public String contactName;

    /** Absent for households without a phone (served through the hotline or door knocks). */
    @Column(length = 30)
    public String phone;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "household_vulnerability", joinColumns = @JoinColumn(name = "household_id"))
    @Enumerated(EnumType.STRING)
    @Column(name = "vulnerability", nullable = false, length = 30)
    public Set<Vulnerability> vulnerabilities = EnumSet.noneOf(Vulnerability.class);

    /** How many people live there (1 to 20). */
    @Column(nullable = false)
    public int people = 1;

    /** The resident account it belongs to; null when nobody in it signs in (served by its grid worker). */
    @Column(name = "owner_account", length = 100)
    public String ownerAccount;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;
}
