package org.doorstep.dispatch.places;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.doorstep.common.contracts.BuildingStatus;

import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The JSON shapes of compounds and buildings (API.md, dispatch-service). */
public final class PlaceApi {

    private PlaceApi() {
    }

    public record NewCompound(@NotBlank @Size(max = 200) String name) {
    }

    public record CompoundView(long id, String name) {
    }

    public record NewBuilding(@NotNull @Positive Long compoundId, @NotBlank @Size(max = 200) String name,
                              @NotNull BuildingStatus status) {
    }

    /** Who changed it comes from the caller's token; {@code changedBy} in a body is no longer read. */
    public record StatusChange(@NotNull BuildingStatus status, @Size(max = 500) String reason,
                               @Size(max = 100) String changedBy) {
    }

    public record BuildingView(long id, long compoundId, String name, BuildingStatus status,
                               OffsetDateTime statusSince,
                               @Schema(nullable = true, description = "None until a grid takes the building")
                               Long gridId) {
    }

    public record StatusChangeView(BuildingStatus status, OffsetDateTime at, String by,
                                   @Schema(nullable = true) String reason) {
    }
}
