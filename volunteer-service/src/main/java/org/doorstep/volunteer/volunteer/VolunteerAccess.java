package org.doorstep.volunteer.volunteer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.doorstep.common.audit.Audit;
import org.doorstep.common.audit.ServingVolunteers;
import org.doorstep.common.buildings.BuildingDirectory;
import org.doorstep.common.problem.DoorstepException;
import org.doorstep.common.security.Caller;
import org.doorstep.common.security.Role;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who may see and act for a volunteer, the one rule behind every volunteer endpoint and the audit view: the volunteer
 * themself, a grid worker who manages them, an admin. A grid worker manages the volunteers who serve a building of
 * their grids (the buildings a volunteer registered for, the list dispatch checks before they may carry there), and
 * reads the audit entries of exactly those ({@link #serving}); a volunteer of the same compound who serves only
 * buildings of other grids is the other grid worker's, and one serving only buildings in no grid an admin's. Anyone
 * else gets 403. A resident only ever signs up (their role list keeps them from the rest).
 */
@ApplicationScoped
public class VolunteerAccess implements ServingVolunteers {

    @Inject
    Caller caller;

    @Inject
    BuildingDirectory buildings;

    /**
     * The volunteer, when the caller may reach them: a volunteer asking for someone else gets 403 whether or not the
     * id exists; for a grid worker or admin an unknown id is 404, a volunteer serving no building of the grid
     * worker's grids 403.
     */
    public Volunteer require(long volunteerId) {
        if (caller.is(Role.VOLUNTEER)) {
            if (caller.volunteerId() != volunteerId) {
                throw DoorstepException.forbidden("A volunteer sees and changes only their own record.");
            }
            return find(volunteerId);
        }
        Volunteer volunteer = find(volunteerId);
        if (!caller.is(Role.ADMIN) && !serving(buildingsOfCallersGrids()).contains(volunteer.id)) {
            throw DoorstepException.forbidden("Volunteer " + volunteerId + " serves no building of your grids; the "
                    + "grid worker of a building they serve manages them.");
        }
        return volunteer;
    }

    /**
     * Whom a grid worker or admin may register: an admin anyone; a grid worker a volunteer who serves buildings of
     * their grids only, so that they manage the volunteer from the start and commit nobody to another grid's
     * buildings; 403 otherwise.
     */
    public void requireMayRegisterFor(Collection<Long> buildingIds) {
        if (caller.is(Role.ADMIN)) {
            return;
        }
        Set<Long> own = buildingsOfCallersGrids();
        List<Long> outside = buildingIds.stream().filter(id -> !own.contains(id)).sorted().toList();
        if (!outside.isEmpty()) {
            throw DoorstepException.forbidden("Building" + (outside.size() == 1 ? " " : "s ") + outside
                    .stream().map(String::valueOf).collect(Collectors.joining(", ")) + (outside.size() == 1
                    ? " is" : " are") + " not in your grids; a grid worker registers volunteers for the buildings of "
                    + "their own grids.");
        }
    }

    /** Whether the caller signs up themself, rather than registering someone as a grid worker or admin. */
    public boolean signsUpThemself() {
        return caller.is(Role.RESIDENT);
    }

    /**
     * Where a change to a volunteer happened, for the audit trail: their compound. Grid workers read it when the
     * volunteer serves a building of their grids ({@link #serving}), the same rule as {@link #require}.
     */
    public static Audit.Area areaOf(Volunteer volunteer) {
        return Audit.Area.compound(volunteer.compoundId);
    }

    /** The volunteers who registered for any of the buildings: the buildings they serve. */
    @Override
    public Set<Long> serving(Collection<Long> buildingIds) {
        if (buildingIds.isEmpty()) {
            return Set.of();
        }
        @SuppressWarnings("unchecked")
        List<Number> rows = Volunteer.getEntityManager().createNativeQuery(
                        "select distinct volunteer_id from volunteer_building where building_id in (?1)")
                .setParameter(1, buildingIds)
                .getResultList();
        return rows.stream().map(Number::longValue).collect(Collectors.toSet());
    }

    /** The buildings now in the calling grid worker's grids (none for anyone else). */
    private Set<Long> buildingsOfCallersGrids() {
        return caller.is(Role.GRID_WORKER) ? buildings.placesOf(caller.grids()).buildings() : Set.of();
    }

    private static Volunteer find(long volunteerId) {
        Volunteer volunteer = Volunteer.findById(volunteerId);
        if (volunteer == null) {
            throw DoorstepException.notFound("Volunteer " + volunteerId + " does not exist.");
        }
        return volunteer;
    }
}
