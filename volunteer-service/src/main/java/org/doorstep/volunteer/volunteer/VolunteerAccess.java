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
 * Who may see and act for a volunteer, the one rule behind every volunteer endpoint: the volunteer themself, a grid
 * worker of a grid that has a building in the volunteer's compound, an admin. Anyone else gets 403. A resident only
 * ever signs up (their role list keeps them from the rest).
 */
@ApplicationScoped
public class VolunteerAccess implements ServingVolunteers {

    @Inject
    Caller caller;

    @Inject
    BuildingDirectory buildings;

    /**
     * The volunteer, when the caller may reach them: a volunteer asking for someone else gets 403 whether or not the
     * id exists; for a grid worker or admin an unknown id is 404, a compound outside their grids 403.
     */
    public Volunteer require(long volunteerId) {
        if (caller.is(Role.VOLUNTEER)) {
            if (caller.volunteerId() != volunteerId) {
                throw DoorstepException.forbidden("A volunteer sees and changes only their own record.");
            }
            return find(volunteerId);
        }
        Volunteer volunteer = find(volunteerId);
        requireCompoundInArea(volunteer.compoundId);
        return volunteer;
    }

    /**
     * An admin anywhere; a grid worker only for a compound with a building in one of their grids; 403 otherwise
     * (a resident or volunteer included).
     */
    public void requireCompoundInArea(long compoundId) {
        if (caller.is(Role.ADMIN)) {
            return;
        }
        caller.requireAnyGrid(buildings.gridsOfCompound(compoundId));
    }

    /** Whether the caller signs up themself, rather than registering someone as a grid worker or admin. */
    public boolean signsUpThemself() {
        return caller.is(Role.RESIDENT);
    }

    /**
     * Where a change to a volunteer happened, for the audit trail: their compound. Grid workers read it when the
     * volunteer serves a building of their grids ({@link #serving}).
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

    private static Volunteer find(long volunteerId) {
        Volunteer volunteer = Volunteer.findById(volunteerId);
        if (volunteer == null) {
            throw DoorstepException.notFound("Volunteer " + volunteerId + " does not exist.");
        }
        return volunteer;
    }
}
