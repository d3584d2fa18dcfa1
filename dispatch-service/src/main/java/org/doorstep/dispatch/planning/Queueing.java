package org.doorstep.dispatch.planning;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.doorstep.common.contracts.DispatchStatus;
import org.doorstep.dispatch.model.Building;
import org.doorstep.dispatch.model.DispatchOrder;
import org.doorstep.dispatch.model.rules.DispatchRules;

import javax.sql.DataSource;
import java.util.List;

/**
 * Whether an order waits in the queue for a volunteer or is collected at the gate, as its building's status says
 * ({@link DispatchRules#deliveryFor}): decided when the order arrives, and again for every pending order of a building
 * whose status changes.
 */
@ApplicationScoped
public class Queueing {

    @Inject
    Dispatcher dispatcher;

    @Inject
    RunService runs;

    @Inject
    DispatchEvents events;

    @Inject
    CompoundPlans plans;

    @Inject
    NewOrders newOrders;

    @Inject
    DataSource dataSource;

    /**
     * A new order: queued, and its building planned before the transaction ends, or marked for self-collection. The
     * building's status is read from its compound's plan, owned from here until the transaction ends: a status change
     * waits for this decision, or this decision sees it — never an order left for self-collection in a sealed building.
     * The order is stored once planning has decided ({@link NewOrders}), or when {@link #storeNewOrders} is called.
     */
    public void admit(DispatchOrder order) {
        Long compound = plans.compoundOf(order.buildingId);
        CompoundPlan plan = compound == null ? null : plans.plan(compound);
        Building building = plan == null ? null : plan.buildings.get(order.buildingId);
        boolean dispatched = building == null
                || DispatchRules.deliveryFor(building.status, order.vulnerable).dispatched();
        order.moveTo(dispatched ? DispatchStatus.QUEUED : DispatchStatus.SELF_COLLECTION, null,
                dispatched ? null : "building is " + building.status + "; collect at the gate");
        newOrders.add(order);
        events.orderProgressed(order, null);
        if (dispatched) {
            if (plan != null) {
                plan.queue(order);
            }
            dispatcher.planSoon(order.buildingId);
        }
    }

    /** Stores the orders admitted in this transaction, for what reads orders from the database next. */
    public void storeNewOrders() {
        newOrders.store(dataSource);
    }

    /**
     * The building's status changed: orders that no longer need a volunteer leave their unstarted runs and become
     * self-collection; self-collection orders that now need one are queued; then the building is planned.
     */
    public void replan(Building building) {
        plans.staleBuilding(building.id);
        List<DispatchOrder> pending = DispatchOrder.list("buildingId = ?1 and status in ?2", building.id,
                List.of(DispatchStatus.QUEUED, DispatchStatus.ASSIGNED, DispatchStatus.SELF_COLLECTION));
        for (DispatchOrder order : pending) {
            boolean dispatched = DispatchRules.deliveryFor(building.status, order.vulnerable).dispatched();
            if (!dispatched && order.status != DispatchStatus.SELF_COLLECTION) {
                runs.takeOff(order);
                order.moveTo(DispatchStatus.SELF_COLLECTION, null,
                        "building is now " + building.status + "; collect at the gate");
                events.orderProgressed(order, null);
            } else if (dispatched && order.status == DispatchStatus.SELF_COLLECTION) {
                order.moveTo(DispatchStatus.QUEUED, null, null);
                events.orderProgressed(order, null);
            }
        }
        dispatcher.plan(building.id);
    }
}
