package org.doorstep.volunteer.volunteer;

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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

@Path("/api/volunteers")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "volunteers")
public class VolunteerResource {

    @Inject
    VolunteerService volunteers;

    @POST
    @RolesAllowed({"RESIDENT", "GRID_WORKER", "ADMIN"})
    @Operation(summary = "Register a volunteer for a compound and the buildings they serve (a grid worker: buildings "
            + "of their grids only, else 403). A resident signs up: they wait for vetting (PENDING).")
    @APIResponse(responseCode = "201", description = "The volunteer",
            content = @Content(schema = @Schema(implementation = VolunteerApi.VolunteerView.class)))
    @APIResponse(responseCode = "404", description = "No such building, or not yet known to volunteer-service (try "
            + "again in a few seconds)")
    @APIResponse(responseCode = "422", description = "A building is not in the volunteer's compound")
    public Response register(@Valid @NotNull VolunteerApi.Registration registration, UriInfo uri) {
        Volunteer volunteer = volunteers.register(registration);
        return Response.created(uri.getAbsolutePathBuilder().path(String.valueOf(volunteer.id)).build())
                .entity(volunteers.view(volunteer)).build();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({"VOLUNTEER", "GRID_WORKER", "ADMIN"})
    @Operation(summary = "A volunteer, with whether they may carry now and, if not, why (the volunteer themself, a "
            + "grid worker of a building they serve, an admin)")
    public VolunteerApi.VolunteerView get(@PathParam("id") long id) {
        return volunteers.view(volunteers.require(id));
    }

    @POST
    @Path("/{id}/tests")
    @RolesAllowed({"VOLUNTEER", "GRID_WORKER", "ADMIN"})
    @Operation(summary = "Record a test result. The latest by time taken counts, a tie against the volunteer; a "
            + "positive recorded by a grid worker or admin stands until one of them records a negative taken after "
            + "it, and the volunteer's own negative meanwhile is refused (409)")
    @APIResponse(responseCode = "200", description = "The volunteer, with the test taken into account")
    @APIResponse(responseCode = "409", description = "The volunteer's own negative while a positive recorded by a "
            + "grid worker or admin stands")
    @APIResponse(responseCode = "422", description = "The test's takenAt is in the future")
    public VolunteerApi.VolunteerView recordTest(@PathParam("id") long id,
                                                 @Valid @NotNull VolunteerApi.TestReport report) {
        return volunteers.view(volunteers.recordTest(id, report));
    }

    @POST
    @Path("/{id}/vetting")
    @RolesAllowed({"GRID_WORKER", "ADMIN"})
    @Operation(summary = "A grid worker's vetting decision: APPROVED or REJECTED")
    public VolunteerApi.VolunteerView vet(@PathParam("id") long id,
                                          @Valid @NotNull VolunteerApi.VettingDecision decision) {
        return volunteers.view(volunteers.vet(id, decision));
    }

    @PUT
    @Path("/{id}/duty")
    @RolesAllowed({"VOLUNTEER", "GRID_WORKER", "ADMIN"})
    @Operation(summary = "Go on or off duty")
    @APIResponse(responseCode = "200", description = "The volunteer")
    @APIResponse(responseCode = "409", description = "The volunteer's latest test is positive")
    public VolunteerApi.VolunteerView changeDuty(@PathParam("id") long id,
                                                 @Valid @NotNull VolunteerApi.DutyChange change) {
        return volunteers.view(volunteers.changeDuty(id, change.onDuty()));
    }
}
