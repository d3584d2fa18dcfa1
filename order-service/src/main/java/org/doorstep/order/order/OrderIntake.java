package org.doorstep.order.order;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.doorstep.common.Failures;
import org.doorstep.common.audit.Audit;
import org.doorstep.common.idempotency.IdempotencyKey;
import org.doorstep.common.problem.DoorstepException;
import org.doorstep.common.security.Requester;
import org.doorstep.order.household.HouseholdAccess;
import org.doorstep.order.household.HouseholdFacts;
import org.doorstep.order.limits.Limit;
import org.doorstep.order.limits.LimitOverride;
import org.doorstep.order.limits.Limits;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Places the orders of concurrent requests together (group commit): one thread takes every request waiting, decides
 * each (household and area, channel, Idempotency-Key, window, the household's open orders against the {@code Limits})
 * and writes the accepted ones in one transaction of multi-row statements; each caller gets its own answer only after
 * that commit, built from what was written, not read back. A database commits hundreds of orders in about the time it
 * takes to commit one, and a request that is refused (another's household, a key used for another order, a limit) is
 * answered alone without holding up the rest.
 */
@ApplicationScoped
public class OrderIntake {

    private static final Logger LOG = Logger.getLogger(OrderIntake.class);

    /** Requests in one transaction at most: a group stays a few milliseconds of database work. */
    static final int MAX_GROUP = 256;
    /** How long a group waits for a database that is away before its callers are told to try again (503). */
    static final Duration GIVE_UP_AFTER = Duration.ofSeconds(10);

    @Inject
    OrderWriter writer;

    @Inject
    OrderService orders;

    @Inject
    Audit audit;

    @Inject
    DataSource dataSource;

    @Inject
    ObjectMapper mapper;

    @Inject
    Limits limits;

    /** Keys the requests' fingerprints (see {@link IdempotencyKey#fingerprint}). */
    @ConfigProperty(name = "doorstep.handoff.secret")
    String secret;

    /** A caller's request; with a key, also the fingerprint that tells its retry from another request. */
    private record Request(OrderApi.NewOrder body, IdempotencyKey key, String hash, Requester requester,
                           CompletableFuture<OrderApi.OrderView> answer) {
    }

    /** A request to be written, and the limits its caller went over to place it (audited with the order). */
    private record Accepted(Request request, List<LimitOverride> overrides) {
    }

    /** A request whose key names an order already stored: answered with that order. */
    private record Replay(Request request, long orderId, String householdOwner) {
    }

    private final LinkedBlockingQueue<Request> waiting = new LinkedBlockingQueue<>();
    private volatile boolean running = true;
    private Thread committer;

    void start(@Observes StartupEvent event) {
        committer = new Thread(this::commitGroups, "order-intake");
        committer.setDaemon(true);
        committer.start();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        committer.interrupt();
    }

    /**
     * Queues the request for the next group.
     *
     * @param idempotencyKey the request's Idempotency-Key header (or null): the requester's, never anyone else's
     * @return the order as its caller sees it, once committed; or a {@link DoorstepException} to answer with
     */
    public CompletableFuture<OrderApi.OrderView> place(OrderApi.NewOrder body, String idempotencyKey,
                                                       Requester requester) {
        IdempotencyKey key = IdempotencyKey.of(requester.subject(), idempotencyKey);
        Request request = new Request(body, key, key == null ? null : hash(body), requester,
                new CompletableFuture<>());
        waiting.add(request);
        return request.answer();
    }

    private void commitGroups() {
        while (running) {
            List<Request> group = new ArrayList<>();
            try {
                group.add(waiting.take());
            } catch (InterruptedException e) {
                break;
            }
            waiting.drainTo(group, MAX_GROUP - 1);
            try {
                commit(group, System.nanoTime() + GIVE_UP_AFTER.toNanos());
            } catch (RuntimeException e) {
                LOG.errorf(e, "Intake: a group of %d failed", group.size());
                group.forEach(request -> request.answer().completeExceptionally(e));
            }
        }
        List<Request> left = new ArrayList<>();
        waiting.drainTo(left);
        left.forEach(request -> request.answer().completeExceptionally(new IllegalStateException(
                "order-service is shutting down")));
    }

    private void commit(List<Request> group, long giveUpAt) {
        for (int attempt = 1; ; attempt++) {
            try {
                List<Runnable> answers = QuarkusTransaction.requiringNew().call(() -> decide(group));
                answers.forEach(Runnable::run);
                return;
            } catch (RuntimeException e) {
                if (Failures.mayPass(e) && running && System.nanoTime() < giveUpAt) {
                    long pause = Math.min(20L << Math.min(attempt, 8), 1000);
                    LOG.warnf("Intake: a group of %d failed (%s); retry %d in %d ms", group.size(),
                            Failures.describe(e), attempt, pause);
                    sleep(pause + ThreadLocalRandom.current().nextLong(pause / 2 + 1));
                    continue;
                }
                if (group.size() > 1) {
                    // A lasting failure, or a key another instance took at the same moment: each alone, so it
                    // touches only its own caller.
                    group.forEach(request -> commit(List.of(request), giveUpAt));
                    return;
                }
                if (Failures.duplicateKey(e) && attempt < 3) {
                    continue; // the key was taken a moment ago: the next decision finds it and replays its order
                }
                group.get(0).answer().completeExceptionally(e);
                return;
            }
        }
    }

    /** In the group's transaction: decides and writes every request; returns the answers to give after commit. */
    private List<Runnable> decide(List<Request> group) throws SQLException {
        Map<Long, HouseholdFacts> households;
        Map<IdempotencyKey, Object[]> keysTaken;
        Map<Long, OpenOrders> open;
        try (Connection connection = dataSource.getConnection()) {
            List<Long> householdIds = group.stream().map(r -> r.body().householdId()).toList();
            open = OpenOrders.lockAndCount(connection, householdIds);
            households = HouseholdFacts.readAll(connection, householdIds);
            keysTaken = ordersByKey(connection, group.stream().map(Request::key)
                    .filter(java.util.Objects::nonNull).distinct().toList());
        }
        List<Runnable> answers = new ArrayList<>();
        List<OrderWriter.Placement> placements = new ArrayList<>();
        List<Accepted> placing = new ArrayList<>();
        Map<IdempotencyKey, Request> firstOfKey = new HashMap<>();
        List<Replay> replays = new ArrayList<>();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        for (Request request : group) {
            try {
                HouseholdFacts household = households.get(request.body().householdId());
                HouseholdAccess.check(request.requester(), household == null ? null : household.ownerAccount(),
                        household != null, household == null ? () -> null : household::gridId,
                        () -> HouseholdAccess.notFound(request.body().householdId()));
                household.requireNotErased();
                OrderDraft draft = OrderDraft.of(request.body(), request.requester());
                String overrideReason = LimitOverride.reasonOf(request.requester(),
                        request.body().overrideLimitReason());
                if (request.key() != null) {
                    Object[] first = keysTaken.get(request.key());
                    if (first != null) {
                        requireSameRequest(request, (String) first[1], (Long) first[0]);
                        replays.add(new Replay(request, (Long) first[0], household.ownerAccount()));
                        continue;
                    }
                    Request earlier = firstOfKey.putIfAbsent(request.key(), request);
                    if (earlier != null) {
                        // The same caller's double tap within one group: the first tap's answer, whatever it is.
                        requireSameRequest(request, earlier.hash(), null);
                        answers.add(() -> earlier.answer().whenComplete((view, refused) -> {
                            if (refused != null) {
                                request.answer().completeExceptionally(refused);
                            } else {
                                request.answer().complete(view);
                            }
                        }));
                        continue;
                    }
                }
                if (draft.deliverBy() != null && !draft.deliverBy().isAfter(now)) {
                    throw DoorstepException.unprocessable("The delivery window ended at " + draft.deliverBy()
                            + "; give a window that is still ahead.");
                }
                OpenOrders held = open.getOrDefault(household.id(), OpenOrders.NONE);
                List<LimitOverride> overrides = withinLimits(household, draft, held, overrideReason);
                // Counted at once: the next request of the group for this household sees this order.
                open.put(household.id(), held.plus(OpenOrders.urgentMedicine(draft)));
                placements.add(new OrderWriter.Placement(household, draft, request.key(), request.hash()));
                placing.add(new Accepted(request, overrides));
            } catch (DoorstepException refused) {
                answers.add(() -> request.answer().completeExceptionally(refused));
            }
        }
        List<OrderWriter.Placed> placed = writer.write(placements);
        List<Audit.Entry> entries = new ArrayList<>(placed.size());
        for (int i = 0; i < placed.size(); i++) {
            OrderWriter.Placed order = placed.get(i);
            Request request = placing.get(i).request();
            OrderDraft draft = order.placement().draft();
            entries.add(new Audit.Entry(request.requester().subject(), request.requester().role().name(),
                    "ORDER_PLACED", "Order", order.id(), order.placement().household().area(), draft.category()
                    + (draft.urgent() ? " urgent" : "") + ", channel " + draft.channel()));
            for (LimitOverride override : placing.get(i).overrides()) {
                entries.add(new Audit.Entry(request.requester().subject(), request.requester().role().name(),
                        LimitOverride.AUDIT_ACTION, "Order", order.id(), order.placement().household().area(),
                        override.auditFacts(), override.reason()));
            }
            OrderApi.OrderView view = order.view(OrderService.showsCode(request.requester(),
                    order.placement().household().ownerAccount()));
            answers.add(() -> request.answer().complete(view));
        }
        audit.recordAll(entries);
        for (Replay replay : replays) {
            OrderApi.OrderView view = orders.viewFor(Order.findById(replay.orderId()), replay.request().requester(),
                    replay.householdOwner());
            answers.add(() -> replay.request().answer().complete(view));
        }
        return answers;
    }

    /**
     * The household's open orders with this one still within the limits; or the limits the caller went over with a
     * stated reason; or the 422 that names the first limit in the way.
     */
    private List<LimitOverride> withinLimits(HouseholdFacts household, OrderDraft draft, OpenOrders held,
                                             String overrideReason) {
        List<LimitOverride> overrides = new ArrayList<>(2);
        if (OpenOrders.urgentMedicine(draft)) {
            LimitOverride urgent = LimitOverride.check(Limit.OPEN_URGENT_PER_HOUSEHOLD, limits, held.urgentMedicine(),
                    overrideReason, "Household " + household.id() + " already has " + held.urgentMedicine()
                            + " urgent medicine orders on their way, the most one household may have at once. Wait"
                            + " until one arrives or cancel one, or order it as not urgent.");
            if (urgent != null) {
                overrides.add(urgent);
            }
        }
        LimitOverride all = LimitOverride.check(Limit.OPEN_ORDERS_PER_HOUSEHOLD, limits, held.all(), overrideReason,
                "Household " + household.id() + " already has " + held.all() + " orders on their way, the most one"
                        + " household may have at once. Wait until one arrives or cancel one.");
        if (all != null) {
            overrides.add(all);
        }
        return overrides;
    }

    private static void requireSameRequest(Request request, String firstHash, Long firstOrder) {
        if (!firstHash.equals(request.hash())) {
            throw IdempotencyKey.usedFor("a different order" + (firstOrder == null ? "" : " (" + firstOrder + ")"));
        }
    }

    /** (caller, key) → {order id, request hash} of the orders these callers already placed with these keys. */
    private static Map<IdempotencyKey, Object[]> ordersByKey(Connection connection, List<IdempotencyKey> keys)
            throws SQLException {
        Map<IdempotencyKey, Object[]> taken = new HashMap<>();
        if (keys.isEmpty()) {
            return taken;
        }
        try (PreparedStatement select = connection.prepareStatement("select idempotency_subject, idempotency_key, id,"
                + " request_hash from resident_order where " + String.join(" or ", java.util.Collections.nCopies(
                keys.size(), "(idempotency_subject = ? and idempotency_key = ?)")))) {
            for (int i = 0; i < keys.size(); i++) {
                select.setString(2 * i + 1, keys.get(i).subject());
                select.setString(2 * i + 2, keys.get(i).key());
            }
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    taken.put(new IdempotencyKey(row.getString(1), row.getString(2)),
                            new Object[] {row.getLong(3), row.getString(4)});
                }
            }
        }
        return taken;
    }

    private String hash(OrderApi.NewOrder request) {
        try {
            return IdempotencyKey.fingerprint(secret, mapper.writeValueAsBytes(request));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
