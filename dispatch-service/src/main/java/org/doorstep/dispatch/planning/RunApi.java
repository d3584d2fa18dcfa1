package org.doorstep.dispatch.planning;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.doorstep.common.contracts.RunStatus;
import org.doorstep.dispatch.model.RunStop;

import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The JSON shapes of the runs API (API.md, dispatch-service). */
public final class RunApi {

    private RunApi() {
    }

    public record RunView(long id, long buildingId,
                          @Schema(nullable = true, description = "None while the run waits for a volunteer")
                          Long volunteerId,
                          RunStatus status, OffsetDateTime createdAt,
                          @Schema(nullable = true) OffsetDateTime pickedUpAt,
                          @Schema(nullable = true) OffsetDateTime doneAt,
                          @Schema(nullable = true, description = "Why a grid worker overrode a rule, if one did")
                          String overrideReason,
                          List<StopView> orders) {
    }

    /** A run made by hand: queued orders of one building for one volunteer. */
    public record NewRun(@NotNull @Positive Long buildingId,
                         @NotNull @Size(min = 1, max = 50) List<@NotNull @Positive Long> orderIds,
                         @NotNull @Positive Long volunteerId,
                         @Size(max = 500) String override) {
    }

    /** A stop; room, contact and the masked phone only for those who may see the door (see RunService.view). */
    public record StopView(long orderId, RunStop.Status status,
                           @Schema(nullable = true, description = "Why the stop failed or was removed") String reason,
                           @Schema(nullable = true) String room, @Schema(nullable = true) String contactName,
                           @Schema(nullable = true, example = "139****5678", description = "Masked") String phone,
                           boolean handoffLocked,
                           @Schema(nullable = true, description = "When it was delivered or failed at the door; for "
                                   + "a confirmation made offline, its confirmedAt") OffsetDateTime handedOffAt) {
    }

    /** A grid worker's assignment; {@code override} states why a rule is overridden, if one is. */
    public record Assignment(@NotNull @Positive Long volunteerId, @Size(max = 500) String override) {
    }

    /**
     * Either {orderId, code} to confirm, or {orderId, failed: true, reason} to record a failed handoff. A confirmation
     * made offline says when it was made ({@code confirmedAt}); that is then the handoff's time.
     */
    public record Handoff(@NotNull @Positive Long orderId, @Size(max = 20) String code, Boolean failed,
                          @Size(max = 500) String reason,
                          @Schema(nullable = true, description = "When the volunteer confirmed the code at the door, "
                                  + "if that was earlier than now (offline): not in the future, not before the run's "
                                  + "pickup (each with 2 minutes of clock skew allowed; a time within them before "
                                  + "the pickup is recorded as the pickup's), at most 12 hours ago; a code "
                                  + "confirmation only", example = "2022-04-10T08:20:00+08:00")
                          OffsetDateTime confirmedAt) {

        @Schema(hidden = true) // read from failed
        public boolean isFailure() {
            return Boolean.TRUE.equals(failed);
        }

        @AssertTrue(message = "give either the handoff code, or failed: true with a reason (nobody answered, wrong address, refused)")
        @Schema(hidden = true) // a rule of the body, not a field of it
        public boolean isCodeOrFailure() {
            if (isFailure()) {
                return reason != null && !reason.isBlank();
            }
            return code != null && !code.isBlank();
        }

        @AssertTrue(message = "confirmedAt goes with a code confirmation, not with a failed handoff")
        @Schema(hidden = true)
        public boolean isConfirmedAtWithCode() {
            return confirmedAt == null || !isFailure();
        }
    }
}
