package org.doorstep.volunteer.volunteer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.doorstep.common.audit.Audit;
import org.doorstep.common.buildings.BuildingDirectory;
import org.doorstep.common.contracts.TestResult;
import org.doorstep.common.contracts.VolunteerState;
import org.doorstep.common.contracts.Vetting;
import org.doorstep.common.events.EventKeys;
import org.doorstep.common.events.Topic;
import org.doorstep.common.outbox.Outbox;
import org.doorstep.common.problem.DoorstepException;
import org.doorstep.common.rules.VolunteerFitness;
import org.doorstep.common.security.Caller;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

@ApplicationScoped
public class VolunteerService {

    /** A test stamped a little in the future is a clock difference, not a lie. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    @Inject
    Outbox outbox;

    @Inject
    BuildingDirectory buildings;

    @Inject
    VolunteerAccess access;

    @Inject
    Audit audit;

    @Inject
    Caller caller;

    @ConfigProperty(name = "doorstep.volunteer.test-window")
    Duration testWindow;

    @Transactional
    public Volunteer register(VolunteerApi.Registration registration) {
        for (Long buildingId : registration.buildingIds()) {
            BuildingDirectory.KnownBuilding building = buildings.require(buildingId);
            if (building.compoundId() != registration.compoundId()) {
                throw DoorstepException.unprocessable("Building " + buildingId + " is in compound "
                        + building.compoundId() + ", not in compound " + registration.compoundId()
                        + "; a volunteer serves buildings of their own compound only.");
            }
        }
        // After the buildings: a building not yet arrived is a 404 that says "try again", not an area refusal.
        boolean signsUp = access.signsUpThemself();
        if (!signsUp) {
            access.requireMayRegisterFor(registration.buildingIds());
        }
        Volunteer volunteer = new Volunteer();
        volunteer.name = registration.name().trim();
        volunteer.phone = registration.phone().trim();
        volunteer.compoundId = registration.compoundId();
        volunteer.buildingIds.addAll(registration.buildingIds());
        volunteer.capacity = registration.capacity();
        // A resident who signs up waits for a grid worker's vetting, whatever the body says; registered by a grid
        // worker or admin: vetted at once, unless they record a sign-up (selfRegistered).
        volunteer.vetting = signsUp || registration.waitsForVetting() ? Vetting.PENDING : Vetting.APPROVED;
        volunteer.onDuty = false;
        volunteer.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
        volunteer.persist();
        publish(volunteer);
        audit.record("VOLUNTEER_REGISTERED", Audit.VOLUNTEER, volunteer.id, VolunteerAccess.areaOf(volunteer),
                (signsUp ? "signed up, " : "") + "vetting " + volunteer.vetting + ", buildings "
                        + volunteer.sortedBuildingIds() + ", capacity " + volunteer.capacity);
        return volunteer;
    }

    @Transactional
    public Volunteer recordTest(long id, VolunteerApi.TestReport report) {
        // One test at a time per volunteer, each judged with all the tests before it: the row is locked before it
        // is read.
        Volunteer.getEntityManager().createNativeQuery("select id from volunteer where id = ?1 for update")
                .setParameter(1, id).getResultList();
        Volunteer volunteer = access.require(id);
        if (report.takenAt().toInstant().isAfter(Instant.now().plus(CLOCK_SKEW))) {
            throw DoorstepException.unprocessable("The test's takenAt " + report.takenAt()
                    + " is in the future; give the time the sample was taken.");
        }
        List<VolunteerFitness.Test> tests = new ArrayList<>(VolunteerTest.of(id));
        VolunteerFitness.Standing before = VolunteerFitness.standing(tests);
        VolunteerTest test = new VolunteerTest();
        test.volunteerId = id;
        test.result = report.result();
        test.takenAt = report.takenAt().withOffsetSameInstant(ZoneOffset.UTC);
        test.recordedAt = OffsetDateTime.now(ZoneOffset.UTC);
        test.recordedBy = caller.role();
        if (VolunteerFitness.refused(before, test.asFitnessTest())) {
            throw DoorstepException.conflict("A positive test recorded by a grid worker or an admin stands until one"
                    + " of them records a negative test taken after it; your own report does not lift it. Show your"
                    + " negative result to your grid worker.");
        }
        boolean wasOnDuty = volunteer.onDuty;
        test.persist();
        tests.add(test.asFitnessTest());
        volunteer.judgeTests(VolunteerFitness.standing(tests));
        if (volunteer.latestTestResult == TestResult.POSITIVE) {
            // Suspended at once: off duty, and dispatch takes back every run not yet picked up.
            volunteer.onDuty = false;
        }
        publish(volunteer);
        audit.record("TEST_RECORDED", Audit.VOLUNTEER, volunteer.id, VolunteerAccess.areaOf(volunteer),
                test.result + " taken " + test.takenAt + (wasOnDuty && !volunteer.onDuty ? "; taken off duty" : ""));
        return volunteer;
    }

    @Transactional
    public Volunteer vet(long id, VolunteerApi.VettingDecision decision) {
        Volunteer volunteer = access.require(id);
        if (decision.decision() == Vetting.PENDING) {
            throw DoorstepException.badRequest("decision must be APPROVED or REJECTED.");
        }
        if (volunteer.vetting != decision.decision()) {
            Vetting was = volunteer.vetting;
            volunteer.vetting = decision.decision();
            if (volunteer.vetting == Vetting.REJECTED) {
                volunteer.onDuty = false;
            }
            publish(volunteer);
            audit.record("VOLUNTEER_VETTED", Audit.VOLUNTEER, volunteer.id, VolunteerAccess.areaOf(volunteer),
                    volunteer.vetting + " (was " + was + ")", decision.note());
        }
        return volunteer;
    }

    @Transactional
    public Volunteer changeDuty(long id, boolean onDuty) {
        Volunteer volunteer = access.require(id);
        if (onDuty && volunteer.latestTestResult == TestResult.POSITIVE) {
            throw DoorstepException.conflict("Volunteer " + id + " tested positive; record a negative test before going"
                    + " on duty again.");
        }
        if (volunteer.onDuty != onDuty) {
            volunteer.onDuty = onDuty;
            publish(volunteer);
            audit.record("DUTY_CHANGED", Audit.VOLUNTEER, volunteer.id, VolunteerAccess.areaOf(volunteer),
                    onDuty ? "on duty" : "off duty");
        }
        return volunteer;
    }

    /** The volunteer, if the caller may reach them (see {@link VolunteerAccess#require}). */
    public Volunteer require(long id) {
        return access.require(id);
    }

    public VolunteerApi.VolunteerView view(Volunteer v) {
        var reasons = v.ineligibility(Instant.now(), testWindow);
        return new VolunteerApi.VolunteerView(v.id, v.name, v.phone, v.compoundId, v.sortedBuildingIds(), v.capacity,
                v.vetting, v.onDuty, v.latestTestResult, v.latestTestTakenAt, reasons.isEmpty(), reasons,
                new VolunteerApi.Record(v.runsCompleted, v.handoffsDelivered, v.handoffsFailed));
    }

    private void publish(Volunteer volunteer) {
        // Flush first: a new volunteer needs its id in the event.
        Volunteer.getEntityManager().flush();
        VolunteerState state = volunteer.toState();
        outbox.publish(Topic.VOLUNTEERS, EventKeys.of(volunteer.compoundId, volunteer.id), VolunteerState.TYPE,
                "Volunteer",
                volunteer.id, state);
    }
}
