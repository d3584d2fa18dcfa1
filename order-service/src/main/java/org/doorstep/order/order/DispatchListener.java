package org.doorstep.order.order;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.doorstep.common.buildings.BuildingDirectory;
import org.doorstep.common.contracts.DistributionStarted;
import org.doorstep.common.contracts.OrderCategory;
import org.doorstep.common.contracts.OrderProgressed;
import org.doorstep.common.events.EventEnvelope;
import org.doorstep.common.events.EventJson;
import org.doorstep.common.events.Topic;
import org.doorstep.common.inbox.EventConsumers;
import org.doorstep.common.inbox.EventHandler;
import org.doorstep.order.household.Household;
import org.doorstep.order.household.HouseholdFacts;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads dispatch events: shows residents where their order is, and turns a bulk distribution into one order per
 * household of the building. Also keeps the copy of the buildings.
 */
@ApplicationScoped
public class DispatchListener implements EventHandler {

    @Inject
    EventConsumers consumers;

    @Inject
    EventJson json;

    @Inject
    OrderService orders;

    @Inject
    OrderWriter writer;

    @Inject
    BuildingDirectory buildings;

    void start(@Observes StartupEvent event) {
        buildings.follow("order-service.buildings");
        consumers.start("order-service.dispatch", List.of(Topic.DISPATCH), this);
    }

    @Override
    public boolean wants(String eventType) {
        // other dispatch events (runs) are not for residents
        return OrderProgressed.TYPE.equals(eventType) || DistributionStarted.TYPE.equals(eventType);
    }

    /** The poll's steps, applied together at its end (one consumer thread, one batch at a time). */
    private final List<OrderProgressed> steps = new ArrayList<>();

    @Override
    public void beforeBatch(List<EventEnvelope> events) {
        steps.clear(); // what a batch that failed half-way left
    }

    @Override
    public void apply(EventEnvelope event) {
        switch (event.type()) {
            case OrderProgressed.TYPE -> steps.add(json.payload(event, OrderProgressed.class));
            case DistributionStarted.TYPE -> distribute(json.payload(event, DistributionStarted.class));
            default -> {
            }
        }
    }

    @Override
    public void endOfBatch() {
        try {
            orders.applyProgress(steps);
        } finally {
            steps.clear();
        }
    }

    private void distribute(DistributionStarted distribution) {
        List<OrderItem> items = distribution.items().stream().map(i -> new OrderItem(i.name(), i.quantity())).toList();
        Set<Long> served = new HashSet<>(Order.getEntityManager().createQuery("select o.householdId from Order o"
                        + " where o.distributionId = :distribution", Long.class)
                .setParameter("distribution", distribution.distributionId()).getResultList());
        OrderDraft draft = new OrderDraft(OrderCategory.FOOD, items, false, distribution.name(), null, null,
                OrderChannel.DISTRIBUTION, "distribution " + distribution.distributionId(), null, null,
                distribution.distributionId());
        // All the building's households in one write: a distribution reaches hundreds of doors.
        writer.write(Household.<Household>list("buildingId", distribution.buildingId()).stream()
                .filter(household -> !served.contains(household.id) && household.erasedAt == null)
                .map(household -> new OrderWriter.Placement(HouseholdFacts.of(household), draft, null, null))
                .toList());
    }
}
