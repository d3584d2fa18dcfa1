package org.doorstep.order.order;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.doorstep.common.contracts.HandoffCodes;
import org.doorstep.common.contracts.OrderPlaced;
import org.doorstep.common.contracts.Phones;
import org.doorstep.common.contracts.StatusNotes;
import org.doorstep.common.buildings.BuildingDirectory;
import org.doorstep.common.events.Topic;
import org.doorstep.common.idempotency.IdempotencyKey;
import org.doorstep.common.ids.IdBlocks;
import org.doorstep.common.jdbc.MultiRowInsert;
import org.doorstep.common.outbox.Outbox;
import org.doorstep.order.household.HouseholdFacts;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static org.doorstep.common.jdbc.MultiRowInsert.utc;

/**
 * The one way an order comes to be, whoever makes it (an intake group, a meal plan, a distribution): each order with
 * its items, its first history line (PLACED) and its OrderPlaced event, in the caller's transaction. Many orders are
 * written in a few multi-row statements, their ids taken from {@link IdBlocks} so no row waits for another's id.
 */
@ApplicationScoped
public class OrderWriter {

    /**
     * An order to write: for whom, what, and the caller's Idempotency-Key of the request that asked for it with that
     * request's fingerprint (both null for an order nobody asked for with a key).
     */
    public record Placement(HouseholdFacts household, OrderDraft draft, IdempotencyKey idempotencyKey,
                            String requestHash) {
    }

    /** A written order, as its first answer shows it: nothing needs to be read back. */
    public record Placed(long id, Placement placement, String handoffCode, OffsetDateTime placedAt,
                         OrderApi.Step firstStep) {

        public OrderApi.OrderView view(boolean showCode) {
            OrderDraft draft = placement.draft();
            OrderApi.DeliveryWindow window = draft.deliverFrom() == null ? null
                    : new OrderApi.DeliveryWindow(draft.deliverFrom(), draft.deliverBy());
            return new OrderApi.OrderView(id, placement.household().id(), placement.household().buildingId(),
                    draft.category(), draft.items().stream().map(i -> new OrderApi.Item(i.name, i.quantity)).toList(),
                    draft.urgent(), draft.note(), OrderStatus.PLACED, null, showCode ? handoffCode : null, placedAt,
                    window, draft.channel(), draft.channel().onBehalf(), draft.enteredBy(), draft.mealPlanId(),
                    draft.distributionId(), List.of(firstStep));
        }
    }

    @Inject
    IdBlocks ids;

    @Inject
    Outbox outbox;

    @Inject
    BuildingDirectory buildings;

    @Inject
    DataSource dataSource;

    @ConfigProperty(name = "doorstep.handoff.secret")
    String handoffSecret;

    @Transactional(Transactional.TxType.MANDATORY)
    public List<Placed> write(List<Placement> placements) {
        if (placements.isEmpty()) {
            return List.of();
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        List<Placed> placed = new ArrayList<>(placements.size());
        List<Object[]> orders = new ArrayList<>(placements.size());
        List<Object[]> items = new ArrayList<>();
        List<Object[]> history = new ArrayList<>(placements.size());
        for (Placement placement : placements) {
            long id = ids.next("resident_order");
            HouseholdFacts household = placement.household();
            OrderDraft draft = placement.draft();
            String code = HandoffCodes.newCode();
            boolean onBehalf = draft.channel().onBehalf();
            String by = onBehalf ? draft.enteredBy() : household.ownerAccount();
            String note = StatusNotes.fit(onBehalf ? "entered on the household's behalf (" + draft.channel() + ")"
                    : null);
            IdempotencyKey key = placement.idempotencyKey();
            orders.add(new Object[] {id, household.id(), household.buildingId(), draft.category().name(),
                    draft.urgent(), draft.note(), OrderStatus.PLACED.name(), code, key == null ? null : key.subject(),
                    key == null ? null : key.key(), placement.requestHash(), utc(now), draft.channel().name(), draft.enteredBy(),
                    utc(draft.deliverFrom()), utc(draft.deliverBy()), draft.mealPlanId(), draft.serviceDate(),
                    draft.distributionId()});
            for (int position = 0; position < draft.items().size(); position++) {
                OrderItem item = draft.items().get(position);
                items.add(new Object[] {id, position, item.name, item.quantity});
            }
            history.add(new Object[] {id, OrderStatus.PLACED.name(), utc(now), by == null ? "unknown" : by, note});
            int itemCount = draft.items().stream().mapToInt(item -> item.quantity).sum();
            outbox.publish(Topic.ORDERS, buildings.eventKey(household.compoundId(), household.buildingId()),
                    OrderPlaced.TYPE, "Order", id,
                    new OrderPlaced(id, household.id(), household.buildingId(), draft.category(), draft.urgent(),
                            new ArrayList<>(household.vulnerabilities()), itemCount, now,
                            HandoffCodes.digest(handoffSecret, id, code), draft.deliverFrom(), draft.deliverBy(),
                            draft.distributionId(), household.room(), household.contactName(),
                            Phones.mask(household.phone())));
            placed.add(new Placed(id, placement, code, now, new OrderApi.Step(OrderStatus.PLACED, now, by, note)));
        }
        try (Connection connection = dataSource.getConnection()) {
            MultiRowInsert.insert(connection, "insert into resident_order (id, household_id, building_id, category,"
                    + " urgent, note, status, handoff_code, idempotency_subject, idempotency_key, request_hash,"
                    + " placed_at, channel, entered_by, deliver_from, deliver_by, meal_plan_id, service_date,"
                    + " distribution_id)", 19,
                    orders);
            MultiRowInsert.insert(connection, "insert into order_item (order_id, position, name, quantity)", 4,
                    items);
            MultiRowInsert.insert(connection, "insert into order_status_change (order_id, status, changed_at,"
                    + " changed_by, note)", 5, history);
        } catch (SQLException e) {
            throw new OrderNotWritten(e);
        }
        return placed;
    }

    /** Carries the database's reason (a duplicate Idempotency-Key, the database away) to whoever retries. */
    public static final class OrderNotWritten extends RuntimeException {
        OrderNotWritten(SQLException cause) {
            super("could not write the orders: " + cause.getMessage(), cause);
        }
    }
}
