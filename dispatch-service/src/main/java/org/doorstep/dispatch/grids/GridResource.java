package org.doorstep.dispatch.grids;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.doorstep.common.problem.DoorstepException;
import org.doorstep.common.security.Caller;
import org.doorstep.dispatch.model.Grid;
import org.doorstep.dispatch.planning.Areas;
import org.doorstep.dispatch.planning.GridAlerts;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "grids")
public class GridResource {

    @Inject
    GridService grids;

    @Inject
    Areas areas;

    @Inject
    org.doorstep.dispatch.planning.Dispatcher dispatcher;

    @Inject
    Caller caller;

    @POST
    @Path("/grids")
    @RolesAllowed("ADMIN")
    @Operation(summary = "Create a grid (the buildings one grid worker watches)")
    @APIResponse(responseCode = "201", description = "The grid",
            content = @Content(schema = @Schema(implementation = GridApi.GridView.class)))
    @APIResponse(responseCode = "404", description = "No such building")
    public Response create(@Valid @NotNull GridApi.NewGrid request, UriInfo uri) {
        Grid grid = grids.create(request);
        return Response.created(uri.getBaseUriBuilder().path("api/grids/{id}").build(grid.id))
                .entity(grids.view(grid)).build();
    }

    @GET
    @Path("/grids/{id}")
    @RolesAllowed({"GRID_WORKER", "ADMIN"})
    @Operation(summary = "A grid and its buildings")
    public GridApi.GridView get(@PathParam("id") long id) {
        caller.requireGrid(id);
        return grids.view(grids.require(id));
    }

    @PUT
    @Path("/grids/{id}/buildings")
    @RolesAllowed("ADMIN")
    @Operation(summary = "Set the buildings of a grid")
    public GridApi.GridView setBuildings(@PathParam("id") long id, @Valid @NotNull GridApi.Buildings request) {
        return grids.view(grids.setBuildings(id, request.buildingIds()));
    }

    @GET
    @Path("/grids/{id}/board")
    @RolesAllowed({"GRID_WORKER", "ADMIN"})
    @Operation(summary = "The building board: status, queue, oldest wait, urgent orders, coverage gap per building")
    public List<GridApi.BuildingTile> board(@PathParam("id") long id) {
        caller.requireGrid(id);
        return grids.board(id);
    }

    @GET
    @Path("/grids/{id}/queue")
    @RolesAllowed({"GRID_WORKER", "ADMIN"})
    @Operation(summary = "Queued orders of the grid, in order of service (urgent medicine first), with waiting time")
    public List<GridApi.QueuedOrder> queue(@PathParam("id") long id) {
        caller.requireGrid(id);
        return grids.queue(grids.buildingsOf(id).stream().map(b -> b.id).toList());
    }

    @GET
    @Path("/buildings/{id}/queue")
    @RolesAllowed({"GRID_WORKER", "ADMIN"})
    @Operation(summary = "Queued orders of a building, in order of service, with waiting time")
    public List<GridApi.QueuedOrder> buildingQueue(@PathParam("id") long id) {
        areas.building(id);
        return grids.queue(List.of(id));
    }

    @GET
    @Path("/buildings/{id}/volunteers")
    @RolesAllowed({"GRID_WORKER", "ADMIN"})
    @Operation(summary = "The volunteers of the building's compound, eligible first; the others with the rules they fail")
    public List<GridApi.Candidate> candidates(@PathParam("id") long id) {
        return grids.candidates(areas.building(id), dispatcher::loadOf);
    }

    @GET
    @Path("/grids/{id}/alerts")
    @RolesAllowed({"GRID_WORKER", "ADMIN"})
    @Operation(summary = "What needs the grid worker now: coverage gaps, urgent orders past target, failed and locked "
            + "handoffs, events set aside, messages that reached no one in a household")
    public List<GridAlerts.Alert> alerts(@PathParam("id") long id) {
        caller.requireGrid(id);
        return grids.alerts(id);
    }

    @GET
    @Path("/brief")
    @RolesAllowed({"GRID_WORKER", "ADMIN"})
    @Operation(summary = "The daily brief: counts by category and status, delivered, pending, overdue, per building")
    @APIResponse(responseCode = "200", description = "The brief of the day, of one grid or the whole district")
    @APIResponse(responseCode = "404", description = "No such grid")
    public GridApi.Brief brief(@QueryParam("date") String date, @QueryParam("gridId") Long gridId) {
        LocalDate day;
        try {
            day = date == null ? grids.today() : LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            throw DoorstepException.badRequest("date must be a day like 2022-04-10; '" + date + "' is not.");
        }
        // A grid worker reads the brief of one of their grids; the whole district is an admin's.
        caller.requireGrid(gridId);
        if (gridId != null) {
            grids.require(gridId);
        }
        return grids.brief(day, gridId);
    }
}
