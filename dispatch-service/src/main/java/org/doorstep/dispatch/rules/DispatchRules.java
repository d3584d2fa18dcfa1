package org.doorstep.dispatch.rules;

import org.doorstep.common.contracts.BuildingStatus;
import org.doorstep.common.rules.Ineligibility;
import org.doorstep.common.rules.VolunteerFitness;
import org.doorstep.dispatch.order.DispatchOrder;
import org.doorstep.dispatch.place.Building;
import org.doorstep.dispatch.volunteer.VolunteerCopy;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Set;

/**
 * The dispatch rules of DESIGN.md, in one place: what a building's status means for delivery, in what order orders
 * are served, and who may carry them.
 */
public final class DispatchRules {

    private DispatchRules() {
    }

    /**
     * Building status drives everything: SEALED, a volunteer carries every order to the door; CONTROLLED, goods come
     * to the gate and volunteers relay them; PRECAUTION, residents collect at the gate and only vulnerable households
     * get their order at the door; OPEN, no dispatch.
     */
    public static Delivery deliveryFor(BuildingStatus status, boolean vulnerableHousehold) {
        return switch (status) {
            case SEALED -> Delivery.DOORSTEP;
            case CONTROLLED -> Delivery.GATE_RELAY;
            case PRECAUTION -> vulnerableHousehold ? Delivery.DOORSTEP : Delivery.SELF_COLLECTION;
            case OPEN -> Delivery.SELF_COLLECTION;
        };
    }

    /**
     * Order of service: urgent medicine first, then vulnerable households, then first come first served
     * (the order id breaks ties between orders placed in the same instant).
     */
    public static final Comparator<DispatchOrder> ORDER_OF_SERVICE = Comparator
            .comparing((DispatchOrder order) -> !order.isUrgentMedicine())
            .thenComparing(order -> !order.vulnerable)
            .thenComparing(order -> order.placedAt)
            .thenComparing(order -> order.orderId);

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
}
