package org.doorstep.dispatch.distributions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.doorstep.common.audit.Audit;
import org.doorstep.common.contracts.DispatchStatus;
import org.doorstep.common.contracts.DistributionStarted;
import org.doorstep.common.events.Topic;
import org.doorstep.common.outbox.Outbox;
import org.doorstep.common.problem.DoorstepException;
import org.doorstep.common.security.Caller;
import org.doorstep.dispatch.model.DispatchOrder;
import org.doorstep.dispatch.model.Distribution;
import org.doorstep.dispatch.planning.Areas;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Bulk distributions: a grid worker sends one package to every household of chosen buildings. order-service turns
 * each into one order per household; from then on they are orders like any other.
 */
@Path("/api/distributions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "distributions")
public class DistributionResource {

    public record Item(@NotBlank @Size(max = 100) String name, @NotNull @Min(1) @Max(99) Integer quantity) {
    }

    public record NewDistribution(@NotBlank @Size(max = 200) String name,
                                  @NotNull @Size(min = 1, max = 200) List<@NotNull @Positive Long> buildingIds,
                                  @NotNull @Size(min = 1, max = 20) List<@Valid @NotNull Item> items) {
    }

    public record DistributionView(long id, String name, List<Long> buildingIds, List<Item> items,
                                   OffsetDateTime createdAt, int orders, Map<DispatchStatus, Integer> byStatus) {
    }

    @Inject
    Outbox outbox;

    @Inject
    ObjectMapper mapper;

    @Inject
    Areas areas;

    @Inject
    Caller caller;

    @Inject
    Audit audit;

    @POST
    @Transactional
    @RolesAllowed({"GRID_WORKER", "ADMIN"})
    @Operation(summary = "Send one package to every household of the buildings (one order per household)")
    @APIResponse(responseCode = "201", description = "The distribution",
            content = @Content(schema = @Schema(implementation = DistributionView.class)))
    @APIResponse(responseCode = "404", description = "No such building")
    public Response start(@Valid @NotNull NewDistribution request, UriInfo uri) {
        List<Long> buildingIds = List.copyOf(new LinkedHashSet<>(request.buildingIds()));
        areas.requireBuildings(buildingIds);
        Distribution distribution = new Distribution();
        distribution.name = request.name().trim();
        distribution.buildingIds = buildingIds.stream().map(String::valueOf).collect(Collectors.joining(","));
        distribution.items = write(request.items());
        distribution.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
        distribution.createdBy = caller.subject();
        distribution.persistAndFlush();
        List<DistributionStarted.Item> items = request.items().stream()
                .map(i -> new DistributionStarted.Item(i.name().trim(), i.quantity())).toList();
        for (Long buildingId : buildingIds) {
            outbox.publish(Topic.DISPATCH, String.valueOf(buildingId), DistributionStarted.TYPE, "Distribution",
                    distribution.id, new DistributionStarted(distribution.id, distribution.name, buildingId, items));
        }
        for (Long buildingId : buildingIds) {
            audit.record("DISTRIBUTION_STARTED", "Distribution", distribution.id, areas.areaOf(buildingId), null,
                    distribution.name);
        }
        return Response.created(uri.getAbsolutePathBuilder().path(String.valueOf(distribution.id)).build())
                .entity(view(distribution)).build();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({"GRID_WORKER", "ADMIN"})
    @Operation(summary = "A distribution and where its orders are (a grid worker: one reaching their grids)")
    public DistributionView get(@PathParam("id") long id) {
        Distribution distribution = Distribution.findById(id);
        if (distribution == null) {
            throw DoorstepException.notFound("Distribution " + id + " does not exist.");
        }
        caller.requireAnyGrid(buildingsOf(distribution).stream().map(areas::gridOf).toList());
        return view(distribution);
    }

    private DistributionView view(Distribution d) {
        List<DispatchOrder> orders = DispatchOrder.list("distributionId", d.id);
        Map<DispatchStatus, Integer> byStatus = new EnumMap<>(DispatchStatus.class);
        orders.forEach(o -> byStatus.merge(o.status, 1, Integer::sum));
        List<Long> buildings = buildingsOf(d);
        return new DistributionView(d.id, d.name, buildings, read(d.items), d.createdAt, orders.size(), byStatus);
    }

    private static List<Long> buildingsOf(Distribution d) {
        return Arrays.stream(d.buildingIds.split(",")).map(Long::valueOf).toList();
    }

    private String write(List<Item> items) {
        try {
            return mapper.writeValueAsString(items);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<Item> read(String items) {
        try {
            return mapper.readValue(items, new TypeReference<List<Item>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
