package org.doorstep.order.mealplan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.doorstep.common.audit.Audit;
import org.doorstep.common.problem.DoorstepException;
import org.doorstep.order.household.Household;
import org.doorstep.order.household.HouseholdAccess;
import org.doorstep.order.order.OrderApi;
import org.doorstep.order.order.OrderApi.Item;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

@Path("/api/meal-plans")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "meal plans")
public class MealPlanResource {

    public record NewMealPlan(@NotNull @Positive Long householdId,
                              @NotEmpty @Size(max = 7) Set<@NotNull DayOfWeek> days,
                              @NotNull @Schema(example = "11:30") LocalTime windowStart,
                              @NotNull @Schema(example = "12:30") LocalTime windowEnd,
                              @NotNull @Size(min = 1, max = 20) List<@Valid @NotNull Item> items,
                              @Size(max = 500) String note) {

        @AssertTrue(message = "windowEnd must come after windowStart, on the same day")
        @Schema(hidden = true) // a rule of the body, not a field of it
        public boolean isWindowOrdered() {
            return windowStart == null || windowEnd == null || windowEnd.isAfter(windowStart);
        }
    }

    public record MealPlanView(long id, long householdId, Set<DayOfWeek> days,
                               @Schema(example = "11:30") LocalTime windowStart,
                               @Schema(example = "12:30") LocalTime windowEnd, List<OrderApi.Item> items, @Schema(nullable = true) String note,
                               MealPlan.Status status) {
    }

    public record Generation(@NotNull LocalDate date) {
    }

    @Inject
    ObjectMapper mapper;

    @Inject
    MealPlanGenerator generator;

    @Inject
    HouseholdAccess households;

    @Inject
    Audit audit;

    @POST
    @Transactional
    @RolesAllowed({"RESIDENT", "GRID_WORKER", "ADMIN"})
    @Operation(summary = "Start a recurring meal for a household (days of the week, delivery window)")
    @APIResponse(responseCode = "201", description = "The meal plan",
            content = @Content(schema = @Schema(implementation = MealPlanView.class)))
    @APIResponse(responseCode = "404", description = "No such household, or not one of the caller's")
    @APIResponse(responseCode = "409", description = "The household was erased")
    public Response create(@Valid @NotNull NewMealPlan request, UriInfo uri) {
        Household household = households.require(request.householdId());
        if (household.erasedAt != null) {
            throw HouseholdAccess.erased(household.id);
        }
        MealPlan plan = new MealPlan();
        plan.householdId = request.householdId();
        plan.setDays(EnumSet.copyOf(request.days()));
        plan.windowStart = request.windowStart();
        plan.windowEnd = request.windowEnd();
        plan.items = write(request.items());
        plan.note = request.note();
        plan.status = MealPlan.Status.ACTIVE;
        plan.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
        plan.persist();
        audit.record("MEAL_PLAN_STARTED", "MealPlan", plan.id, households.areaOf(household.buildingId),
                plan.dayset() + " " + plan.windowStart + "-" + plan.windowEnd);
        return Response.created(uri.getAbsolutePathBuilder().path(String.valueOf(plan.id)).build())
                .entity(view(plan)).build();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({"RESIDENT", "GRID_WORKER", "ADMIN"})
    @Operation(summary = "A meal plan")
    public MealPlanView get(@PathParam("id") long id) {
        return view(require(id));
    }

    @GET
    @RolesAllowed({"RESIDENT", "GRID_WORKER", "ADMIN"})
    @Operation(summary = "A household's meal plans")
    @APIResponse(responseCode = "200", description = "The household's meal plans")
    @APIResponse(responseCode = "404", description = "No such household, or not one of the caller's")
    public List<MealPlanView> list(@QueryParam("householdId") Long householdId) {
        if (householdId == null) {
            throw DoorstepException.badRequest("Give the query parameter householdId.");
        }
        households.require(householdId);
        return MealPlan.<MealPlan>list("householdId = ?1 order by id", householdId).stream().map(this::view).toList();
    }

    @POST
    @Path("/{id}/pause")
    @Consumes(MediaType.WILDCARD)
    @Transactional
    @RolesAllowed({"RESIDENT", "GRID_WORKER", "ADMIN"})
    @Operation(summary = "Pause a meal plan: no new meals until resumed")
    @APIResponse(responseCode = "200", description = "The meal plan, paused")
    @APIResponse(responseCode = "409", description = "The meal plan has ended")
    public MealPlanView pause(@PathParam("id") long id) {
        return view(move(id, MealPlan.Status.PAUSED));
    }

    @POST
    @Path("/{id}/resume")
    @Consumes(MediaType.WILDCARD)
    @Transactional
    @RolesAllowed({"RESIDENT", "GRID_WORKER", "ADMIN"})
    @Operation(summary = "Resume a paused meal plan")
    @APIResponse(responseCode = "200", description = "The meal plan, active")
    @APIResponse(responseCode = "409", description = "The meal plan has ended")
    public MealPlanView resume(@PathParam("id") long id) {
        return view(move(id, MealPlan.Status.ACTIVE));
    }

    @POST
    @Path("/{id}/end")
    @Consumes(MediaType.WILDCARD)
    @Transactional
    @RolesAllowed({"RESIDENT", "GRID_WORKER", "ADMIN"})
    @Operation(summary = "End a meal plan for good")
    public MealPlanView end(@PathParam("id") long id) {
        return view(move(id, MealPlan.Status.ENDED));
    }

    @POST
    @Path("/generate")
    @RolesAllowed("ADMIN")
    @Operation(summary = "Make the day's meal orders now (also done by itself every few minutes); idempotent")
    public MealPlanGenerator.Result generate(@Valid @NotNull Generation request) {
        return generator.generate(request.date());
    }

    private MealPlan move(long id, MealPlan.Status next) {
        MealPlan plan = require(id);
        if (plan.status == MealPlan.Status.ENDED && next != MealPlan.Status.ENDED) {
            throw DoorstepException.conflict("Meal plan " + id + " has ended; start a new one.");
        }
        plan.status = next;
        Household household = Household.findById(plan.householdId);
        audit.record(next == MealPlan.Status.ACTIVE ? "MEAL_PLAN_RESUMED" : "MEAL_PLAN_" + next, "MealPlan", plan.id, households.areaOf(household.buildingId), null);
        return plan;
    }

    /** The plan, if the caller may reach its household (another resident: 404, as if it did not exist). */
    private MealPlan require(long id) {
        MealPlan plan = MealPlan.findById(id);
        Household household = plan == null ? null : Household.findById(plan.householdId);
        households.check(household, () -> DoorstepException.notFound("Meal plan " + id + " does not exist."));
        return plan;
    }

    MealPlanView view(MealPlan plan) {
        return new MealPlanView(plan.id, plan.householdId, plan.dayset(), plan.windowStart, plan.windowEnd,
                read(mapper, plan.items), plan.note, plan.status);
    }

    private String write(List<OrderApi.Item> items) {
        try {
            return mapper.writeValueAsString(items);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<OrderApi.Item> read(ObjectMapper mapper, String items) {
        try {
            return mapper.readValue(items, new TypeReference<List<OrderApi.Item>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
