package org.doorstep.dispatch.grids;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.doorstep.common.audit.Audit;
import org.doorstep.common.contracts.DispatchStatus;
import org.doorstep.common.contracts.OrderCategory;
import org.doorstep.common.problem.DoorstepException;
import org.doorstep.common.security.Caller;
import org.doorstep.dispatch.model.Building;
import org.doorstep.dispatch.model.DispatchOrder;
import org.doorstep.dispatch.model.Grid;
import org.doorstep.dispatch.model.VolunteerCopy;
import org.doorstep.dispatch.model.rules.DispatchRules;
import org.doorstep.dispatch.planning.DispatchEvents;
import org.doorstep.dispatch.planning.Dispatcher;
import org.doorstep.dispatch.planning.GridAlerts;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/** The grid worker's view: the building board, the queue, the alerts and the daily brief. */
@ApplicationScoped
public class GridService {

    @Inject
    DispatchEvents events;

    @Inject
    Dispatcher dispatcher;

    @Inject
    GridAlerts gridAlerts;

    @Inject
    Caller caller;

    @Inject
    Audit audit;

    @ConfigProperty(name = "doorstep.volunteer.test-window")
    Duration testWindow;

    /** The local time zone of the district, for the daily brief. */
    @ConfigProperty(name = "doorstep.timezone", defaultValue = "Asia/Shanghai")
    ZoneId zone;

    @Transactional
    public Grid create(GridApi.NewGrid request) {
        Grid grid = new Grid();
        grid.name = request.name().trim();
        grid.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
        grid.persistAndFlush();
        if (request.buildingIds() != null) {
            assign(grid, request.buildingIds());
        }
        audit.record("GRID_CREATED", "Grid", grid.id, Audit.Area.grid(grid.id), "buildings " + request.buildingIds(),
                grid.name);
        return grid;
    }

    /**
     * The grid's buildings become exactly these. Each building that joins or leaves is published again, so the other
     * services know at once which grid workers may act on it.
     */
    @Transactional
    public Grid setBuildings(long gridId, List<Long> buildingIds) {
        Grid grid = require(gridId);
        for (Building leaving : Building.<Building>list("gridId", gridId)) {
            if (!buildingIds.contains(leaving.id)) {
                leaving.gridId = null;
                events.buildingState(leaving, caller.subject(), "left grid " + gridId);
            }
        }
        assign(grid, buildingIds);
        audit.record("GRID_BUILDINGS_SET", "Grid", grid.id, Audit.Area.grid(grid.id), "buildings " + buildingIds);
        return grid;
    }

    private void assign(Grid grid, List<Long> buildingIds) {
        for (Long buildingId : buildingIds) {
            Building building = Building.findById(buildingId);
            if (building == null) {
                throw DoorstepException.notFound("Building " + buildingId + " does not exist.");
            }
            if (!grid.id.equals(building.gridId)) {
                building.gridId = grid.id;
                events.buildingState(building, caller.subject(), "joined grid " + grid.id);
            }
        }
    }

    public Grid require(long gridId) {
        Grid grid = Grid.findById(gridId);
        if (grid == null) {
            throw DoorstepException.notFound("Grid " + gridId + " does not exist.");
        }
        return grid;
    }

    public List<Building> buildingsOf(long gridId) {
        require(gridId);
        return Building.list("gridId = ?1 order by id", gridId);
    }

    public GridApi.GridView view(Grid grid) {
        return new GridApi.GridView(grid.id, grid.name, buildingsOf(grid.id).stream().map(b -> b.id).toList());
    }

    public List<GridApi.BuildingTile> board(long gridId) {
        Instant now = Instant.now();
        List<GridApi.BuildingTile> tiles = new ArrayList<>();
        for (Building building : buildingsOf(gridId)) {
            List<DispatchOrder> queued = queuedIn(List.of(building.id));
            Long oldest = queued.stream().map(o -> Duration.between(o.placedAt.toInstant(), now).toSeconds())
                    .max(Long::compare).orElse(null);
            tiles.add(new GridApi.BuildingTile(building.id, building.name, building.status, building.statusSince,
                    queued.size(), (int) queued.stream().filter(DispatchOrder::isUrgentMedicine).count(), oldest,
                    dispatcher.hasCoverageGap(building, now)));
        }
        return tiles;
    }

    /** Queued orders of the buildings, in the order dispatch will serve them, with their waiting time. */
    public List<GridApi.QueuedOrder> queue(List<Long> buildingIds) {
        Instant now = Instant.now();
        return queuedIn(buildingIds).stream().sorted(DispatchRules.ORDER_OF_SERVICE)
                .map(o -> new GridApi.QueuedOrder(o.orderId, o.buildingId, o.category, o.urgent, o.vulnerable,
                        o.placedAt, o.deliverFrom, DispatchRules.target(o),
                        Duration.between(o.placedAt.toInstant(), now).toSeconds(), o.failedAttempts, o.failureReason))
                .toList();
    }

