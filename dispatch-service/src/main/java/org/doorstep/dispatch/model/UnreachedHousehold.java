package org.doorstep.dispatch.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * A message of order-service's that reached nobody in a household (ResidentNotReached, docs/events.md): the grid
 * worker must knock on the door. One row per (household, order or building, kind; a building's message also by its
 * time), so the event published again adds nothing. Deleted with the household's other details (HouseholdErased).
 */
@Entity
@Table(name = "resident_not_reached")
public class UnreachedHousehold extends PanacheEntityBase {

    @Id
    public Long id;

    @Column(name = "household_id", nullable = false)
    public long householdId;

    @Column(name = "building_id", nullable = false)
    public long buildingId;

    @Column(name = "order_id")
    public Long orderId;

    @Column(name = "step_key", nullable = false, length = 120)
    public String stepKey;

    /** The message's kind (DELIVERED, BUILDING_SEALED, …). */
    @Column(nullable = false, length = 40)
    public String kind;

    /** NO_CHANNEL or GIVEN_UP. */
    @Column(nullable = false, length = 40)
    public String why;

    /** What the resident's own list says of it. */
    @Column(length = 200)
    public String reason;

    @Column(length = 50)
    public String room;

    @Column(name = "contact_name", length = 100)
    public String contactName;

    @Column(nullable = false)
    public OffsetDateTime at;

    /**
     * Keeps the message (in the caller's transaction) unless it is kept already: an order's message by (household,
     * order, kind), a building's by (household, building, kind, time), since a building may be sealed again later.
     */
    public static void keep(long householdId, long buildingId, Long orderId, String kind, String why, String reason,
                            String room, String contactName, OffsetDateTime at) {
        String stepKey = orderId != null ? "order:" + orderId + "/" + kind
                : "building:" + buildingId + "/" + kind + "/" + at.toInstant();
        getEntityManager().createNativeQuery("insert into resident_not_reached (household_id, building_id, order_id,"
                        + " step_key, kind, why, reason, room, contact_name, at) values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,"
                        + " ?9, ?10) on duplicate key update id = id")
                .setParameter(1, householdId)
                .setParameter(2, buildingId)
                .setParameter(3, orderId)
                .setParameter(4, cut(stepKey, 120))
                .setParameter(5, cut(kind, 40))
                .setParameter(6, cut(why, 40))
                .setParameter(7, cut(reason, 200))
                .setParameter(8, cut(room, 50))
                .setParameter(9, cut(contactName, 100))
                .setParameter(10, at.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime())
                .executeUpdate();
    }

    /** The household was erased in order-service: so are the messages that name its door. */
    public static int erase(long householdId) {
        return (int) delete("householdId", householdId);
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
