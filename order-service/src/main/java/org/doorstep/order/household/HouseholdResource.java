package org.doorstep.order.household;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.doorstep.common.audit.Audit;
import org.doorstep.common.buildings.BuildingDirectory;
import org.doorstep.common.contracts.Vulnerability;
import org.doorstep.common.problem.DoorstepException;
import org.doorstep.common.security.Caller;
import org.doorstep.common.security.Role;
import org.doorstep.order.limits.Limit;
import org.doorstep.order.limits.LimitOverride;
import org.doorstep.order.limits.Limits;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;

@Path("/api/households")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "households")
public class HouseholdResource {

    @Inject
    BuildingDirectory buildings;

    @Inject
    HouseholdAccess access;

    @Inject
    Caller caller;

    @Inject
    Audit audit;

    @Inject
    Limits limits;

    @Inject
    HouseholdChanges households;

    @POST
    @Transactional
    @RolesAllowed({"RESIDENT", "GRID_WORKER", "ADMIN"})
    @Operation(summary = "Register a household (a flat in a building, and who lives there). A resident's household is "
            + "theirs; a grid worker registers one in their grids and may link it to a resident's account. An account "
            + "holds at most so many households (GET /api/limits; over it 422, unless a grid worker states "
            + "overrideLimitReason).")
    @APIResponse(responseCode = "201", description = "The household",
            content = @Content(schema = @Schema(implementation = HouseholdApi.HouseholdView.class)))
    @APIResponse(responseCode = "404", description = "No such building, or not yet known to order-service (try "
            + "again in a few seconds)")
    @APIResponse(responseCode = "422", description = "The account holds as many households as it may (a problem of "
            + "type urn:doorstep:limit:…, with limit and limitValue)")
    public Response register(@Valid @NotNull HouseholdApi.NewHousehold request, UriInfo uri) {
        BuildingDirectory.KnownBuilding building = buildings.require(request.buildingId());
        access.requireBuildingInArea(building.buildingId());
        String owner = caller.is(Role.RESIDENT) ? caller.subject()
                : request.account() == null || request.account().isBlank() ? null : request.account().trim();
        String overrideReason = LimitOverride.reasonOf(caller.requester(), request.overrideLimitReason());
        LimitOverride overridden = owner == null ? null : withinLimit(owner, overrideReason);
        Household household = new Household();
        household.buildingId = request.buildingId();
        household.room = request.room().trim();
        household.contactName = request.contactName().trim();
        household.phone = request.phone() == null ? null : request.phone().trim();
        household.vulnerabilities = request.vulnerabilities() == null || request.vulnerabilities().isEmpty()
                ? EnumSet.noneOf(Vulnerability.class) : EnumSet.copyOf(request.vulnerabilities());
        household.people = request.people() == null ? 1 : request.people();
        household.ownerAccount = owner;
        household.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
        household.persist();
        Audit.Area area = Audit.Area.building(building.gridId(), building.compoundId(), building.buildingId());
        audit.record("HOUSEHOLD_REGISTERED", "Household", household.id, area,
                "vulnerabilities " + household.vulnerabilities);
        if (overridden != null) {
            audit.record(LimitOverride.AUDIT_ACTION, "Household", household.id, area, overridden.auditFacts(),
                    overridden.reason());
        }
        return Response.created(uri.getAbsolutePathBuilder().path(String.valueOf(household.id)).build())
                .entity(view(household)).build();
    }

    @PATCH
    @Path("/{id}")
    @Transactional
    @RolesAllowed({"RESIDENT", "GRID_WORKER", "ADMIN"})
    @Operation(summary = "Change a household's room, contact name, phone, number of people or vulnerabilities (its "
            + "resident, a grid worker of its grid, an admin). A field left out stays as it is; phone: null removes "
            + "the phone. Dispatch's open orders of the household follow (event HouseholdChanged).")
    @APIResponse(responseCode = "200", description = "The household as it now is")
    public HouseholdApi.HouseholdView change(@PathParam("id") long id,
                                             @Valid @NotNull HouseholdApi.HouseholdChange change) {
        Household household = access.require(id);
        List<String> changed = households.change(household, change);
        if (!changed.isEmpty()) {
            // Which fields, never their values: the trail names places and people by id only.
            audit.record("HOUSEHOLD_CHANGED", "Household", household.id, access.areaOf(household.buildingId),
                    "changed " + String.join(", ", changed));
        }
        return view(household);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({"RESIDENT", "GRID_WORKER", "ADMIN"})
    @Operation(summary = "A household (its resident, a grid worker of its grid, an admin)")
    public HouseholdApi.HouseholdView get(@PathParam("id") long id) {
        return view(access.require(id));
    }

    @GET
    @RolesAllowed({"RESIDENT", "GRID_WORKER", "ADMIN"})
    @Operation(summary = "A resident's own households; for a grid worker, the households of a building of their grids")
    public List<HouseholdApi.HouseholdView> list(@QueryParam("buildingId") Long buildingId) {
        if (caller.is(Role.RESIDENT)) {
            return Household.<Household>list("ownerAccount = ?1 order by id", caller.subject()).stream()
                    .filter(h -> buildingId == null || h.buildingId == buildingId).map(HouseholdResource::view)
                    .toList();
        }
        if (buildingId == null) {
            throw DoorstepException.badRequest("Give the query parameter buildingId.");
        }
        access.requireBuildingInArea(buildingId);
        return Household.<Household>list("buildingId = ?1 order by id", buildingId).stream()
                .map(HouseholdResource::view).toList();
    }

    /**
     * Whether the account may hold one more household: its row in resident_account is locked first, so that two
     * registrations for one account at the same moment are counted one after the other.
     */
    private LimitOverride withinLimit(String account, String overrideReason) {
        var em = Household.getEntityManager();
        em.createNativeQuery("insert into resident_account (account) values (?1)"
                + " on duplicate key update account = account").setParameter(1, account).executeUpdate();
        int held = ((Number) em.createNativeQuery("select count(*) from household where owner_account = ?1")
                .setParameter(1, account).getSingleResult()).intValue();
        return LimitOverride.check(Limit.HOUSEHOLDS_PER_RESIDENT, limits, held, overrideReason, "The resident account "
                + account + " already holds " + held + " households, the most one account may hold.");
    }

    static HouseholdApi.HouseholdView view(Household h) {
        return new HouseholdApi.HouseholdView(h.id, h.buildingId, h.room, h.contactName, h.phone, h.vulnerabilities,
                h.people, h.ownerAccount, h.createdAt);
    }
}
