package org.doorstep.dispatch.planning;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.doorstep.common.contracts.BuildingState;
import org.doorstep.common.contracts.OrderProgressed;
import org.doorstep.common.contracts.RunChanged;
import org.doorstep.common.contracts.RunStatus;
import org.doorstep.common.events.EventKeys;
import org.doorstep.common.events.Topic;
import org.doorstep.common.outbox.Outbox;
import org.doorstep.dispatch.model.Building;
import org.doorstep.dispatch.model.DispatchOrder;
import org.doorstep.dispatch.model.Run;
import org.doorstep.dispatch.model.RunStop;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * What dispatch tells the other services, always through the outbox: a building's state keyed by its compound and
 * itself ({@link EventKeys}), the progress of orders and runs by building (order-service and volunteer-service follow
 * buildings, not compounds).
 */
@ApplicationScoped
public class DispatchEvents {

    @Inject
    Outbox outbox;

    public void orderProgressed(DispatchOrder order, Long volunteerId) {
        orderProgressed(order, volunteerId, now());
    }

    /** The same, for a step that happened at a time of its own (a handoff confirmed offline). */
    public void orderProgressed(DispatchOrder order, Long volunteerId, OffsetDateTime at) {
        outbox.publish(Topic.DISPATCH, String.valueOf(order.buildingId), OrderProgressed.TYPE, "Order", order.orderId,
                new OrderProgressed(order.orderId, order.buildingId, order.status, order.runId, volunteerId,
                        order.failureReason, order.seq, at, order.urgent));
    }

    public void runChanged(Run run) {
        List<RunStop> stops = RunStop.list("runId", run.id);
        int delivered = (int) stops.stream().filter(s -> s.status == RunStop.Status.DELIVERED).count();
        int failed = (int) stops.stream().filter(s -> s.status == RunStop.Status.FAILED).count();
        List<Long> orderIds = stops.stream().filter(s -> s.status != RunStop.Status.REMOVED)
                .map(s -> s.orderId).toList();
        runChanged(run.id, run.buildingId, run.volunteerId, run.status, orderIds, delivered, failed);
    }

    /** A run's change as planning knows it, without reading its stops again. */
    public void runChanged(long runId, long buildingId, Long volunteerId, RunStatus status, List<Long> orderIds,
                           int delivered, int failed) {
        outbox.publish(Topic.DISPATCH, String.valueOf(buildingId), RunChanged.TYPE, "Run", runId,
                new RunChanged(runId, buildingId, volunteerId, status, orderIds, delivered, failed, now()));
    }

    /** Tells the other services the building's state (also when only its grid changed). */
    public void buildingState(Building building, String author, String reason) {
        outbox.publish(Topic.BUILDINGS, EventKeys.of(building.compoundId, building.id), BuildingState.TYPE,
                "Building", building.id,
                building.toState(author, reason));
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
