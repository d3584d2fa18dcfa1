package org.doorstep.dispatch.model.rules;

import org.doorstep.common.contracts.BuildingStatus;
import org.doorstep.common.contracts.DispatchStatus;
import org.doorstep.common.rules.Ineligibility;
import org.doorstep.common.rules.VolunteerFitness;
import org.doorstep.dispatch.model.Building;
import org.doorstep.dispatch.model.DispatchOrder;
import org.doorstep.dispatch.model.InService;
import org.doorstep.dispatch.model.VolunteerCopy;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Set;

/**
 * The dispatch rules of DESIGN.md, in one place: what a building's status means for delivery, when an order is due,
 * in what order orders are served, who may carry them, what a failed handoff leads to, and when an order is late.
 */
public final class DispatchRules {

    /** Urgent medicine should be at the door within 30 minutes of ordering. */
    public static final Duration URGENT_MEDICINE_TARGET = Duration.ofMinutes(30);
    /** Anything else should be at the door within a day. */
    public static final Duration ORDINARY_TARGET = Duration.ofHours(24);
    /** A meal leaves this long before its window opens, so that it arrives in the window and warm. */
    public static final Duration MEAL_LEAD_TIME = Duration.ofMinutes(30);
    /** A handoff that fails is tried again once; after that the grid worker takes over. */
    public static final int HANDOFF_ATTEMPTS = 2;
    /** Wrong handoff codes for one order before its handoff locks until a grid worker unlocks it. */
    public static final int WRONG_CODES_BEFORE_LOCK = 5;
    /**
     * A phone's clock may differ from the server's this far either way: a confirmation "from the future" within it is
     * fine, and so is one this far before the pickup the server timed (a phone a little behind).
     */
    public static final Duration HANDOFF_CLOCK_SKEW = Duration.ofMinutes(2);
    /** A confirmation made offline is accepted this long after it was made (a shift), and no longer. */
    public static final Duration OFFLINE_HANDOFF_LIMIT = Duration.ofHours(12);

    private DispatchRules() {
    }

    /**
     * Building status drives everything: SEALED and CONTROLLED, a volunteer carries every order to the door;
     * PRECAUTION, residents collect at the gate and only vulnerable households get their order at the door; OPEN, no
     * dispatch. CONTROLLED's relay from the compound gate (DESIGN.md) needs the gate log, which is not built yet
     * ("Beyond orders"); until then a controlled building is served like a sealed one rather than by a relay that
     * nothing plans.
     */
    public static Delivery deliveryFor(BuildingStatus status, boolean vulnerableHousehold) {
        return switch (status) {
            case SEALED, CONTROLLED -> Delivery.DOORSTEP;
            case PRECAUTION -> vulnerableHousehold ? Delivery.DOORSTEP : Delivery.SELF_COLLECTION;
            case OPEN -> Delivery.SELF_COLLECTION;
        };
    }

    /** A meal is dispatched when its window is near, not when it was ordered; everything else at once. */
    public static boolean isDue(InService order, Instant now) {
        return isDue(order, dueBy(now));
    }

    /** The same, against a {@link #dueBy} worked out once for a whole queue. */
    public static boolean isDue(InService order, OffsetDateTime dueBy) {
        return order.deliverFrom() == null || !order.deliverFrom().isAfter(dueBy);
    }

    /** A meal whose window opens by then is due now. */
    public static OffsetDateTime dueBy(Instant now) {
        return now.plus(MEAL_LEAD_TIME).atOffset(ZoneOffset.UTC);
    }

    /**
     * Order of service: urgent medicine first, then vulnerable households, then first come first served — a meal
     * "comes" when its window opens (the order id breaks ties between orders of the same instant).
     */
    public static final Comparator<InService> ORDER_OF_SERVICE = Comparator
            .comparing((InService order) -> !order.isUrgentMedicine())
            .thenComparing(order -> !order.isVulnerable())
            .thenComparing(InService::servedFrom)
            .thenComparingLong(InService::orderId);

