package org.doorstep.dispatch.places;

import io.quarkus.panache.common.Sort;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.doorstep.common.lists.ListLimit;
import org.doorstep.common.problem.DoorstepException;
import org.doorstep.dispatch.model.Building;
import org.doorstep.dispatch.model.Compound;
import org.doorstep.dispatch.planning.Areas;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.util.List;

@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "places")
public class PlaceResource {

    @Inject
    PlaceService places;

    @Inject
    Areas areas;

    @POST
    @Path("/compounds")
    @RolesAllowed("ADMIN")
    @Operation(summary = "Create a compound")
    @APIResponse(responseCode = "201", description = "The compound",
            content = @Content(schema = @Schema(implementation = PlaceApi.CompoundView.class)))
    public Response createCompound(@Valid @NotNull PlaceApi.NewCompound request, UriInfo uri) {
        Compound compound = places.createCompound(request);
        return Response.created(uri.getBaseUriBuilder().path("api/compounds/{id}").build(compound.id))
                .entity(new PlaceApi.CompoundView(compound.id, compound.name)).build();
    }

    @GET
    @Path("/compounds/{id}")
    @RolesAllowed({"RESIDENT", "VOLUNTEER", "GRID_WORKER", "ADMIN"})
    @Operation(summary = "A compound")
    public PlaceApi.CompoundView compound(@PathParam("id") long id) {
        Compound compound = Compound.findById(id);
        if (compound == null) {
            throw DoorstepException.notFound("Compound " + id + " does not exist.");
        }
        return new PlaceApi.CompoundView(compound.id, compound.name);
    }

    @GET
    @Path("/compounds")
    @RolesAllowed({"RESIDENT", "VOLUNTEER", "GRID_WORKER", "ADMIN"})
    @Operation(summary = "Compounds by name, at most limit of them: what a resident chooses from when registering a "
            + "household; q keeps those whose name contains it, case-insensitive (金桥 or jinqiao)")
    @APIResponse(responseCode = "200", description = "The compounds, by name then id; as many as limit when there are "
            + "more (narrow them with q)")
    @APIResponse(responseCode = "400", description = "limit outside 1 to 1000, or q longer than 200 characters")
    public List<PlaceApi.CompoundView> compounds(
            @Parameter(description = "Part of the name, any case", example = "金桥",
                    schema = @Schema(type = SchemaType.STRING, maxLength = 200)) @QueryParam("q") String q,
            @Parameter(description = "At most this many (200 when left out)", example = "50",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "1000"))
            @QueryParam("limit") Integer limit) {
        return places.compounds(q, ListLimit.of(limit)).stream()
                .map(c -> new PlaceApi.CompoundView(c.id, c.name)).toList();
    }

    @GET
    @Path("/compounds/{id}/buildings")
    @RolesAllowed({"RESIDENT", "VOLUNTEER", "GRID_WORKER", "ADMIN"})
    @Operation(summary = "The buildings of a compound by name, with their status")
    @APIResponse(responseCode = "200", description = "The compound's buildings")
    @APIResponse(responseCode = "404", description = "No such compound")
    public List<PlaceApi.BuildingView> buildings(@PathParam("id") long id) {
        compound(id);
        return Building.<Building>list("compoundId", Sort.by("name").and("id"), id).stream()
                .map(places::view).toList();
    }

    @POST
    @Path("/buildings")
    @RolesAllowed("ADMIN")
    @Operation(summary = "Create a building in a compound, with its lockdown status")
    @APIResponse(responseCode = "201", description = "The building",
            content = @Content(schema = @Schema(implementation = PlaceApi.BuildingView.class)))
    @APIResponse(responseCode = "404", description = "No such compound")
    public Response createBuilding(@Valid @NotNull PlaceApi.NewBuilding request, UriInfo uri) {
        Building building = places.createBuilding(request);
        return Response.created(uri.getBaseUriBuilder().path("api/buildings/{id}").build(building.id))
                .entity(places.view(building)).build();
    }

    @GET
    @Path("/buildings/{id}")
    @RolesAllowed({"RESIDENT", "VOLUNTEER", "GRID_WORKER", "ADMIN"})
    @Operation(summary = "A building with its status and since when")
    public PlaceApi.BuildingView building(@PathParam("id") long id) {
        return places.view(places.require(id));
    }

    @PUT
    @Path("/buildings/{id}/status")
    @RolesAllowed({"GRID_WORKER", "ADMIN"})
    @Operation(summary = "Change a building's status; pending work is re-planned at once")
    public PlaceApi.BuildingView changeStatus(@PathParam("id") long id,
                                              @Valid @NotNull PlaceApi.StatusChange change) {
        areas.building(id);
        return places.view(places.changeStatus(id, change));
    }

    @GET
    @Path("/buildings/{id}/status-history")
    @RolesAllowed({"GRID_WORKER", "ADMIN"})
    @Operation(summary = "Every status the building had: when, by whom, why")
    public List<PlaceApi.StatusChangeView> history(@PathParam("id") long id) {
        return places.history(areas.building(id).id);
    }
}
