package org.doorstep.dispatch.planning;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.doorstep.common.contracts.DispatchStatus;
import org.doorstep.common.events.Topic;
import org.doorstep.dispatch.model.Building;
import org.doorstep.dispatch.model.DispatchOrder;
import org.doorstep.dispatch.model.SetAsideEvent;
import org.doorstep.dispatch.model.UnreachedHousehold;
import org.doorstep.dispatch.model.rules.DispatchRules;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What needs a grid's grid worker now, one rule per kind of alert: read by the console (GET /api/grids/{id}/alerts)
 * and by the job that sends them to the grid workers bound to WeChat (notify), so both say the same.
 */
@ApplicationScoped
public class GridAlerts {

    public enum AlertType {
        /** A building under lockdown with no volunteer who may carry there. */
        COVERAGE_GAP,
        /** Urgent medicine not at the door within its target. */
        URGENT_OVERDUE,
        /** A handoff failed twice; a person must look. */
        HANDOFF_FAILED,
        /** Too many wrong codes for an order: its handoff waits for the grid worker to unlock it. */
        HANDOFF_LOCKED,
        /** An event about the building could not be applied and was set aside: an order may be missing. */
        EVENT_SET_ASIDE,
        /** A message to a household reached nobody (no WeChat, no phone, or given up on): knock on the door. */
        RESIDENT_NOT_REACHED
    }

    /** Every field is always in the JSON; those marked nullable are null when they do not apply. */
    public record Alert(AlertType type, long buildingId,
                        @Schema(nullable = true, description = "None for a building's alert") Long orderId,
                        OffsetDateTime since, String detail,
                        @Schema(nullable = true, description = "RESIDENT_NOT_REACHED: the household")
                        Long householdId,
                        @Schema(nullable = true, description = "RESIDENT_NOT_REACHED: the household's room")
                        String room,
                        @Schema(nullable = true, description = "RESIDENT_NOT_REACHED: whom to ask for")
                        String contactName,
                        @Schema(nullable = true, description = "RESIDENT_NOT_REACHED: the message that reached "
                                + "nobody (DELIVERED, FAILED, BUILDING_SEALED, …)", example = "DELIVERED")
                        String kind) {

        Alert(AlertType type, long buildingId, Long orderId, OffsetDateTime since, String detail) {
            this(type, buildingId, orderId, since, detail, null, null, null, null);
        }
    }

    @Inject
    Dispatcher dispatcher;

    /** How long a message that reached nobody stays among the alerts after it was given up on. */
    @ConfigProperty(name = "doorstep.alerts.resident-not-reached-for", defaultValue = "PT24H")
    Duration notReachedFor;

    /** The alerts of the buildings (a grid's), by type, then building. */
    public List<Alert> of(List<Building> buildings) {
        Instant now = Instant.now();
        List<Alert> alerts = new ArrayList<>();
        for (Building building : buildings) {
            if (dispatcher.hasCoverageGap(building, now)) {
                alerts.add(new Alert(AlertType.COVERAGE_GAP, building.id, null, building.statusSince,
                        building.name + " is " + building.status + " and no volunteer may carry there now: "
                                + "put a volunteer on duty for it, or bring one who serves it."));
            }
        }
        List<Long> ids = buildings.stream().map(b -> b.id).toList();
        if (!ids.isEmpty()) {
            for (DispatchOrder order : DispatchOrder.<DispatchOrder>list("buildingId in ?1 and status in ?2", ids,
                    List.of(DispatchStatus.QUEUED, DispatchStatus.ASSIGNED, DispatchStatus.PICKED_UP))) {
                if (order.isUrgentMedicine() && DispatchRules.isOverdue(order, now)) {
                    alerts.add(new Alert(AlertType.URGENT_OVERDUE, order.buildingId, order.orderId,
                            DispatchRules.target(order), "Urgent medicine order " + order.orderId + " is "
                            + order.status + " past its 30-minute target."));
                }
            }
            OffsetDateTime dayAgo = OffsetDateTime.now(ZoneOffset.UTC).minusDays(1);
            for (DispatchOrder order : DispatchOrder.<DispatchOrder>list(
                    "buildingId in ?1 and status = ?2 and placedAt > ?3", ids, DispatchStatus.FAILED, dayAgo)) {
                alerts.add(new Alert(AlertType.HANDOFF_FAILED, order.buildingId, order.orderId,
                        order.placedAt, "Order " + order.orderId + ": " + order.failureReason));
            }
            for (DispatchOrder order : DispatchOrder.<DispatchOrder>list("buildingId in ?1 and handoffLocked = true",
                    ids)) {
                alerts.add(new Alert(AlertType.HANDOFF_LOCKED, order.buildingId, order.orderId,
                        order.placedAt, "Order " + order.orderId + ": " + order.wrongCodes + " wrong handoff codes; "
                        + "check with the household, then unlock it for run " + order.runId + "."));
            }
            alerts.addAll(notReached(ids));
        }
        alerts.addAll(setAside(buildings));
        alerts.sort(Comparator.comparing(Alert::type).thenComparing(Alert::buildingId));
        return alerts;
    }