    /**
     * Who may carry: a volunteer may take {@code parcels} more orders of a building only if vetted, on duty, with a
     * negative test no older than the window, inside the building's compound (volunteers are locked in too), serving
     * that building, the building is under lockdown, and the orders fit in their remaining capacity.
     *
     * @param load orders the volunteer already holds in runs not yet finished
     * @return the reasons they may not; empty when they may
     */
    public static Set<Ineligibility> whyNotCarry(VolunteerCopy volunteer, Building building, int load, int parcels,
                                                 Instant now, Duration testWindow) {
        Set<Ineligibility> reasons = EnumSet.noneOf(Ineligibility.class);
        reasons.addAll(VolunteerFitness.check(volunteer.vetting, volunteer.onDuty, volunteer.latestTestResult,
                volunteer.latestTestTakenAt, now, testWindow));
        if (volunteer.compoundId != building.compoundId) {
            reasons.add(Ineligibility.OUTSIDE_COMPOUND);
        }
        if (!volunteer.buildingIds.contains(building.id)) {
            reasons.add(Ineligibility.DOES_NOT_SERVE_BUILDING);
        }
        if (building.status == BuildingStatus.OPEN) {
            reasons.add(Ineligibility.BUILDING_NOT_UNDER_LOCKDOWN);
        }
        if (load + parcels > volunteer.capacity) {
            reasons.add(Ineligibility.AT_CAPACITY);
        }
        return reasons;
    }

    /**
     * Why a handoff confirmed at {@code confirmedAt} (a volunteer's phone, offline at the door) cannot be that
     * handoff's time, or null when it can: not in the future, not before the run was picked up (each beyond
     * {@link #HANDOFF_CLOCK_SKEW}: the pickup's time is the server's clock, confirmedAt the phone's), not more than
     * {@link #OFFLINE_HANDOFF_LIMIT} ago.
     */
    public static String whyNotHandoffTime(OffsetDateTime confirmedAt, OffsetDateTime pickedUpAt, Instant now) {
        Instant at = confirmedAt.toInstant();
        if (at.isAfter(now.plus(HANDOFF_CLOCK_SKEW))) {
            return "confirmedAt " + confirmedAt + " is in the future; check the phone's clock.";
        }
        if (pickedUpAt != null && at.isBefore(pickedUpAt.toInstant().minus(HANDOFF_CLOCK_SKEW))) {
            return "confirmedAt " + confirmedAt + " is before the run was picked up (" + pickedUpAt + ").";
        }
        if (at.isBefore(now.minus(OFFLINE_HANDOFF_LIMIT))) {
            return "confirmedAt " + confirmedAt + " is more than " + OFFLINE_HANDOFF_LIMIT.toHours()
                    + " hours ago; ask the grid worker to settle this handoff.";
        }
        return null;
    }

    /**
     * The time a handoff is recorded at: the phone's confirmedAt (accepted by {@link #whyNotHandoffTime}), or now when
     * it gave none; never before the pickup, so that a phone a little behind does not put the delivery before the
     * pickup in the order's history.
     */
    public static OffsetDateTime handoffTime(OffsetDateTime confirmedAt, OffsetDateTime pickedUpAt,
                                             OffsetDateTime now) {
        if (confirmedAt == null) {
            return now;
        }
        OffsetDateTime at = confirmedAt.withOffsetSameInstant(ZoneOffset.UTC);
        return pickedUpAt != null && at.isBefore(pickedUpAt) ? pickedUpAt.withOffsetSameInstant(ZoneOffset.UTC) : at;
    }

    /** After this many wrong codes, guessing stops: the handoff waits for the grid worker. */
    public static boolean handoffLocked(int wrongCodes) {
        return wrongCodes >= WRONG_CODES_BEFORE_LOCK;
    }

    /** After a failed handoff: back to the queue for another try, or to the grid worker once tries are used up. */
    public static DispatchStatus afterFailedHandoff(int failedAttempts) {
        return failedAttempts < HANDOFF_ATTEMPTS ? DispatchStatus.QUEUED : DispatchStatus.FAILED;
    }

    /** When the order should be at the door: 30 minutes for urgent medicine, the window's end for a meal, a day else. */
    public static OffsetDateTime target(DispatchOrder order) {
        if (order.isUrgentMedicine()) {
            return order.placedAt.plus(URGENT_MEDICINE_TARGET);
        }
        if (order.deliverBy != null) {
            return order.deliverBy;
        }
        return order.placedAt.plus(ORDINARY_TARGET);
    }

    /** Still on its way to a door (queued, on a run, with a volunteer). */
    public static boolean isPending(DispatchOrder order) {
        return order.status == DispatchStatus.QUEUED || order.status == DispatchStatus.ASSIGNED
                || order.status == DispatchStatus.PICKED_UP;
    }

    /** Pending past its target. */
    public static boolean isOverdue(DispatchOrder order, Instant now) {
        return isPending(order) && target(order).toInstant().isBefore(now);
    }
}
