package org.doorstep.order.order;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;
import org.doorstep.common.idempotency.IdempotencyKey;
import org.doorstep.common.security.Caller;
import org.doorstep.common.problem.DoorstepException;
import org.doorstep.order.household.HouseholdAccess;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletionStage;

@Path("/api/orders")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "orders")
public class OrderResource {

    @Inject
    OrderService orders;

    @Inject
    HouseholdAccess households;

    @Inject
    OrderIntake intake;

    @Inject
    Caller caller;

    @POST
    @RolesAllowed({"RESIDENT", "GRID_WORKER", "ADMIN"})
    @Operation(summary = "Place an order of food, medicine or a meal for a household. "
            + "An Idempotency-Key header makes the caller's retry return their first answer instead of a second "
            + "order; the same key from another caller is another order.")
    @APIResponse(responseCode = "201", description = "The order; for the caller's retry under the same "
            + "Idempotency-Key, their first order",
            content = @Content(schema = @Schema(implementation = OrderApi.OrderView.class)))
    @APIResponse(responseCode = "404", description = "No such household, or not one of the caller's")
    @APIResponse(responseCode = "409", description = "The household was erased (its lockdown ended, or on request)")
    @APIResponse(responseCode = "422", description = "The caller already used the Idempotency-Key for a different "
            + "order, the meal's delivery window has ended, or the household is at a limit of open orders (type "
            + "urn:doorstep:limit:…, members limit and limitValue; a grid worker may go over it with "
            + "overrideLimitReason)")
    public CompletionStage<Response> place(@Valid @NotNull OrderApi.NewOrder request,
                                           @Parameter(description = "Makes a retry return the first answer: one "
                                                   + "key per order draft, kept across retries. A key is the "
                                                   + "caller's own; the same key from another caller is another "
                                                   + "order.", example = "draft-5f1c2a")
                                           @HeaderParam("Idempotency-Key") @Size(max = IdempotencyKey.MAX_LENGTH)
                                           String idempotencyKey,
                                           UriInfo uri) {
        URI orders = uri.getAbsolutePath();
        // Not on a worker thread: the request waits for its intake group's commit without holding one.
        return intake.place(request, idempotencyKey, caller.requester()).thenApply(order -> Response
                .created(UriBuilder.fromUri(orders).path(String.valueOf(order.id())).build()).entity(order).build());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({"RESIDENT", "GRID_WORKER", "ADMIN"})
    @Operation(summary = "An order with its status, run and history (the handoff code: to its resident only)")
    public OrderApi.OrderView get(@PathParam("id") long id) {
        return orders.view(orders.requireVisible(id));
    }

    @GET
    @RolesAllowed({"RESIDENT", "GRID_WORKER", "ADMIN"})
    @Operation(summary = "A household's orders, newest first")
    @APIResponse(responseCode = "200", description = "The orders")
    @APIResponse(responseCode = "404", description = "No such household, or not one of the caller's")
    public List<OrderApi.OrderView> list(@QueryParam("householdId") Long householdId) {
        if (householdId == null) {
            throw DoorstepException.badRequest("Give the query parameter householdId.");
        }
        households.require(householdId);
        return Order.<Order>list("householdId = ?1 order by id desc", householdId).stream().map(orders::view).toList();
    }

    @POST
    @Path("/{id}/cancel")
    @RolesAllowed({"RESIDENT", "GRID_WORKER", "ADMIN"})
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Cancel an order before a volunteer picks it up")
    @APIResponse(responseCode = "200", description = "The order, cancelled")
    @APIResponse(responseCode = "409", description = "A volunteer has already picked the order up")
    public OrderApi.OrderView cancel(@PathParam("id") long id) {
        return orders.view(orders.cancel(id));
    }
}
