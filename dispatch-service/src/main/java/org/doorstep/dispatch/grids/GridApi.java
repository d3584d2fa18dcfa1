package org.doorstep.dispatch.grids;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.doorstep.common.contracts.BuildingStatus;
import org.doorstep.common.contracts.DispatchStatus;
import org.doorstep.common.contracts.OrderCategory;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What a grid worker sees of their grid. */
public final class GridApi {

    private GridApi() {
    }

    public record NewGrid(@NotBlank @Size(max = 200) String name,
                          @Size(max = 500) List<@NotNull @Positive Long> buildingIds) {
    }

    public record Buildings(@NotNull @Size(max = 500) List<@NotNull @Positive Long> buildingIds) {
    }

    public record GridView(long id, String name, List<Long> buildingIds) {
    }

    /** One tile of the building board. */
    public record BuildingTile(long buildingId, String name, BuildingStatus status, OffsetDateTime statusSince,
                               int queued, int urgent,
                               @Schema(nullable = true, description = "How long the oldest queued order has waited; "
                                       + "none with an empty queue") Long oldestWaitSeconds,
                               boolean coverageGap) {
    }

    /** A queued order, in order of service, with how long it has waited. */
    public record QueuedOrder(long orderId, long buildingId, OrderCategory category, boolean urgent,
                              boolean vulnerable, OffsetDateTime placedAt,
                              @Schema(nullable = true, description = "Meals: not before the window nears")
                              OffsetDateTime deliverFrom,
                              OffsetDateTime target, long waitingSeconds, int failedAttempts,
                              @Schema(nullable = true, description = "Why the last handoff failed") String note) {
    }

    /** A volunteer of the building's compound, and whether (and if not, why not) they may take a run there now. */
    public record Candidate(long volunteerId, String name, boolean onDuty, int load, int capacity, boolean eligible,
                            java.util.List<org.doorstep.common.rules.Ineligibility> reasons) {
    }

    public record Brief(LocalDate date, String zone,
                        @Schema(nullable = true, description = "None for the whole district") Long gridId,
                        Counts total,
                        Map<OrderCategory, Map<DispatchStatus, Integer>> byCategoryAndStatus,
                        Map<Integer, Map<OrderCategory, Integer>> placedByHour,
                        List<BuildingBrief> buildings, List<GridBrief> grids) {
    }

    public record GridBrief(long gridId, String name, Counts counts) {
    }

    public record BuildingBrief(long buildingId, String name, @Schema(nullable = true) Long gridId,
                                Counts counts) {
    }

    public record Counts(int placed, int delivered, int pending, int overdue, int failed, int cancelled,
                         int selfCollection) {
    }
}
