package org.doorstep.common.audit;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.doorstep.common.problem.DoorstepException;
import org.doorstep.common.security.Caller;
import org.doorstep.common.security.Role;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The audit trail of this service, newest first; a grid worker reads their grids' part, an admin all of it. */
@Path("/api/audit")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "audit")
public class AuditResource {

    /** Where it happened (grid, compound, building) as far as it is known; detail when there is more to say. */
    public record AuditView(long id, OffsetDateTime at, String actor, String role, String action, String subjectType,
                            String subjectId, @Schema(nullable = true) Long gridId,
                            @Schema(nullable = true) Long compoundId, @Schema(nullable = true) Long buildingId,
                            @Schema(nullable = true) String detail) {
    }

    @Inject
    Caller caller;

    @Inject
    GridMap grids;

    @GET
    @RolesAllowed({"GRID_WORKER", "ADMIN"})
    @Operation(summary = "Who changed what and when, in the caller's grids (an admin: everywhere; gridId narrows)")
    public List<AuditView> list(@QueryParam("gridId") Long gridId, @QueryParam("limit") Integer limit) {
        int max = limit == null ? 200 : limit;
        if (max < 1 || max > 1000) {
            throw DoorstepException.badRequest("limit must be between 1 and 1000.");
        }
        Set<Long> area;
        if (gridId != null) {
            caller.requireGrid(gridId);
            area = Set.of(gridId);
        } else if (caller.is(Role.ADMIN)) {
            area = null;
        } else {
            area = caller.grids();
        }
        String where;
        Map<String, Object> parameters = new HashMap<>();
        if (area == null) {
            where = "1 = 1";
        } else if (area.isEmpty()) {
            return List.of();
        } else {
            List<Long> compounds = new ArrayList<>(grids.compoundsOf(area));
            parameters.put("grids", area);
            if (compounds.isEmpty()) {
                where = "gridId in :grids";
            } else {
                where = "gridId in :grids or (gridId is null and compoundId in :compounds)";
                parameters.put("compounds", compounds);
            }
        }
        return AuditEntry.<AuditEntry>find(where + " order by id desc", parameters).page(0, max).list().stream()
                .map(e -> new AuditView(e.id, e.at, e.actor, e.role, e.action, e.subjectType, e.subjectId, e.gridId,
                        e.compoundId, e.buildingId, e.detail))
                .toList();
    }
}
