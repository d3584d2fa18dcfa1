package org.doorstep.order.order;

import org.doorstep.common.contracts.OrderCategory;
import org.doorstep.common.problem.DoorstepException;
import org.doorstep.common.security.Requester;
import org.doorstep.common.security.Role;

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

    /**
     * An order a person asked for: a resident orders in the app for themselves (any other channel is a grid worker's:
     * 403); a grid worker or admin always orders on the household's behalf, by the hotline unless they say otherwise,
     * entered under their own name unless they give the name of who took the call.
     */
    static OrderDraft of(OrderApi.NewOrder request, Requester requester) {
        if (requester.is(Role.RESIDENT)) {
            if (request.channelOrApp() != OrderChannel.APP) {
                throw DoorstepException.forbidden("Only a grid worker enters an order on a household's behalf ("
                        + request.channel() + "); order with channel APP.");
            }
            return of(request, OrderChannel.APP, null);
        }
        OrderChannel channel = request.channelOrApp() == OrderChannel.APP ? OrderChannel.HOTLINE
                : request.channelOrApp();
        String enteredBy = request.enteredBy() == null || request.enteredBy().isBlank() ? requester.subject()
                : request.enteredBy().trim();
        return of(request, channel, enteredBy);
    }

    private static OrderDraft of(OrderApi.NewOrder request, OrderChannel channel, String enteredBy) {
        List<OrderItem> items = request.items().stream()
                .map(item -> new OrderItem(item.name().trim(), item.quantity())).toList();
        OrderApi.DeliveryWindow window = request.deliveryWindow();
        String note = request.note() == null || request.note().isBlank() ? null : request.note().trim();
        return new OrderDraft(request.category(), items, request.isUrgent(), note,
                window == null ? null : window.from(), window == null ? null : window.to(),
                channel, enteredBy, null, null, null);
    }
}
