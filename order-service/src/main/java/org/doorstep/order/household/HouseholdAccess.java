package org.doorstep.order.household;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.doorstep.common.audit.Audit;
import org.doorstep.common.buildings.BuildingDirectory;
import org.doorstep.common.problem.DoorstepException;
import org.doorstep.common.security.Caller;
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
        if (household == null || !mayReach(household)) {
            throw notFound.get();
        }
        if (!caller.is(Role.RESIDENT)) {
            caller.requireGrid(gridOf(household.buildingId));
        }
        return household;
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

    private boolean mayReach(Household household) {
        return !caller.is(Role.RESIDENT) || isOwner(household);
    }

    public static DoorstepException notFound(long householdId) {
        return DoorstepException.notFound("Household " + householdId + " does not exist.");
    }
}
