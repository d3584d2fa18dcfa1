package org.doorstep.dispatch.intake;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.doorstep.common.contracts.DispatchStatus;
import org.doorstep.common.contracts.HouseholdChanged;
import org.doorstep.common.contracts.HouseholdErased;
import org.doorstep.common.contracts.OrderCancelled;
import org.doorstep.common.contracts.OrderPlaced;
import org.doorstep.common.contracts.Phones;
import org.doorstep.common.contracts.ResidentNotReached;
import org.doorstep.common.events.EventEnvelope;
import org.doorstep.common.events.EventJson;
import org.doorstep.common.events.MalformedEventException;
import org.doorstep.common.inbox.EventHandler;
import org.doorstep.dispatch.model.Building;
import org.doorstep.dispatch.model.DispatchOrder;
import org.doorstep.dispatch.model.UnreachedHousehold;
import org.doorstep.dispatch.planning.CompoundPlans;
import org.doorstep.dispatch.planning.DispatchEvents;
import org.doorstep.dispatch.planning.Dispatcher;
import org.doorstep.dispatch.planning.Queueing;
import org.doorstep.dispatch.planning.RunService;
import org.jboss.logging.Logger;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Takes order events from order-service: queues each order (or marks it for self-collection) and dispatches; a
 * household's changed details reach its orders still on their way; an erased household's door is forgotten; a message
 * that reached nobody in a household becomes its grid's alert.
 */
@ApplicationScoped
public class OrderIntake implements EventHandler {

    private static final Logger LOG = Logger.getLogger(OrderIntake.class);

    @Inject
    EventJson json;

    @Inject
    Dispatcher dispatcher;

    @Inject
    DispatchEvents events;

    @Inject
    RunService runs;

    @Inject
    Queueing queueing;

    @Inject
    CompoundPlans plans;

    @Override
    public boolean wants(String eventType) {
        return OrderPlaced.TYPE.equals(eventType) || OrderCancelled.TYPE.equals(eventType)
                || HouseholdChanged.TYPE.equals(eventType)
                || HouseholdErased.TYPE.equals(eventType)
                || ResidentNotReached.TYPE.equals(eventType);
    }

    /** Urgent medicine is planned and committed ahead of the routine orders of its poll (README, Performance). */
    @Override
    public boolean goesFirst(EventEnvelope event) {
        if (!OrderPlaced.TYPE.equals(event.type())) {
            return false;
        }
        OrderPlaced placed = json.payload(event, OrderPlaced.class);
        return DispatchOrder.isUrgentMedicine(placed.category(), placed.urgent());
    }

    /** Orders of the batch that dispatch has already (an OrderPlaced sent again under another event id). */
    private Set<Long> known = new HashSet<>();

    /**
     * Owns the compounds the batch touches, all at once and in id order, and finds which of its orders are known, in
     * one query instead of one each.
     */
    @Override
    public void beforeBatch(List<EventEnvelope> events) {
        Set<Long> buildings = new HashSet<>();
        for (EventEnvelope event : events) {
            switch (event.type()) {
                case OrderPlaced.TYPE -> buildings.add(json.payload(event, OrderPlaced.class).buildingId());
                case OrderCancelled.TYPE -> buildings.add(json.payload(event, OrderCancelled.class).buildingId());
                case HouseholdChanged.TYPE -> buildings.add(json.payload(event, HouseholdChanged.class).buildingId());
                case HouseholdErased.TYPE -> buildings.add(json.payload(event, HouseholdErased.class).buildingId());
                default -> {
                }
            }
        }
        plans.ownBuildings(buildings);
        List<Long> placed = events.stream().filter(e -> OrderPlaced.TYPE.equals(e.type()))
                .map(e -> json.payload(e, OrderPlaced.class).orderId()).toList();
        known = placed.isEmpty() ? new HashSet<>() : new HashSet<>(DispatchOrder.getEntityManager()
                .createQuery("select o.orderId from DispatchOrder o where o.orderId in :ids", Long.class)
                .setParameter("ids", placed).getResultList());
    }

    @Override
    public void apply(EventEnvelope event) {
        if (!OrderPlaced.TYPE.equals(event.type())) {
            queueing.storeNewOrders(); // what follows reads orders from the database
        }
        switch (event.type()) {
            case OrderPlaced.TYPE -> placed(json.payload(event, OrderPlaced.class));
            case OrderCancelled.TYPE -> cancelled(json.payload(event, OrderCancelled.class));
            case HouseholdChanged.TYPE -> householdChanged(json.payload(event, HouseholdChanged.class));
            case HouseholdErased.TYPE -> erased(json.payload(event, HouseholdErased.class));
            case ResidentNotReached.TYPE -> notReached(json.payload(event, ResidentNotReached.class));
            default -> LOG.debugf("ignoring %s", event.type());
        }
    }

