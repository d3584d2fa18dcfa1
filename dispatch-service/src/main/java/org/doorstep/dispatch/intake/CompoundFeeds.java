package org.doorstep.dispatch.intake;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.doorstep.common.events.Topic;
import org.doorstep.common.inbox.EventConsumers;
import org.doorstep.common.inbox.EventConsumers.Subscription;

import java.util.List;

/**
 * The events that feed the compounds' plans, read by one consumer group: both topics are keyed by compound
 * ({@code EventKeys}) and have as many partitions, so an instance holds partition n of each, that is all of a
 * compound's orders and volunteers. A poll's volunteer states are applied before its orders, so an order meets the
 * volunteer who came on duty beside it. Each topic keeps its own record of applied event ids.
 */
@ApplicationScoped
class CompoundFeeds {

    /**
     * The group, and the first part of the name every consumer of dispatch signs its dead letters with
     * ({@code dispatch-service.<topic>}): those {@link SetAsideEvents} records as they are written.
     */
    static final String GROUP = "dispatch-service";

    @Inject
    EventConsumers consumers;

    @Inject
    VolunteerIntake volunteers;

    @Inject
    OrderIntake orders;

    void start(@Observes StartupEvent event) {
        consumers.start(GROUP, List.of(
                new Subscription(Topic.VOLUNTEERS, GROUP + ".volunteers", volunteers),
                new Subscription(Topic.ORDERS, GROUP + ".orders", orders)));
    }
}
