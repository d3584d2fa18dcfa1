package org.doorstep.order.household;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.doorstep.common.contracts.Vulnerability;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

public final class HouseholdApi {

    private HouseholdApi() {
    }

    public record NewHousehold(
            @NotNull @Positive Long buildingId,
            @NotBlank @Size(max = 50) String room,
            @NotBlank @Size(max = 100) String contactName,
            @Pattern(regexp = "\\+?[0-9 -]{5,20}", message = "must be a phone number of 5 to 20 digits") String phone,
            @Size(max = 6) List<@NotNull Vulnerability> vulnerabilities,
            @Size(max = 100) String account,
            @Size(max = 500) String overrideLimitReason) {
    }

    public record HouseholdView(long id, long buildingId,
                                @Schema(nullable = true, description = "None once erased") String room,
                                @Schema(nullable = true, description = "None once erased") String contactName,
                                @Schema(nullable = true, description = "None for a household without a phone, "
                                        + "or once erased")
                                String phone,
                                Set<Vulnerability> vulnerabilities,
                                @Schema(nullable = true, description = "The resident account it belongs to; none for "
                                        + "a household without one") String account,
                                OffsetDateTime createdAt,
                                @Schema(nullable = true, description = "When its personal data was erased (its "
                                        + "compound's lockdown ended, or on request); it can no longer order. None "
                                        + "while it is served") OffsetDateTime erasedAt) {
    }
}
