package org.doorstep.dispatch.intake;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.doorstep.common.contracts.VolunteerState;
import org.doorstep.common.events.EventEnvelope;
import org.doorstep.common.events.EventJson;
import org.doorstep.common.inbox.EventHandler;
import org.doorstep.common.rules.Ineligibility;
import org.doorstep.common.rules.VolunteerFitness;
import org.doorstep.dispatch.model.VolunteerCopy;
import org.doorstep.dispatch.planning.CompoundPlans;
import org.doorstep.dispatch.planning.Dispatcher;
import org.doorstep.dispatch.planning.RunService;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Keeps dispatch's copy of each volunteer from volunteer-service's state topic. A volunteer who may carry again
 * (back on duty, a new negative test) gets the waiting orders of their buildings; one who may not any more gives back
 * their unstarted runs.
 */
@ApplicationScoped
public class VolunteerIntake implements EventHandler {

    @Inject
    EventJson json;

    @Inject
    Dispatcher dispatcher;

    @Inject
    RunService runs;

    @Inject
    CompoundPlans plans;

    @ConfigProperty(name = "doorstep.volunteer.test-window")
    Duration testWindow;

    @Override
    public boolean wants(String eventType) {
        return VolunteerState.TYPE.equals(eventType);
    }

    @Override
    public void endOfBatch() {
        dispatcher.planPending();
    }

    @Override
    public void apply(EventEnvelope event) {
        VolunteerState state = json.payload(event, VolunteerState.class);
        VolunteerCopy copy = VolunteerCopy.findById(state.volunteerId());
        // The compound they leave and the one they join: both plans change, and memory does not follow (rare).
        Set<Long> compounds = new java.util.TreeSet<>(List.of(state.compoundId()));
        if (copy != null) {
            compounds.add(copy.compoundId);
        }
        compounds.forEach(plans::stale);
        Set<Long> buildings = new HashSet<>();
        if (copy == null) {
            copy = new VolunteerCopy();
            copy.volunteerId = state.volunteerId();
        } else {
            buildings.addAll(copy.buildingIds);
        }
        copy.update(state);
        copy.persist();
        buildings.addAll(copy.buildingIds);

        Set<Ineligibility> unfit = VolunteerFitness.check(copy.vetting, copy.onDuty, copy.latestTestResult,
                copy.latestTestTakenAt, Instant.now(), testWindow);
        if (!unfit.isEmpty()) {
            buildings.addAll(runs.releaseUnstartedRuns(copy.volunteerId, "volunteer can no longer carry: " + unfit));
        }
        buildings.forEach(dispatcher::planSoon);
    }
}
