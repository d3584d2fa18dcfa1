package org.doorstep.order.household;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.doorstep.common.audit.Audit;
import org.doorstep.common.buildings.BuildingDirectory;
import org.doorstep.common.problem.DoorstepException;
import org.doorstep.common.security.Caller;
import org.doorstep.common.security.Requester;
import org.doorstep.common.security.Role;

import java.util.function.Supplier;

/**
 * Who may see and act for a household, the one rule behind households, orders and meal plans: its resident account,
 * a grid worker of its building's grid, an admin. Another resident is told it does not exist; a grid worker from
 * elsewhere gets 403.
 */
@ApplicationScoped
public class HouseholdAccess {

    @Inject
    Caller caller;

    @Inject
    BuildingDirectory buildings;

    public Household require(long householdId) {
        return check(Household.findById(householdId), () -> notFound(householdId));
    }

    /**
     * The household, when the caller may reach it; otherwise {@code notFound} (null, or another resident's) or 403 (a
     * grid worker from elsewhere).
     */
    public Household check(Household household, Supplier<DoorstepException> notFound) {
        check(caller.requester(), household == null ? null : household.ownerAccount, household != null,
                () -> gridOf(household.buildingId), notFound);
        return household;
    }

    /**
     * The rule itself, for a caller taken out of its request (an intake group): a resident reaches only a household
     * of their own account (another's is not found); anyone else must serve the grid of its building (403).
     */
    public static void check(Requester who, String ownerAccount, boolean exists, Supplier<Long> gridOfBuilding,
                             Supplier<DoorstepException> notFound) {
        if (!exists || (who.is(Role.RESIDENT) && !who.subject().equals(ownerAccount))) {
            throw notFound.get();
        }
        if (!who.is(Role.RESIDENT) && !who.servesGrid(gridOfBuilding.get())) {
            throw Caller.outsideArea();
        }
    }

    /** A grid worker registering or ordering for a building must serve its grid. */
    public void requireBuildingInArea(long buildingId) {
        if (!caller.is(Role.RESIDENT)) {
            caller.requireGrid(gridOf(buildingId));
        }
    }

    public boolean isOwner(Household household) {
        return caller.is(Role.RESIDENT) && caller.subject().equals(household.ownerAccount);
    }

    public Long gridOf(long buildingId) {
        return buildings.find(buildingId).map(BuildingDirectory.KnownBuilding::gridId).orElse(null);
    }

    /** Where a change to something of the building happened, for the audit trail. */
    public Audit.Area areaOf(long buildingId) {
        return buildings.find(buildingId)
                .map(b -> Audit.Area.building(b.gridId(), b.compoundId(), b.buildingId()))
                .orElse(new Audit.Area(null, null, buildingId));
    }

    /** An erased household's answer to anything that needs its door (an order, a meal plan). */
    public static DoorstepException erased(long householdId) {
        return DoorstepException.conflict("Household " + householdId + " was erased (its lockdown ended, or on "
                + "request): its room, contact and phone are gone, so nothing can be delivered to it. Register the "
                + "household again to order.");
    }

    public static DoorstepException notFound(long householdId) {
        return DoorstepException.notFound("Household " + householdId + " does not exist.");
    }
}
