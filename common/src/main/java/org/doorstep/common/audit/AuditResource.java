package org.doorstep.common.audit;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.doorstep.common.lists.ListLimit;
import org.doorstep.common.security.Caller;
import org.doorstep.common.security.Role;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The audit trail of this service, newest first. An admin reads all of it. A grid worker reads what happened in their
 * grids and nothing of a building outside them: entries of the buildings now in their grids, entries of the grids
 * themselves, a compound's own entries (naming no building) when the compound has a building in their grids, and the
 * entries about volunteers who serve their grids' buildings ({@link ServingVolunteers}, where this service keeps
 * volunteers). A building in no grid is an admin's alone.
 */
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
    DataSource dataSource;

    @Inject
    GridMap grids;

    @Inject
    Instance<ServingVolunteers> volunteers;

    @GET
    @RolesAllowed({"GRID_WORKER", "ADMIN"})
    @Operation(summary = "Who changed what and when, in the caller's grids (an admin: everywhere; gridId narrows)")
    public List<AuditView> list(@QueryParam("gridId") Long gridId, @QueryParam("limit") Integer limit) {
        int max = ListLimit.of(limit);
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
            where = readableIn(area, parameters);
        }
        return AuditEntry.<AuditEntry>find(where + " order by id desc", parameters).page(0, max).list().stream()
                .map(e -> new AuditView(e.id, e.at, e.actor, e.role, e.action, e.subjectType, e.subjectId, e.gridId,
                        e.compoundId, e.buildingId, e.detail))
                .toList();
    }

    @GET
    @Path("/verification")
    @RolesAllowed("ADMIN")
    @Operation(summary = "Recompute the audit trail's hash chain (admin only): how many batches and entries, whether "
            + "every batch is as written, and the first that is not (deploy/local/verify-audit.sh)")
    public AuditChain.Verification verification() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            // One snapshot: a batch appended meanwhile would otherwise look like a head that moved past the chain.
            int isolation = connection.getTransactionIsolation();
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            connection.setAutoCommit(false);
            try {
                return AuditChain.verify(connection);
            } finally {
                connection.rollback();
                connection.setAutoCommit(true);
                connection.setTransactionIsolation(isolation);
            }
        }
    }

    /** The where clause of what a grid worker of these grids reads (see the class comment). */
    private String readableIn(Set<Long> gridIds, Map<String, Object> parameters) {
        List<String> clauses = new ArrayList<>();
        clauses.add("(buildingId is null and gridId in :grids)");
        parameters.put("grids", gridIds);
        GridMap.Places places = grids.placesOf(gridIds);
        if (!places.buildings().isEmpty()) {
            clauses.add("buildingId in :buildings");
            parameters.put("buildings", places.buildings());
            Set<Long> serving = volunteers.isResolvable() ? volunteers.get().serving(places.buildings()) : Set.of();
            if (!serving.isEmpty()) {
                clauses.add("(subjectType = :volunteer and subjectId in :volunteers)");
                parameters.put("volunteer", Audit.VOLUNTEER);
                parameters.put("volunteers", serving.stream().map(String::valueOf).toList());
            }
        }
        if (!places.compounds().isEmpty()) {
            // A volunteer's entries name their compound too, but follow the rule above: not every volunteer of the
            // compound serves these grids.
            clauses.add("(buildingId is null and gridId is null and compoundId in :compounds"
                    + " and subjectType <> :volunteer)");
            parameters.put("compounds", places.compounds());
            parameters.put("volunteer", Audit.VOLUNTEER);
        }
        return String.join(" or ", clauses);
    }
}
