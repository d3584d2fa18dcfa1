package org.doorstep.dispatch.planning;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.doorstep.common.audit.Audit;
import org.doorstep.common.audit.GridMap;
import org.doorstep.common.problem.DoorstepException;
import org.doorstep.common.security.Caller;
import org.doorstep.common.security.Role;
import org.doorstep.dispatch.model.Building;
import org.doorstep.dispatch.model.Run;

import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Who may act where in dispatch, in one place: a grid worker on the buildings of their grids, an admin everywhere, a
 * volunteer on their own runs.
 */
@ApplicationScoped
public class Areas implements GridMap {

    @Inject
    Caller caller;

    /** The building, if it exists (404) and the caller serves its grid (403). */
    public Building building(long buildingId) {
        Building building = requireBuilding(buildingId);
        caller.requireGrid(building.gridId);
        return building;
    }

    /** 403 unless the caller serves the grid of every building named. */
    public void requireBuildings(Collection<Long> buildingIds) {
        for (Long id : buildingIds) {
            building(id);
        }
    }

    /** A run the caller may see: their own as a volunteer, one of their grids as a grid worker, any as an admin. */
    public Run readableRun(long runId) {
        Run run = requireRun(runId);
        if (caller.is(Role.VOLUNTEER)) {
            requireOwnRun(run);
        } else {
            caller.requireGrid(gridOf(run.buildingId));
        }
        return run;
    }

    /** A run the caller carries: only its volunteer picks up and hands off. */
    public Run carriedRun(long runId) {
        Run run = requireRun(runId);
        requireOwnRun(run);
        return run;
    }

    /** A run a grid worker of its building's grid (or an admin) manages. */
    public Run managedRun(long runId) {
        Run run = requireRun(runId);
        caller.requireGrid(gridOf(run.buildingId));
        return run;
    }

    public boolean mayManage(long buildingId) {
        return caller.servesGrid(gridOf(buildingId));
    }

    public Long gridOf(long buildingId) {
        Building building = Building.findById(buildingId);
        return building == null ? null : building.gridId;
    }

    public Audit.Area areaOf(long buildingId) {
        Building building = Building.findById(buildingId);
        return building == null ? new Audit.Area(null, null, buildingId)
                : Audit.Area.building(building.gridId, building.compoundId, building.id);
    }

    @Override
    public Places placesOf(Collection<Long> gridIds) {
        if (gridIds.isEmpty()) {
            return Places.NONE;
        }
        List<Building> buildings = Building.list("gridId in ?1", List.copyOf(gridIds));
        return new Places(buildings.stream().map(b -> b.id).collect(Collectors.toSet()),
                buildings.stream().map(b -> b.compoundId).collect(Collectors.toSet()));
    }

    private void requireOwnRun(Run run) {
        if (!caller.is(Role.VOLUNTEER) || run.volunteerId == null || run.volunteerId != caller.volunteerId()) {
            throw DoorstepException.forbidden("Run " + run.id + " is not yours; a volunteer acts on their own runs.");
        }
    }

    /** The 404 of PlaceService.require, said here: planning may not call up into the places feature. */
    /** The building, or 404: for callers that check the area themselves, or need none. */
    public static Building requireBuilding(long buildingId) {
        Building building = Building.findById(buildingId);
        if (building == null) {
            throw DoorstepException.notFound("Building " + buildingId + " does not exist.");
        }
        return building;
    }

    private static Run requireRun(long runId) {
        Run run = Run.findById(runId);
        if (run == null) {
            throw DoorstepException.notFound("Run " + runId + " does not exist.");
        }
        return run;
    }
}