    /** Messages to the buildings' households that reached nobody, for a day after they were given up on. */
    private List<Alert> notReached(List<Long> buildingIds) {
        OffsetDateTime from = OffsetDateTime.now(ZoneOffset.UTC).minus(notReachedFor);
        List<Alert> alerts = new ArrayList<>();
        for (UnreachedHousehold message : UnreachedHousehold.<UnreachedHousehold>list(
                "buildingId in ?1 and at > ?2 order by at, id", buildingIds, from)) {
            String door = (message.room == null ? "a household" : "room " + message.room)
                    + (message.contactName == null ? "" : " (" + message.contactName + ")");
            alerts.add(new Alert(AlertType.RESIDENT_NOT_REACHED, message.buildingId, message.orderId, message.at,
                    "The " + message.kind + " message " + (message.orderId == null ? "about the building"
                            : "of order " + message.orderId) + " reached nobody in " + door + " ("
                            + (message.reason == null ? message.why : message.reason) + "): tell them at the door.",
                    message.householdId, message.room, message.contactName, message.kind));
        }
        return alerts;
    }

    /**
     * Events set aside in the last day about the buildings (an order event; a dispatch event or a building's state
     * another service could not take in), or about a volunteer of their compounds (shown on the first of the buildings
     * there). An event whose key names no place dispatch knows is on no grid: it waits for the operator alone. The
     * reason stays with the operator.
     */
    private static List<Alert> setAside(List<Building> buildings) {
        if (buildings.isEmpty()) {
            return List.of();
        }
        Map<Long, Building> byId = new TreeMap<>();
        Map<Long, Building> firstOfCompound = new TreeMap<>();
        for (Building building : buildings) {
            byId.put(building.id, building);
            firstOfCompound.merge(building.compoundId, building, (a, b) -> a.id <= b.id ? a : b);
        }
        List<Alert> alerts = new ArrayList<>();
        for (SetAsideEvent event : SetAsideEvent.<SetAsideEvent>list("setAsideAt > ?1 and (buildingId in ?2 or "
                        + "(buildingId is null and compoundId in ?3)) order by setAsideAt",
                OffsetDateTime.now(ZoneOffset.UTC).minusDays(1), byId.keySet(), firstOfCompound.keySet())) {
            Building building = event.buildingId != null ? byId.get(event.buildingId)
                    : firstOfCompound.get(event.compoundId);
            alerts.add(new Alert(AlertType.EVENT_SET_ASIDE, building.id, null, event.setAsideAt,
                    setAsideDetail(event, building)));
        }
        return alerts;
    }

    /**
     * What the grid worker is told: dispatch's own intake (orders, volunteers' states) as what may be missing here;
     * another service's consumer by name, with what of the building it may show out of date.
     */
    private static String setAsideDetail(SetAsideEvent event, Building building) {
        if (event.buildingId != null && Topic.ORDERS.topicName().equals(event.topic)) {
            return "An order of " + building.name + " could not be taken in and was set aside: it may be missing"
                    + " from the queue. Check the building's orders with the households; the operator"
                    + " replays it once fixed.";
        }
        if (event.buildingId == null && Topic.VOLUNTEERS.topicName().equals(event.topic)) {
            return "A volunteer's update in this compound could not be taken in and was set aside: a duty or"
                    + " test shown here may be out of date until the operator replays it.";
        }
        String what = Topic.DISPATCH.topicName().equals(event.topic) ? "An order's progress or a run"
                : Topic.BUILDINGS.topicName().equals(event.topic) ? "A status change" : "An update";
        return what + (event.buildingId != null ? " of " + building.name : " in this compound")
                + " could not be taken in by " + event.consumer + " and was set aside: what that service shows"
                + " (to residents or volunteers) may be out of date until the operator replays it.";
    }
}
