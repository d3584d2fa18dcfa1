package org.doorstep.dispatch.places;

import org.doorstep.common.contracts.Phones;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.doorstep.common.audit.Audit;
import org.doorstep.common.contracts.BuildingStatus;
import org.doorstep.common.problem.DoorstepException;
import org.doorstep.common.security.Caller;
import org.doorstep.dispatch.model.Building;
import org.doorstep.dispatch.planning.Areas;
import org.doorstep.dispatch.model.BuildingStatusChange;
import org.doorstep.dispatch.model.Compound;
import org.doorstep.dispatch.planning.DispatchEvents;
import org.doorstep.dispatch.planning.CompoundPlans;
import org.doorstep.dispatch.planning.Queueing;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

@ApplicationScoped
public class PlaceService {

    /** A compound's name is at most this long (PlaceApi.NewCompound, the column). */
    private static final int MAX_NAME = 200;

    @Inject
    CompoundPlans plans;

    @Inject
    Queueing queueing;

    @Inject
    DispatchEvents events;

    @Inject
    Caller caller;

    @Inject
    Audit audit;

    @Transactional
    public Compound createCompound(PlaceApi.NewCompound request) {
        Compound compound = new Compound();
        compound.name = request.name().trim();
        compound.createdAt = now();
        compound.persist();
        audit.record("COMPOUND_CREATED", "Compound", compound.id, Audit.Area.compound(compound.id), null, compound.name);
        return compound;
    }

    /**
     * The compounds by name then id, at most {@code limit}; with {@code q}, those whose name contains it in any case
     * (lowered by the database on both sides, so it holds whatever the column's collation; Chinese has no case and
     * matches as typed). The wildcards of LIKE in q are taken literally.
     */
    public List<Compound> compounds(String q, int limit) {
        String part = q == null ? "" : q.strip();
        if (part.length() > MAX_NAME) {
            throw DoorstepException.badRequest("q must be at most " + MAX_NAME
                    + " characters, as a compound's name is.");
        }
        if (part.isEmpty()) {
            return Compound.<Compound>findAll(Sort.by("name").and("id")).page(0, limit).list();
        }
        String pattern = "%" + part.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
        return Compound.<Compound>find("lower(name) like lower(?1) escape '!'", Sort.by("name").and("id"), pattern)
                .page(0, limit).list();
    }

    @Transactional
    public Building createBuilding(PlaceApi.NewBuilding request) {
        if (Compound.findById(request.compoundId()) == null) {
            throw DoorstepException.notFound("Compound " + request.compoundId() + " does not exist; create it first.");
        }
        plans.stale(request.compoundId()); // a new building joins the compound's plan
        Building building = new Building();
        building.compoundId = request.compoundId();
        building.name = request.name().trim();
        building.status = request.status();
        building.statusSince = now();
        building.persistAndFlush();
        record(building, caller.subject(), "created");
        audit.record("BUILDING_CREATED", "Building", building.id,
                Audit.Area.building(null, building.compoundId, building.id), building.status.name(), building.name);
        return building;
    }

    public Building require(long buildingId) {
        return Areas.requireBuilding(buildingId);
    }

    /**
     * A status change re-plans the building's pending work at once: orders that no longer need a volunteer leave
     * their unstarted runs and become self-collection; self-collection orders that now need one are queued and
     * dispatched. What is already picked up is carried on as it is.
     */
    @Transactional
    public Building changeStatus(long buildingId, PlaceApi.StatusChange change) {
        plans.ownBuildings(List.of(buildingId));
        Building building = require(buildingId);
        if (building.status == change.status()) {
            return building;
        }
        BuildingStatus before = building.status;
        building.status = change.status();
        building.statusSince = now();
        record(building, caller.subject(), change.reason());
        audit.record("BUILDING_STATUS_CHANGED", "Building", building.id,
                Audit.Area.building(building.gridId, building.compoundId, building.id),
                before + " -> " + building.status, change.reason());
        queueing.replan(building);
        return building;
    }

    private void record(Building building, String author, String typedReason) {
        // Typed by a person, read by many: a phone number in it stays out (as in the audit trail).
        String reason = Phones.withoutNumbers(typedReason);
        BuildingStatusChange change = new BuildingStatusChange();
        change.buildingId = building.id;
        change.status = building.status;
        change.changedAt = building.statusSince;
        change.changedBy = author;
        change.reason = reason;
        change.persist();
        events.buildingState(building, author, reason);
    }

    public PlaceApi.BuildingView view(Building building) {
        return new PlaceApi.BuildingView(building.id, building.compoundId, building.name, building.status,
                building.statusSince, building.gridId);
    }

    public List<PlaceApi.StatusChangeView> history(long buildingId) {
        require(buildingId);
        return BuildingStatusChange.<BuildingStatusChange>list("buildingId = ?1 order by id", buildingId).stream()
                .map(c -> new PlaceApi.StatusChangeView(c.status, c.changedAt, c.changedBy, c.reason)).toList();
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

}
