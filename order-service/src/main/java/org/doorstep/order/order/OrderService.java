package org.doorstep.order.order;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.doorstep.common.audit.Audit;
import org.doorstep.common.contracts.HandoffCodes;
import org.doorstep.common.contracts.OrderCancelled;
import org.doorstep.common.contracts.OrderPlaced;
import org.doorstep.common.contracts.OrderProgressed;
import org.doorstep.common.contracts.Phones;
import org.doorstep.common.events.Topic;
import org.doorstep.common.outbox.Outbox;
import org.doorstep.common.problem.DoorstepException;
import org.doorstep.common.security.Caller;
import org.doorstep.common.security.Role;
import org.doorstep.order.household.Household;
import org.doorstep.order.household.HouseholdAccess;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class OrderService {

    static final String DISPATCH = "dispatch";

    @Inject
    Outbox outbox;

    @Inject
    ObjectMapper mapper;

    @Inject
    HouseholdAccess households;

    @Inject
    Caller caller;

    @Inject
    Audit audit;

    @ConfigProperty(name = "doorstep.handoff.secret")
    String handoffSecret;

    /**
     * Places an order from the API; the order and its OrderPlaced event commit together. With an idempotency key, a
     * retry of the same request fails on the key's unique index, and {@link #replay} returns the order the first call
     * made.
     */
    @Transactional
    public Order place(OrderApi.NewOrder request, String idempotencyKey) {
        String requestHash = hash(request);
        // A retry is found by the unique key when the order is inserted (OrderResource then replays the first
        // answer): one query less for every first request. Only a retry that would now be refused looks first.
        if (request.deliveryWindow() != null
                && !request.deliveryWindow().to().isAfter(OffsetDateTime.now(ZoneOffset.UTC))) {
            Optional<Order> first = idempotencyKey == null ? Optional.empty() : findByIdempotencyKey(idempotencyKey);
            if (first.isPresent()) {
                return sameRequestOrRefuse(first.get(), requestHash);
            }
            throw DoorstepException.unprocessable("The delivery window ended at " + request.deliveryWindow().to()
                    + "; give a window that is still ahead.");
        }
        Household household = households.require(request.householdId());
        OrderDraft draft;
        if (caller.is(Role.RESIDENT)) {
            if (request.channelOrApp() != OrderChannel.APP) {
                throw DoorstepException.forbidden("Only a grid worker enters an order on a household's behalf ("
                        + request.channel() + "); order with channel APP.");
            }
            draft = OrderDraft.of(request, OrderChannel.APP, null);
        } else {
            // A grid worker or admin always orders on the household's behalf: the hotline unless they say otherwise.
            OrderChannel channel = request.channelOrApp() == OrderChannel.APP ? OrderChannel.HOTLINE
                    : request.channelOrApp();
            String enteredBy = request.enteredBy() == null || request.enteredBy().isBlank() ? caller.subject()
                    : request.enteredBy().trim();
            draft = OrderDraft.of(request, channel, enteredBy);
        }
        Order order = create(household, draft, idempotencyKey, requestHash);
        audit.record("ORDER_PLACED", "Order", order.id, households.areaOf(order.buildingId),
                order.category + (order.urgent ? " urgent" : "") + ", channel " + order.channel);
        return order;
    }

    /**
     * The one way an order comes to be, whoever makes it: stored with its first history line and its OrderPlaced
     * event, in the caller's transaction.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Order create(Household household, OrderDraft draft, String idempotencyKey, String requestHash) {
        Order order = new Order();
        order.householdId = household.id;
        order.buildingId = household.buildingId;
        order.category = draft.category();
        order.urgent = draft.urgent();
        order.note = draft.note();
        order.items.addAll(draft.items());
        order.status = OrderStatus.PLACED;
        order.handoffCode = HandoffCodes.newCode();
        order.idempotencyKey = idempotencyKey;
        order.requestHash = requestHash;
        order.placedAt = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        order.channel = draft.channel();
        order.enteredBy = draft.enteredBy();
        order.deliverFrom = draft.deliverFrom();
        order.deliverBy = draft.deliverBy();
        order.mealPlanId = draft.mealPlanId();
        order.serviceDate = draft.serviceDate();
        order.distributionId = draft.distributionId();
        order.persistAndFlush();
        order.moveTo(OrderStatus.PLACED, order.channel.onBehalf() ? order.enteredBy : household.ownerAccount,
                order.channel.onBehalf() ? "entered on the household's behalf (" + order.channel + ")" : null);
        outbox.publish(Topic.ORDERS, String.valueOf(order.buildingId), OrderPlaced.TYPE, "Order", order.id,
                new OrderPlaced(order.id, household.id, household.buildingId, order.category, order.urgent,
                        new ArrayList<>(household.vulnerabilities), order.itemCount(), order.placedAt,
                        HandoffCodes.digest(handoffSecret, order.id, order.handoffCode), order.deliverFrom,
                        order.deliverBy, order.distributionId, household.room, household.contactName,
                        Phones.mask(household.phone)));
        return order;
    }

    /** For a retry that lost the race to insert: the first request's order, if it is the same request. */
    @Transactional
    public Order replay(OrderApi.NewOrder request, String idempotencyKey) {
        Order first = findByIdempotencyKey(idempotencyKey).orElseThrow(() -> DoorstepException.conflict(
                "Another request with the same Idempotency-Key is being processed; retry in a moment."));
        return sameRequestOrRefuse(first, hash(request));
    }

    private Order sameRequestOrRefuse(Order first, String requestHash) {
        if (!first.requestHash.equals(requestHash)) {
            throw DoorstepException.unprocessable("This Idempotency-Key was already used for a different order ("
                    + first.id + "); use a new key for a new order.");
        }
        return first;
    }

    private Optional<Order> findByIdempotencyKey(String key) {
        return Order.find("idempotencyKey", key).firstResultOptional();
    }

    @Transactional
    public Order cancel(long orderId) {
        Order order = requireVisible(orderId);
        if (order.status == OrderStatus.CANCELLED) {
            return order;
        }
        if (order.status.pickedUp()) {
            throw DoorstepException.conflict("Order " + orderId + " is " + order.status
                    + "; it can no longer be cancelled once a volunteer has picked it up.");
        }
        order.moveTo(OrderStatus.CANCELLED, caller.subject(), null);
        audit.record("ORDER_CANCELLED", "Order", order.id, households.areaOf(order.buildingId), null);
        outbox.publish(Topic.ORDERS, String.valueOf(order.buildingId), OrderCancelled.TYPE, "Order", order.id,
                new OrderCancelled(order.id, order.buildingId, OffsetDateTime.now(ZoneOffset.UTC)));
        return order;
    }

    /**
     * Dispatch moved the order. A step older than one already applied is dropped. After a resident's cancellation,
     * only what physically happened to the goods (picked up before the cancellation reached dispatch) still shows.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void applyProgress(OrderProgressed progress) {
        Order order = Order.findById(progress.orderId());
        if (order == null || progress.seq() <= order.dispatchSeq) {
            return;
        }
        order.dispatchSeq = progress.seq();
        OrderStatus next = OrderStatus.of(progress.status());
        if (order.status == OrderStatus.CANCELLED && !next.pickedUp()) {
            return;
        }
        order.runId = progress.runId();
        if (next != order.status) {
            String note = progress.reason();
            if (order.status == OrderStatus.CANCELLED) {
                note = "the cancellation reached dispatch after pickup" + (note == null ? "" : "; " + note);
            }
            order.moveTo(next, DISPATCH, note);
        }
    }

    /** The order, if the caller may reach its household (another resident: 404, as if it did not exist). */
    public Order requireVisible(long orderId) {
        Order order = Order.findById(orderId);
        Household household = order == null ? null : Household.findById(order.householdId);
        households.check(household, () -> DoorstepException.notFound("Order " + orderId + " does not exist."));
        return order;
    }

    /**
     * The order as the caller sees it. The handoff code is the resident's alone; a household without an account (an
     * elderly person without a phone) has its grid worker read it to them, so there the grid worker sees it.
     */
    public OrderApi.OrderView view(Order order) {
        boolean showCode = caller.is(Role.RESIDENT) || (caller.is(Role.GRID_WORKER)
                && Household.<Household>findById(order.householdId).ownerAccount == null);
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

    private String hash(OrderApi.NewOrder request) {
        try {
            byte[] json = mapper.writeValueAsBytes(request);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
