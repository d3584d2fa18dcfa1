package org.doorstep.order.order;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.doorstep.common.contracts.OrderCategory;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.OffsetDateTime;
import java.util.List;

/** The JSON shapes of the orders API (API.md, order-service). */
public final class OrderApi {

    private OrderApi() {
    }

    public record NewOrder(
            @NotNull @Positive Long householdId,
            @NotNull OrderCategory category,
            @NotNull @Size(min = 1, max = 100, message = "must hold 1 to 100 items") List<@Valid @NotNull Item> items,
            Boolean urgent,
            @Size(max = 500) String note,
            @Valid DeliveryWindow deliveryWindow,
            OrderChannel channel,
            @Size(max = 100) String enteredBy,
            @Size(max = 500) String overrideLimitReason) {

        public boolean isUrgent() {
            return Boolean.TRUE.equals(urgent);
        }

        public OrderChannel channelOrApp() {
            return channel == null ? OrderChannel.APP : channel;
        }

        @AssertTrue(message = "a MEAL order needs a deliveryWindow {from, to}")
        @Schema(hidden = true) // a rule of the body, not a field of it
        public boolean isMealWithWindow() {
            return category != OrderCategory.MEAL || deliveryWindow != null;
        }

        @AssertTrue(message = "must be APP, HOTLINE or DOOR_KNOCK; MEAL_PLAN and DISTRIBUTION orders are made by the "
                + "system")
        @Schema(hidden = true) // a rule of the body, not a field of it
        public boolean isChannelChoosable() {
            return channelOrApp().enteredByHand();
        }
    }

    /** When a meal should arrive. */
    public record DeliveryWindow(@NotNull OffsetDateTime from, @NotNull OffsetDateTime to) {

        @AssertTrue(message = "must end after it starts")
        @Schema(readOnly = true, description = "Always true in an answer (a window that does not is refused)")
        public boolean isOrdered() {
            return from == null || to == null || to.isAfter(from);
        }
    }

    public record Item(@NotBlank @Size(max = 100) String name,
                       @NotNull @Min(1) @Max(value = 99, message = "must be at most 99; order more in a second line")
                       Integer quantity) {
    }

    /** Every field is always in the JSON; those marked nullable are null when they do not apply. */
    public record OrderView(long id, long householdId, long buildingId, OrderCategory category, List<Item> items,
                            boolean urgent, @Schema(nullable = true) String note, OrderStatus status,
                            @Schema(nullable = true, description = "Once dispatch has put the order on a run")
                            Long runId,
                            @Schema(nullable = true, example = "482913", description = "To the resident (or, for "
                                    + "a household without an account, its grid worker) only") String handoffCode,
                            OffsetDateTime placedAt,
                            @Schema(nullable = true, description = "Meals only") DeliveryWindow deliveryWindow,
                            OrderChannel channel, boolean onBehalf,
                            @Schema(nullable = true, description = "Who entered it on the household's behalf")
                            String enteredBy,
                            @Schema(nullable = true) Long mealPlanId, @Schema(nullable = true) Long distributionId,
                            List<Step> history) {
    }

    public record Step(OrderStatus status, OffsetDateTime at, String by, @Schema(nullable = true) String note) {
    }
}
