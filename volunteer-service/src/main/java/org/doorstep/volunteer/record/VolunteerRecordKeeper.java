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

import java.util.ArrayList;
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

    /** The poll's steps, applied together at its end (one consumer thread, one batch at a time). */
    private final List<Record> steps = new ArrayList<>();

    @Override
    public void beforeBatch(List<EventEnvelope> events) {
        steps.clear(); // what a batch that failed half-way left
    }

    @Override
    public void apply(EventEnvelope event) {
        steps.add(OrderProgressed.TYPE.equals(event.type()) ? json.payload(event, OrderProgressed.class)
                : json.payload(event, RunChanged.class));
    }

    @Override
    public void endOfBatch() {
        try {
            calls.apply(steps);
            countTrips();
        } finally {
            steps.clear();
        }
    }

    /** Each run ended with something handed off is a trip in its volunteer's record. */
    private void countTrips() {
        for (Record step : steps) {
            if (!(step instanceof RunChanged run) || run.status() != RunStatus.DONE || run.volunteerId() == null
                    || run.delivered() + run.failed() == 0) {
                continue; // a run given back before pickup is no trip made
            }
            Volunteer volunteer = Volunteer.findById(run.volunteerId());
            if (volunteer != null) {
                volunteer.runsCompleted++;
                volunteer.handoffsDelivered += run.delivered();
                volunteer.handoffsFailed += run.failed();
            }
        }
    }
}
