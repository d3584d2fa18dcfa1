package org.doorstep.dispatch.runs;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.doorstep.common.idempotency.IdempotencyKey;
import org.doorstep.common.problem.DoorstepException;
import org.doorstep.common.security.Caller;
import org.doorstep.common.security.Role;
import org.doorstep.dispatch.model.Run;
import org.doorstep.dispatch.planning.Areas;
import org.doorstep.dispatch.planning.RunApi;
import org.doorstep.dispatch.planning.RunService;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

@Path("/api/runs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "runs")
public class RunResource {

    @Inject
    RunService runs;

    @Inject
    Areas areas;

    @Inject
    Caller caller;

    @GET
    @RolesAllowed({"VOLUNTEER", "GRID_WORKER", "ADMIN"})
    @Operation(summary = "Runs of a volunteer (a volunteer: their own; a grid worker: those in their grids) or of a "
            + "building, newest first")
    @APIResponse(responseCode = "200", description = "The runs, newest first")
    @APIResponse(responseCode = "404", description = "No such building")
    public List<RunApi.RunView> list(@QueryParam("volunteerId") Long volunteerId,
                                     @QueryParam("buildingId") Long buildingId) {
        if ((volunteerId == null) == (buildingId == null)) {
            throw DoorstepException.badRequest("Give exactly one of the query parameters volunteerId or buildingId.");
        }
        if (caller.is(Role.VOLUNTEER) && (volunteerId == null || volunteerId != caller.volunteerId())) {
            throw DoorstepException.forbidden("A volunteer sees their own runs: ask with volunteerId="
                    + caller.volunteerId() + ".");
        }
        if (buildingId != null) {
            areas.building(buildingId);
            return Run.<Run>list("buildingId = ?1 order by id desc", buildingId).stream().map(runs::view).toList();
        }
        return Run.<Run>list("volunteerId = ?1 order by id desc", volunteerId).stream()
                .filter(run -> caller.is(Role.VOLUNTEER) || areas.mayManage(run.buildingId))
                .map(runs::view).toList();
    }

    @POST
    @RolesAllowed({"GRID_WORKER", "ADMIN"})
    @Operation(summary = "Put queued orders of a building on a new run for a volunteer (by hand)")
    @APIResponse(responseCode = "201", description = "The run",
            content = @Content(schema = @Schema(implementation = RunApi.RunView.class)))
    @APIResponse(responseCode = "404", description = "No such building, order or volunteer")
    @APIResponse(responseCode = "409", description = "An order is not queued in the building, or the volunteer may "
            + "not carry there and no override is stated")
    public jakarta.ws.rs.core.Response create(@Valid @NotNull RunApi.NewRun request, jakarta.ws.rs.core.UriInfo uri) {
        areas.building(request.buildingId());
        Run run = runs.createByHand(request);
        return jakarta.ws.rs.core.Response.created(uri.getAbsolutePathBuilder().path(String.valueOf(run.id)).build())
                .entity(runs.view(run)).build();
    }

    @POST
    @Path("/{id}/unassign")
    @RolesAllowed({"GRID_WORKER", "ADMIN"})
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Take an unstarted run back from its volunteer; its orders return to the queue")
    @APIResponse(responseCode = "200", description = "The run, without a volunteer")
    @APIResponse(responseCode = "409", description = "The run is already picked up or done")
    public RunApi.RunView unassign(@PathParam("id") long id) {
        areas.managedRun(id);
        return runs.view(runs.unassign(id));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({"VOLUNTEER", "GRID_WORKER", "ADMIN"})
    @Operation(summary = "A run with its orders; the volunteer sees each stop's room and masked phone while carrying")
    public RunApi.RunView get(@PathParam("id") long id) {
        return runs.view(areas.readableRun(id));
    }

    @POST
    @Path("/{id}/assign")
    @RolesAllowed({"GRID_WORKER", "ADMIN"})
    @Operation(summary = "Give an unstarted run to a volunteer (a grid worker's manual assignment)")
    @APIResponse(responseCode = "200", description = "The run with its new volunteer")
    @APIResponse(responseCode = "404", description = "No such run or volunteer")
    @APIResponse(responseCode = "409", description = "The run is already picked up or done, or the volunteer may "
            + "not carry there and no override is stated")
    public RunApi.RunView assign(@PathParam("id") long id, @Valid @NotNull RunApi.Assignment assignment) {
        areas.managedRun(id);
        return runs.view(runs.assign(id, assignment));
    }

    @POST
    @Path("/{id}/pickup")
    @RolesAllowed("VOLUNTEER")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "The volunteer has the goods")
    @APIResponse(responseCode = "200", description = "The run, picked up")
    @APIResponse(responseCode = "409", description = "The run is done, has no volunteer, or has nothing left to carry")
    public RunApi.RunView pickUp(@PathParam("id") long id) {
        areas.carriedRun(id);
        return runs.view(runs.pickUp(id));
    }

    @POST
    @Path("/{id}/handoffs")
    @RolesAllowed("VOLUNTEER")
    @Operation(summary = "Confirm a doorstep handoff with the household's code, or record a failed one. "
            + "A confirmation made offline gives confirmedAt, the time it was made, which is then the handoff's time. "
            + "An Idempotency-Key header makes the volunteer's repeated request act once; the same key from "
            + "another volunteer is another request.")
    @APIResponse(responseCode = "200", description = "The run; for the volunteer's repeated request under the same "
            + "Idempotency-Key, the run as it is",
            content = @Content(schema = @Schema(implementation = RunApi.RunView.class)))
    @APIResponse(responseCode = "404", description = "No such run, or the order is not on it")
    @APIResponse(responseCode = "409", description = "The run is not picked up, the order is already handed off or "
            + "failed, or its handoff is locked after too many wrong codes")
    @APIResponse(responseCode = "422", description = "A wrong handoff code, a confirmedAt in the future, before the "
            + "run's pickup or more than 12 hours ago, or the volunteer already used the Idempotency-Key for another "
            + "handoff")
    public RunApi.RunView handOff(@PathParam("id") long id, @Valid @NotNull RunApi.Handoff handoff,
                                  @Parameter(description = "Makes a repeated request (a double tap, a retry after a "
                                          + "lost answer) act once. A key is the volunteer's own; the same key "
                                          + "from another volunteer is another request.", example = "handoff-8d2e41")
                                  @jakarta.ws.rs.HeaderParam("Idempotency-Key")
                                  @jakarta.validation.constraints.Size(max = IdempotencyKey.MAX_LENGTH)
                                  String idempotencyKey) {
        areas.carriedRun(id);
        IdempotencyKey key = IdempotencyKey.of(caller.subject(), idempotencyKey);
        try {
            return runs.view(runs.handOff(id, handoff, key));
        } catch (jakarta.persistence.PersistenceException e) {
            if (key == null || !org.doorstep.common.Failures.duplicateKey(e)) {
                throw e;
            }
            // A double tap: the other request holds the key and acted; answer with the run as it is now.
            return runs.view(runs.handOff(id, handoff, key));
        }
    }

    @POST
    @Path("/{id}/handoffs/{orderId}/unlock")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed({"GRID_WORKER", "ADMIN"})
    @Operation(summary = "Let the volunteer try the handoff code again after too many wrong codes locked it")
    public RunApi.RunView unlock(@PathParam("id") long id, @PathParam("orderId") long orderId) {
        areas.managedRun(id);
        return runs.view(runs.unlock(id, orderId));
    }
}