    /** A building's new orders of one batch are planned together, once. */
    @Override
    public void endOfBatch() {
        dispatcher.planPending();
    }

    private void placed(OrderPlaced placed) {
        if (!known.add(placed.orderId())) {
            return;
        }
        DispatchOrder order = new DispatchOrder();
        order.orderId = placed.orderId();
        order.householdId = placed.householdId();
        order.buildingId = placed.buildingId();
        order.category = placed.category();
        order.urgent = placed.urgent();
        order.vulnerable = placed.vulnerabilities() != null && !placed.vulnerabilities().isEmpty();
        order.itemCount = placed.itemCount();
        order.placedAt = placed.placedAt();
        order.handoffDigest = placed.handoffCodeDigest();
        order.deliverFrom = placed.deliverFrom();
        order.deliverBy = placed.deliverBy();
        order.distributionId = placed.distributionId();
        order.room = placed.room();
        order.contactName = placed.contactName();
        // Masked again here: an event from an older order-service, or one still in the topic, shows more digits.
        order.maskedPhone = Phones.remask(placed.maskedPhone());
        queueing.admit(order);
    }

    private void cancelled(OrderCancelled cancelled) {
        DispatchOrder order = DispatchOrder.findById(cancelled.orderId());
        if (order == null || !EnumSet.of(DispatchStatus.QUEUED, DispatchStatus.ASSIGNED, DispatchStatus.SELF_COLLECTION)
                .contains(order.status)) {
            LOG.infof("Cancellation of order %d ignored: it is %s", cancelled.orderId(),
                    order == null ? "unknown" : order.status);
            return;
        }
        // Memory does not follow a cancellation (a queue, a run and a load change): the plan is read again if needed.
        plans.staleBuilding(order.buildingId);
        runs.takeOff(order);
        order.moveTo(DispatchStatus.CANCELLED, null, "cancelled by the resident");
        events.orderProgressed(order, null);
    }

    /** Orders whose household's details still matter: not yet at the door, delivered, failed or cancelled. */
    private static final List<DispatchStatus> ON_THEIR_WAY = List.of(DispatchStatus.QUEUED, DispatchStatus.ASSIGNED,
            DispatchStatus.PICKED_UP, DispatchStatus.SELF_COLLECTION);

    /**
     * The household's new door and contact on its orders still on their way (what a delivered one showed stays as
     * it was). The event carries the whole state, so applying it again changes nothing. Whether the household is
     * vulnerable decides the order of service and, in a PRECAUTION building, whether a volunteer goes to the door at
     * all: when that changes, the building's orders are decided and planned again.
     */
    private void householdChanged(HouseholdChanged changed) {
        boolean vulnerable = changed.vulnerabilities() != null && !changed.vulnerabilities().isEmpty();
        boolean replan = false;
        for (DispatchOrder order : DispatchOrder.<DispatchOrder>list("householdId = ?1 and status in ?2",
                changed.householdId(), ON_THEIR_WAY)) {
            order.room = changed.room();
            order.contactName = changed.contactName();
            order.maskedPhone = Phones.remask(changed.maskedPhone());
            if (order.vulnerable != vulnerable) {
                order.vulnerable = vulnerable;
                replan = true;
            }
        }
        Building building = replan ? Building.findById(changed.buildingId()) : null;
        if (building != null) {
            queueing.replan(building);
        }
    }

    /**
     * order-service erased the household (its open orders were cancelled just before, on the same key). The plan in
     * memory holds no door, so it stays as it is.
     */
    private void erased(HouseholdErased erased) {
        int orders = DispatchOrder.erasePersonalData(erased.householdId());
        int unreached = UnreachedHousehold.erase(erased.householdId());
        LOG.infof("Household %d erased: %d orders and %d unreached messages forget its door", erased.householdId(),
                orders, unreached);
    }

    /**
     * A message to the household reached nobody: kept for the grid's alerts (RESIDENT_NOT_REACHED), once however often
     * it is published. The plan is not touched, so the compound need not be owned for it.
     */
    private void notReached(ResidentNotReached message) {
        if (message.kind() == null || message.why() == null || message.at() == null) {
            throw new MalformedEventException("ResidentNotReached without kind, why or at");
        }
        UnreachedHousehold.keep(message.householdId(), message.buildingId(), message.orderId(), message.kind(),
                message.why(), message.reason(), message.room(), message.contactName(), message.at());
    }
}
