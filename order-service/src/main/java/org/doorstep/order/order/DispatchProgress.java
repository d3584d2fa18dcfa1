package org.doorstep.order.order;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.doorstep.common.buildings.BuildingDirectory;
import org.doorstep.common.contracts.OrderProgressed;
import org.doorstep.common.events.EventJson;
import org.doorstep.common.events.Topic;
import org.doorstep.common.inbox.EventConsumers;

import java.util.List;

/** Shows residents where their order is, from dispatch events; keeps the copy of the buildings. */
@ApplicationScoped
public class DispatchProgress {

    @Inject
    EventConsumers consumers;

    @Inject
    EventJson json;

    @Inject
    OrderService orders;

    @Inject
    BuildingDirectory buildings;

    void start(@Observes StartupEvent event) {
        buildings.follow("order-service.buildings");
        consumers.start("order-service.dispatch", List.of(Topic.DISPATCH), envelope -> {
            if (OrderProgressed.TYPE.equals(envelope.type())) {
                orders.applyProgress(json.payload(envelope, OrderProgressed.class));
            }
        });
    }
}
