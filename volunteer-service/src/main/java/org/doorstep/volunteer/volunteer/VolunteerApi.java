package org.doorstep.volunteer.volunteer;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.doorstep.common.contracts.TestResult;
import org.doorstep.common.contracts.Vetting;
import org.doorstep.common.rules.Ineligibility;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The JSON shapes of the volunteer API (API.md, volunteer-service). */
public final class VolunteerApi {

    private VolunteerApi() {
    }

    public record Registration(
            @NotBlank @Size(max = 100) String name,
            @NotBlank @Pattern(regexp = "\\+?[0-9 -]{5,20}", message = "must be a phone number of 5 to 20 digits")
            String phone,
            @NotNull @Positive Long compoundId,
            @NotEmpty(message = "must name at least one building the volunteer serves") @Size(max = 200)
            List<@NotNull @Positive Long> buildingIds,
            @NotNull @Min(1) @Max(50) Integer capacity,
            Boolean selfRegistered) {

        /** Someone who signs up themself waits for a grid worker's vetting. */
        public boolean waitsForVetting() {
            return Boolean.TRUE.equals(selfRegistered);
        }
    }

    /** A grid worker's vetting decision. */
    public record VettingDecision(@NotNull Vetting decision, @Size(max = 500) String note) {
    }

    public record TestReport(@NotNull TestResult result, @NotNull OffsetDateTime takenAt) {
    }

    public record DutyChange(@NotNull Boolean onDuty) {
    }

    public record VolunteerView(
            long id,
            String name,
            String phone,
            long compoundId,
            List<Long> buildingIds,
            int capacity,
            Vetting vetting,
            boolean onDuty,
            @Schema(nullable = true, description = "None before the first test") TestResult latestTestResult,
            @Schema(nullable = true) OffsetDateTime latestTestTakenAt,
            boolean eligible,
            Set<Ineligibility> ineligibleReasons,
            Record record) {
    }

    /** What the volunteer has done, counted from dispatch events. */
    public record Record(int runsCompleted, int handoffsDelivered, int handoffsFailed) {
    }

}
