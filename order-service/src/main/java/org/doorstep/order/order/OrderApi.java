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
        public boolean isMealWithWindow() {
            return category != OrderCategory.MEAL || deliveryWindow != null;
        }

        @AssertTrue(message = "must be APP, HOTLINE or DOOR_KNOCK; MEAL_PLAN and DISTRIBUTION orders are made by the "
                + "system")
        public boolean isChannelChoosable() {
            return channelOrApp().enteredByHand();
        }
    }

    /** When a meal should arrive. */
    public record DeliveryWindow(@NotNull OffsetDateTime from, @NotNull OffsetDateTime to) {

        @AssertTrue(message = "must end after it starts")
        public boolean isOrdered() {
            return from == null || to == null || to.isAfter(from);
        }
    }

    public record Item(@NotBlank @Size(max = 100) String name,
                       @NotNull @Min(1) @Max(value = 99, message = "must be at most 99; order more in a second line")
                       Integer quantity) {
    }

    public record OrderView(long id, long householdId, long buildingId, OrderCategory category, List<Item> items,
                            boolean urgent, String note, OrderStatus status, Long runId, String handoffCode,
                            OffsetDateTime placedAt, DeliveryWindow deliveryWindow, OrderChannel channel,
                            boolean onBehalf, String enteredBy, Long mealPlanId, Long distributionId,
                            List<Step> history) {
    }

    public record Step(OrderStatus status, OffsetDateTime at, String by, String note) {
    }
}
