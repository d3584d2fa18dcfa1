package org.doorstep.volunteer.record;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.doorstep.common.buildings.BuildingDirectory;
import org.doorstep.common.contracts.OrderProgressed;
import org.doorstep.common.contracts.RunChanged;
import org.doorstep.common.contracts.RunStatus;
import org.doorstep.common.events.EventEnvelope;
import org.doorstep.common.events.EventJson;
import org.doorstep.common.events.Topic;
import org.doorstep.common.inbox.EventConsumers;
import org.doorstep.common.inbox.EventHandler;
import org.doorstep.volunteer.notify.RunCalls;
import org.doorstep.volunteer.volunteer.Volunteer;

import java.util.List;

/**
 * Keeps each volunteer's record of runs and handoffs from dispatch events, and the copy of the buildings; and hands
 * the same events to the volunteers' run calls (in this consumer group, so that a new deployment's calls begin where
 * the record stands and no old run is called again).
 */
@ApplicationScoped
public class VolunteerRecordKeeper implements EventHandler {

    @Inject
    EventConsumers consumers;

    @Inject
    EventJson json;

    @Inject
    BuildingDirectory buildings;

    @Inject
    RunCalls calls;

    void start(@Observes StartupEvent event) {
        buildings.follow("volunteer-service.buildings");
        consumers.start("volunteer-service.dispatch", List.of(Topic.DISPATCH), this);
    }

    @Override
    public boolean wants(String eventType) {
        return RunChanged.TYPE.equals(eventType) || OrderProgressed.TYPE.equals(eventType);
    }

    /** Of an order's steps only an urgent order put on a run matters here (the run calls), not three an order. */
    @Override
    public boolean wants(EventEnvelope event) {
        return RunChanged.TYPE.equals(event.type()) || (OrderProgressed.TYPE.equals(event.type())
                && RunCalls.matters(json.payload(event, OrderProgressed.class)));
    }

    @Override
    public void apply(EventEnvelope event) {
        if (OrderProgressed.TYPE.equals(event.type())) {
            calls.orderProgressed(json.payload(event, OrderProgressed.class));
            return;
        }
        RunChanged run = json.payload(event, RunChanged.class);
        calls.runChanged(run);
        if (run.status() != RunStatus.DONE || run.volunteerId() == null || run.delivered() + run.failed() == 0) {
            // a run given back before pickup is no trip made
            return;
        }
        Volunteer volunteer = Volunteer.findById(run.volunteerId());
        if (volunteer != null) {
            volunteer.runsCompleted++;
            volunteer.handoffsDelivered += run.delivered();
            volunteer.handoffsFailed += run.failed();
        }
    }
}