    /** What needs the grid's grid worker now (one rule per kind of alert, in planning's GridAlerts). */
    public List<GridAlerts.Alert> alerts(long gridId) {
        return gridAlerts.of(buildingsOf(gridId));
    }

    /** Who could carry to the building: its compound's volunteers, the eligible first, each with the rules' verdict. */
    public List<GridApi.Candidate> candidates(Building building, java.util.function.ToIntFunction<Long> loadOf) {
        Instant now = Instant.now();
        return VolunteerCopy.<VolunteerCopy>list("compoundId", building.compoundId).stream()
                .map(v -> {
                    int load = loadOf.applyAsInt(v.volunteerId);
                    var reasons = List.copyOf(DispatchRules.whyNotCarry(v, building, load, 1, now, testWindow));
                    return new GridApi.Candidate(v.volunteerId, v.name, v.onDuty, load, v.capacity, reasons.isEmpty(),
                            reasons);
                })
                .sorted(Comparator.comparing((GridApi.Candidate c) -> !c.eligible()).thenComparingInt(GridApi.Candidate::load))
                .toList();
    }

    private List<DispatchOrder> queuedIn(List<Long> buildingIds) {
        if (buildingIds.isEmpty()) {
            return List.of();
        }
        return DispatchOrder.list("buildingId in ?1 and status = ?2", buildingIds, DispatchStatus.QUEUED);
    }

    public LocalDate today() {
        return LocalDate.now(zone);
    }

    /** The day's figures: by category and status, delivered, pending, overdue, per building; for a grid or all. */
    public GridApi.Brief brief(LocalDate date, Long gridId) {
        Instant now = Instant.now();
        OffsetDateTime from = date.atStartOfDay(zone).toOffsetDateTime();
        OffsetDateTime to = date.plusDays(1).atStartOfDay(zone).toOffsetDateTime();
        List<Building> buildings = gridId == null ? Building.list("order by id") : buildingsOf(gridId);
        List<Long> ids = buildings.stream().map(b -> b.id).toList();
        List<DispatchOrder> orders = ids.isEmpty() ? List.of() : DispatchOrder.list(
                "buildingId in ?1 and placedAt >= ?2 and placedAt < ?3", ids, from, to);

        Map<OrderCategory, Map<DispatchStatus, Integer>> byCategory = new EnumMap<>(OrderCategory.class);
        Map<Integer, Map<OrderCategory, Integer>> byHour = new TreeMap<>();
        for (DispatchOrder order : orders) {
            byCategory.computeIfAbsent(order.category, c -> new EnumMap<>(DispatchStatus.class))
                    .merge(order.status, 1, Integer::sum);
            byHour.computeIfAbsent(order.placedAt.atZoneSameInstant(zone).getHour(),
                    h -> new EnumMap<>(OrderCategory.class)).merge(order.category, 1, Integer::sum);
        }
        List<GridApi.BuildingBrief> perBuilding = buildings.stream()
                .map(b -> new GridApi.BuildingBrief(b.id, b.name, b.gridId,
                        counts(orders, o -> o.buildingId == b.id, now)))
                .filter(b -> b.counts().placed() > 0 || gridId != null)
                .toList();
        List<GridApi.GridBrief> perGrid = buildings.stream().map(b -> b.gridId).filter(java.util.Objects::nonNull)
                .distinct().sorted().map(id -> {
                    java.util.Set<Long> members = buildings.stream().filter(b -> id.equals(b.gridId)).map(b -> b.id)
                            .collect(java.util.stream.Collectors.toSet());
                    return new GridApi.GridBrief(id, Grid.<Grid>findById(id).name,
                            counts(orders, o -> members.contains(o.buildingId), now));
                }).toList();
        return new GridApi.Brief(date, zone.getId(), gridId, counts(orders, o -> true, now), byCategory, byHour,
                perBuilding, perGrid);
    }

    private static GridApi.Counts counts(List<DispatchOrder> orders, Predicate<DispatchOrder> which, Instant now) {
        List<DispatchOrder> some = orders.stream().filter(which).toList();
        return new GridApi.Counts(some.size(),
                count(some, o -> o.status == DispatchStatus.DELIVERED),
                count(some, DispatchRules::isPending),
                count(some, o -> DispatchRules.isOverdue(o, now)),
                count(some, o -> o.status == DispatchStatus.FAILED),
                count(some, o -> o.status == DispatchStatus.CANCELLED),
                count(some, o -> o.status == DispatchStatus.SELF_COLLECTION));
    }

    private static int count(List<DispatchOrder> orders, Predicate<DispatchOrder> which) {
        return (int) orders.stream().filter(which).count();
    }
}
