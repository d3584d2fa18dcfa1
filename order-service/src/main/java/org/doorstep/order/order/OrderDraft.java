package org.doorstep.order.order;

import org.doorstep.common.contracts.OrderCategory;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/** An order about to be made, whoever makes it: a resident, a grid worker, a meal plan, a distribution. */
public record OrderDraft(
        OrderCategory category,
        List<OrderItem> items,
        boolean urgent,
        String note,
        OffsetDateTime deliverFrom,
        OffsetDateTime deliverBy,
        OrderChannel channel,
        String enteredBy,
        Long mealPlanId,
        LocalDate serviceDate,
        Long distributionId) {

    /** An order a person entered: the resident in the app, or a grid worker for them (channel and name given). */
    static OrderDraft of(OrderApi.NewOrder request, OrderChannel channel, String enteredBy) {
        List<OrderItem> items = request.items().stream()
                .map(item -> new OrderItem(item.name().trim(), item.quantity())).toList();
        OrderApi.DeliveryWindow window = request.deliveryWindow();
        String note = request.note() == null || request.note().isBlank() ? null : request.note().trim();
        return new OrderDraft(request.category(), items, request.isUrgent(), note,
                window == null ? null : window.from(), window == null ? null : window.to(),
                channel, enteredBy, null, null, null);
    }
}
