package org.doorstep.order.household;

import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.doorstep.common.buildings.BuildingDirectory;
import org.doorstep.common.contracts.Vulnerability;
import org.doorstep.common.problem.DoorstepException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumSet;

@Path("/api/households")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "households")
public class HouseholdResource {

    @Inject
    BuildingDirectory buildings;

    @POST
    @Transactional
    @Operation(summary = "Register a household (a flat in a building, and who lives there)")
    public Response register(@Valid @NotNull HouseholdApi.NewHousehold request, UriInfo uri) {
        buildings.require(request.buildingId());
        Household household = new Household();
        household.buildingId = request.buildingId();
        household.room = request.room().trim();
        household.contactName = request.contactName().trim();
        household.phone = request.phone() == null ? null : request.phone().trim();
        household.vulnerabilities = request.vulnerabilities() == null || request.vulnerabilities().isEmpty()
                ? EnumSet.noneOf(Vulnerability.class) : EnumSet.copyOf(request.vulnerabilities());
        household.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
        household.persist();
        return Response.created(uri.getAbsolutePathBuilder().path(String.valueOf(household.id)).build())
                .entity(view(household)).build();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A household")
    public HouseholdApi.HouseholdView get(@PathParam("id") long id) {
        return view(require(id));
    }

    public static Household require(long id) {
        Household household = Household.findById(id);
        if (household == null) {
            throw DoorstepException.notFound("Household " + id + " does not exist.");
        }
        return household;
    }

    static HouseholdApi.HouseholdView view(Household h) {
        return new HouseholdApi.HouseholdView(h.id, h.buildingId, h.room, h.contactName, h.phone, h.vulnerabilities,
                h.createdAt);
    }
}
