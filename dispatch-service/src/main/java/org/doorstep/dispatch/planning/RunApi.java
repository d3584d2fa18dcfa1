package org.doorstep.dispatch.planning;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.doorstep.common.contracts.RunStatus;
import org.doorstep.dispatch.model.RunStop;

import java.time.OffsetDateTime;
import java.util.List;

/** The JSON shapes of the runs API (API.md, dispatch-service). */
public final class RunApi {

    private RunApi() {
    }

    public record RunView(long id, long buildingId, Long volunteerId, RunStatus status, OffsetDateTime createdAt,
                          OffsetDateTime pickedUpAt, OffsetDateTime doneAt, String overrideReason,
                          List<StopView> orders) {
    }

    /** A run made by hand: queued orders of one building for one volunteer. */
    public record NewRun(@NotNull @Positive Long buildingId,
                         @NotNull @Size(min = 1, max = 50) List<@NotNull @Positive Long> orderIds,
                         @NotNull @Positive Long volunteerId,
                         @Size(max = 500) String override) {
    }

    /** A stop; room, contact and the masked phone only for those who may see the door (see RunService.view). */
    public record StopView(long orderId, RunStop.Status status, String reason, String room, String contactName,
                           String phone, boolean handoffLocked) {
    }

    /** A grid worker's assignment; {@code override} states why a rule is overridden, if one is. */
    public record Assignment(@NotNull @Positive Long volunteerId, @Size(max = 500) String override) {
    }

    /** Either {orderId, code} to confirm, or {orderId, failed: true, reason} to record a failed handoff. */
    public record Handoff(@NotNull @Positive Long orderId, @Size(max = 20) String code, Boolean failed,
                          @Size(max = 500) String reason) {

        public boolean isFailure() {
            return Boolean.TRUE.equals(failed);
        }

        @AssertTrue(message = "give either the handoff code, or failed: true with a reason (nobody answered, wrong address, refused)")
        public boolean isCodeOrFailure() {
            if (isFailure()) {
                return reason != null && !reason.isBlank();
            }
            return code != null && !code.isBlank();
        }
    }
}
