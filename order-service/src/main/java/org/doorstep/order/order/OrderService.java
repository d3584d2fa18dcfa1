package org.doorstep.order.order;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import org.doorstep.common.audit.Audit;
import org.doorstep.common.contracts.OrderCancelled;
import org.doorstep.common.contracts.OrderProgressed;
import org.doorstep.common.contracts.StatusNotes;
import org.doorstep.common.events.Topic;
import org.doorstep.common.jdbc.MultiRowInsert;
import org.doorstep.common.outbox.Outbox;
import org.doorstep.common.problem.DoorstepException;
import org.doorstep.common.security.Caller;
import org.doorstep.common.security.Requester;
import org.doorstep.common.security.Role;
import org.doorstep.order.household.Household;
import org.doorstep.common.buildings.BuildingDirectory;
import org.doorstep.order.household.HouseholdAccess;
import org.doorstep.order.household.HouseholdFacts;


import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

@ApplicationScoped
public class OrderService {

    static final String DISPATCH = "dispatch";

    @Inject
    Outbox outbox;

    @Inject
    HouseholdAccess households;

    @Inject
    BuildingDirectory buildings;

    @Inject
    Caller caller;

    @Inject
    Audit audit;

    @Inject
    OrderWriter writer;

    /** Observed in the same transaction (notify records what the resident is to be told). */
    @Inject
    Event<OrdersMoved> moves;

    @Inject
    DataSource dataSource;

    /**
     * An order made by the system for a household (a meal plan's day, a bulk distribution), in the caller's
     * transaction, the same way as a resident's ({@link OrderWriter}).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public OrderWriter.Placed create(Household household, OrderDraft draft) {
        HouseholdFacts facts = HouseholdFacts.of(household);
        facts.requireNotErased();
        return writer.write(List.of(new OrderWriter.Placement(facts, draft, null, null))).get(0);
    }

    @Transactional
    public Order cancel(long orderId) {
        return cancel(requireVisible(orderId), caller.subject());
    }

    /**
     * The one way an order is cancelled (by its resident, a grid worker, or before its household is erased): 409 once
     * a volunteer has picked it up; audited, and dispatch told.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Order cancel(Order order, String by) {
        long orderId = order.id;
        if (order.status == OrderStatus.CANCELLED) {
            return order;
        }
        if (order.status.pickedUp()) {
            throw DoorstepException.conflict("Order " + orderId + " is " + order.status
                    + "; it can no longer be cancelled once a volunteer has picked it up.");
        }
        order.moveTo(OrderStatus.CANCELLED, by, null);
        Audit.Area area = households.areaOf(order.buildingId);
        audit.record("ORDER_CANCELLED", "Order", order.id, area, null);
        outbox.publish(Topic.ORDERS, buildings.eventKey(area.compoundId(), order.buildingId), OrderCancelled.TYPE,
                "Order", order.id,
                new OrderCancelled(order.id, order.buildingId, OffsetDateTime.now(ZoneOffset.UTC)));
        return order;
    }

    /**
     * Dispatch moved these orders (a poll's steps, in the order they were published). A step older than one already
     * applied is dropped. After a resident's cancellation, only what physically happened to the goods (picked up
     * before the cancellation reached dispatch) still shows. In a few statements whatever the poll's size: one read of
     * the orders (locked, so a cancellation in flight is seen or waits), one update, one insert of the history lines;
     * the ORM took five round trips a step, and a delivered order has three steps.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void applyProgress(List<OrderProgressed> steps) {
        if (steps.isEmpty()) {
            return;
        }
        Order.getEntityManager().flush(); // read below what this transaction wrote through the ORM
        try (Connection connection = dataSource.getConnection()) {
            Map<Long, Progress> orders = Progress.lockAll(connection,
                    steps.stream().map(OrderProgressed::orderId).distinct().toList());
            List<Object[]> history = new ArrayList<>();
            List<OrderMoved> moved = new ArrayList<>();
            for (OrderProgressed step : steps) {
                Progress order = orders.get(step.orderId());
                if (order == null || step.seq() <= order.dispatchSeq) {
                    continue;
                }
                order.dispatchSeq = step.seq();
                order.changed = true;
                OrderStatus next = OrderStatus.of(step.status());
                if (order.status == OrderStatus.CANCELLED && !next.pickedUp()) {
                    continue;
                }
                order.runId = step.runId();
                if (next != order.status) {
                    String note = step.reason();
                    if (order.status == OrderStatus.CANCELLED) {
                        note = "the cancellation reached dispatch after pickup" + (note == null ? "" : "; " + note);
                    }
                    order.status = next;
                    // The step's own time: a handoff confirmed offline is in the history when it happened there.
                    OffsetDateTime at = step.at() == null ? OffsetDateTime.now(ZoneOffset.UTC) : step.at();
                    history.add(new Object[] {order.id, next.name(),
                            at.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime(), DISPATCH,
                            StatusNotes.fit(note)});
                    moved.add(new OrderMoved(order.id, order.householdId, order.urgent, next, step.reason()));
                }
            }
            Progress.updateAll(connection, orders.values().stream().filter(order -> order.changed).toList());
            MultiRowInsert.insert(connection,
                    "insert into order_status_change (order_id, status, changed_at, changed_by, note)", 5, history);
            if (!moved.isEmpty()) {
                moves.fire(new OrdersMoved(moved));
            }
        } catch (SQLException e) {
            throw new PersistenceException(e);
        }
    }

    /** The order, if the caller may reach its household (another resident: 404, as if it did not exist). */
    public Order requireVisible(long orderId) {
        Order order = Order.findById(orderId);
        Household household = order == null ? null : Household.findById(order.householdId);
        households.check(household, () -> DoorstepException.notFound("Order " + orderId + " does not exist."));
        return order;
    }

    /** The order as the caller sees it. */
    public OrderApi.OrderView view(Order order) {
        Requester requester = caller.requester();
        return viewFor(order, requester, requester.is(Role.GRID_WORKER)
                ? Household.<Household>findById(order.householdId).ownerAccount : null);
    }

    /**
     * The handoff code is the resident's alone; a household without an account (an elderly person without a phone)
     * has its grid worker read it to them, so there the grid worker sees it.
     */
    public static boolean showsCode(Requester requester, String householdOwner) {
        return requester.is(Role.RESIDENT) || (requester.is(Role.GRID_WORKER) && householdOwner == null);
    }

    /** The order as this caller sees it ({@code householdOwner}: the household's account, or null for none). */
    public OrderApi.OrderView viewFor(Order order, Requester requester, String householdOwner) {
        boolean showCode = showsCode(requester, householdOwner);
        List<OrderApi.Step> history = OrderStatusChange.<OrderStatusChange>list("orderId = ?1 order by id", order.id)
                .stream().map(c -> new OrderApi.Step(c.status, c.changedAt, c.changedBy, c.note)).toList();
        List<OrderApi.Item> items = order.items.stream().map(i -> new OrderApi.Item(i.name, i.quantity)).toList();
        OrderApi.DeliveryWindow window = order.deliverFrom == null ? null
                : new OrderApi.DeliveryWindow(order.deliverFrom, order.deliverBy);
        return new OrderApi.OrderView(order.id, order.householdId, order.buildingId, order.category, items,
                order.urgent, order.note, order.status, order.runId,
                showCode ? order.handoffCode : null, order.placedAt, window,
                order.channel, order.channel.onBehalf(), order.enteredBy, order.mealPlanId, order.distributionId,
                history);
    }
}
