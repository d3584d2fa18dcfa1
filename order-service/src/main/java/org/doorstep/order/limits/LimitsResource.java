package org.doorstep.order.limits;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/limits")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "limits")
public class LimitsResource {

    public record LimitsView(int householdsPerResident, int openUrgentPerHousehold, int openOrdersPerHousehold) {
    }

    @Inject
    Limits limits;

    @GET
    @RolesAllowed({"RESIDENT", "GRID_WORKER", "ADMIN"})
    @Operation(summary = "How many households a resident account may hold, and how many open orders (urgent medicine "
            + "among them) a household may have; over one: 422 naming it")
    public LimitsView get() {
        return new LimitsView(limits.householdsPerResident(), limits.openUrgentPerHousehold(),
                limits.openOrdersPerHousehold());
    }
}
