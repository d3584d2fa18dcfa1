package org.doorstep.system;

import io.restassured.path.json.JsonPath;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;

/**
 * A stream of orders through the running stack, carried to the door by the volunteers of a district of its own, and
 * what it must come to whatever crashes meanwhile: every accepted order in both services' databases, delivered once,
 * never on two open runs, no volunteer over capacity. The tests that crash, kill or pause parts of the system while
 * orders flow share it.
 * <p>Every call is made by whoever makes it (docs/security.md): an admin sets up, each household's resident orders for
 * it (and alone sees the handoff code the volunteers are then told), each volunteer carries their own runs.
 */
final class Deliveries {

    private final Stack stack;
    private final Map<Long, String> accepted = new ConcurrentHashMap<>();
    /** The token of each household's resident. */
    private final Map<Long, String> residents = new ConcurrentHashMap<>();
    /** The name of each household's resident (in a WeChat district, the fake WeChat user's). */
    private final Map<Long, String> residentNames = new ConcurrentHashMap<>();
    private final List<Long> households = new ArrayList<>();
    private final List<Long> volunteers = new ArrayList<>();
    private final AtomicInteger overCapacity = new AtomicInteger();
    private final AtomicBoolean placing = new AtomicBoolean(true);
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();

    private Deliveries(Stack stack) {
        this.stack = stack;
    }

    /**
     * A district of sealed buildings: each compound's buildings with their households (each registered by its
     * resident) and volunteers (tested negative, on duty, carrying at most {@code capacity} orders).
     */
    static Deliveries district(Stack stack, String name, int compounds, int buildingsEach, int householdsEach,
                               int volunteersEach, int capacity) {
        return district(stack, name, compounds, buildingsEach, householdsEach, volunteersEach, capacity,
                Tokens::resident);
    }

    /**
     * The same, each resident signed in with WeChat as the mini-program does (the fake WeChat user of the resident's
     * name), so that they can be told by WeChat subscribe message.
     */
    static Deliveries weChatDistrict(Stack stack, String name, int compounds, int buildingsEach, int householdsEach,
                                     int volunteersEach, int capacity) {
        return district(stack, name, compounds, buildingsEach, householdsEach, volunteersEach, capacity,
                resident -> stack.to(Stack.Service.ORDER).body(Map.of("code", "user:" + resident))
                        .post("/api/auth/wechat").then().statusCode(200).extract().path("token"));
    }

    private static Deliveries district(Stack stack, String name, int compounds, int buildingsEach,
                                       int householdsEach, int volunteersEach, int capacity,
                                       Function<String, String> signIn) {
        Deliveries deliveries = new Deliveries(stack);
        for (int c = 0; c < compounds; c++) {
            long compound = deliveries.create(Tokens.admin(), Stack.Service.DISPATCH, "/api/compounds",
                    Map.of("name", name + " " + c));
            for (int b = 0; b < buildingsEach; b++) {
                long building = deliveries.create(Tokens.admin(), Stack.Service.DISPATCH, "/api/buildings",
                        Map.of("compoundId", compound, "name", "Block " + b, "status", "SEALED"));
                for (int h = 0; h < householdsEach; h++) {
                    String resident = name.toLowerCase().replace(' ', '-') + "-" + c + "-" + b + "0" + h;
                    String token = signIn.apply(resident);
                    long household = deliveries.create(token, Stack.Service.ORDER,
                            "/api/households", Map.of("buildingId", building, "room", b + "0" + h,
                                    "contactName", "Resident"));
                    deliveries.residents.put(household, token);
                    deliveries.residentNames.put(household, resident);
                    deliveries.households.add(household);
                }
                for (int v = 0; v < volunteersEach; v++) {
                    long id = deliveries.create(Tokens.admin(), Stack.Service.VOLUNTEER, "/api/volunteers",
                            Map.of("name", "Runner", "phone", "13800138000", "compoundId", compound,
                                    "buildingIds", List.of(building), "capacity", capacity));
                    stack.as(Stack.Service.VOLUNTEER, Tokens.volunteer(id)).body(Map.of("result", "NEGATIVE",
                                    "takenAt", OffsetDateTime.now().minusHours(1).toString()))
                            .post("/api/volunteers/{id}/tests", id).then().statusCode(200);
                    stack.as(Stack.Service.VOLUNTEER, Tokens.volunteer(id)).body(Map.of("onDuty", true))
                            .put("/api/volunteers/{id}/duty", id).then().statusCode(200);
                    deliveries.volunteers.add(id);
                }
            }
        }
        return deliveries;
    }

    /**
     * Starts placing orders at the rate, carrying them through the dispatch instance {@code dispatchInstance} names at
     * each round, and sampling the volunteers' loads.
     */
    void start(int ordersPerSecond, IntSupplier dispatchInstance) {
        threads.add(new Thread(() -> placeOrders(ordersPerSecond), "deliveries-orders"));
        threads.add(new Thread(() -> carry(dispatchInstance), "deliveries-volunteers"));
        threads.add(new Thread(this::sampleCapacity, "deliveries-capacity"));
        threads.forEach(Thread::start);
    }

    /** Stops placing orders, waits until every accepted one is delivered (at most three minutes), then stops. */
    void finish() throws Exception {
        placing.set(false);
        threads.get(0).join();
        try {
            org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> pending() == 0);
        } finally {
            System.out.println("deliveries state: " + diagnosis());
            running.set(false);
            for (Thread thread : threads) {
                thread.join();
            }
        }
    }

    int accepted() {
        return accepted.size();
    }

    /** Accepted orders placed since the mark ({@link #mark}) that dispatch has put on a run. */
    long assignedSince(Set<Long> mark) throws Exception {
        Set<Long> since = accepted.keySet().stream().filter(id -> !mark.contains(id)).collect(Collectors.toSet());
        if (since.isEmpty()) {
            return 0;
        }
        try (Connection connection = stack.database().connect("doorstep_dispatch");
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("select count(distinct order_id) from run_stop where order_id in ("
                     + joined(since) + ")")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The orders accepted so far. */
    Set<Long> mark() {
        return Set.copyOf(accepted.keySet());
    }

    long delivered() throws Exception {
        return countOrders("status = 'DELIVERED'");
    }

    long pending() throws Exception {
        if (accepted.isEmpty()) {
            return 0;
        }
        return countOrders("status <> 'DELIVERED'");
    }

    int overCapacity() {
        return overCapacity.get();
    }

    /** Each resident allows {@code count} WeChat messages of the template, one "accept" at a time as WeChat reports. */
    void consent(String templateId, int count) {
        for (String token : residents.values()) {
            for (int i = 0; i < count; i++) {
                stack.as(Stack.Service.ORDER, token).body(Map.of(templateId, "accept")).post("/api/me/subscriptions")
                        .then().statusCode(200);
            }
        }
    }

    /**
     * What became of the residents' DELIVERED messages, once none waits any more (at most two minutes): each
     * delivered order's message recorded, and each one recorded as sent taken by WeChat ({@code weChat}: the messages
     * the fake WeChat took for an openid).
     */
    Told told(Function<String, List<org.doorstep.testkit.FakeWeChatServer.Message>> weChat) throws Exception {
        org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                .until(() -> countNotifications("state = 'PENDING'") == 0);
        Map<Long, Long> households = new java.util.HashMap<>();
        Map<Long, String> states = new java.util.HashMap<>();
        try (Connection connection = stack.database().connect("doorstep_order");
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("select o.id, o.household_id, n.state from resident_order o"
                     + " left join notification n on n.order_id = o.id and n.kind = 'DELIVERED'"
                     + " where o.status = 'DELIVERED' and o.id in (" + ids() + ")")) {
            while (rs.next()) {
                households.put(rs.getLong(1), rs.getLong(2));
                states.put(rs.getLong(1), rs.getString(3));
            }
        }
        Map<String, Long> taken = new java.util.HashMap<>();
        for (long household : residents.keySet()) {
            for (var message : weChat.apply(org.doorstep.testkit.FakeWeChatServer.openIdOf(
                    residentNames.get(household)))) {
                taken.merge(message.page(), 1L, Long::sum);
            }
        }
        long sent = 0;
        long unrecorded = 0;
        long lost = 0;
        long repeated = 0;
        long sentThoughNot = 0;
        for (var order : states.entrySet()) {
            long messages = taken.getOrDefault(page(order.getKey()), 0L);
            if (order.getValue() == null) {
                unrecorded++;
            } else if ("SENT".equals(order.getValue())) {
                sent++;
                lost += messages == 0 ? 1 : 0;
                repeated += Math.max(0, messages - 1);
            } else {
                sentThoughNot += messages;
            }
        }
        return new Told(states.size(), sent, unrecorded + lost, repeated, sentThoughNot,
                taken.values().stream().mapToLong(Long::longValue).max().orElse(0));
    }

    /** The mini-program page a resident's message about the order opens. */
    private static String page(long orderId) {
        return "pages/order/index?id=" + orderId;
    }

    /**
     * Residents' DELIVERED messages: of the delivered orders, how many were sent; lost (no message recorded, or
     * recorded as sent and never taken by WeChat); repeated (taken by WeChat more than once: allowed once per kill of
     * the sender between a send and its record); taken by WeChat though recorded as not sent; the most copies of one.
     */
    record Told(long delivered, long sent, long lost, long repeated, long sentThoughNotRecorded, long mostCopies) {
    }

    private long countNotifications(String condition) throws Exception {
        return countInOrderService("notification where order_id", condition);
    }

    /** Accepted but missing from order-service's or dispatch-service's database. */
    long lost() throws Exception {
        long missing = 0;
        for (String db : List.of("doorstep_order.resident_order:id", "doorstep_dispatch.dispatch_order:order_id")) {
            String[] parts = db.split("[.:]");
            try (Connection connection = stack.database().connect(parts[0]);
                 Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("select count(distinct " + parts[2] + ") from " + parts[1]
                         + " where " + parts[2] + " in (" + ids() + ")")) {
                rs.next();
                missing += accepted.size() - rs.getLong(1);
            }
        }
        return missing;
    }

    /** Delivered twice, or on two open runs at once. */
    long doubled() throws Exception {
        try (Connection connection = stack.database().connect("doorstep_dispatch");
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("select count(*) from (select order_id from run_stop"
                     + " where status in ('DELIVERED', 'ASSIGNED', 'PICKED_UP') and order_id in (" + ids() + ")"
                     + " group by order_id having count(*) > 1) twice")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Places orders at a steady rate, each as its household's resident (who alone is shown the handoff code); a failed
     * call is retried with the same Idempotency-Key until it is accepted.
     */
    private void placeOrders(int ordersPerSecond) {
        int n = 0;
        while (placing.get()) {
            long household = households.get(n % households.size());
            String resident = residents.get(household);
            String key = "deliveries-" + UUID.randomUUID();
            Map<String, Object> body = Map.of("householdId", household, "category", n % 5 == 0 ? "MEDICINE" : "FOOD",
                    "urgent", n % 5 == 0, "items", List.of(Map.of("name", "parcel", "quantity", 1)));
            Instant giveUp = Instant.now().plus(Duration.ofMinutes(2));
            while (Instant.now().isBefore(giveUp)) {
                try {
                    var response = stack.as(Stack.Service.ORDER, resident)
                            .header("Idempotency-Key", key).body(body).post("/api/orders");
                    if (response.statusCode() == 201) {
                        accepted.put(response.jsonPath().getLong("id"), response.jsonPath().getString("handoffCode"));
                        break;
                    }
                } catch (Exception serviceDown) {
                    // retried below with the same key
                }
                sleep(200);
            }
            n++;
            sleep(1000 / ordersPerSecond);
        }
    }

    /**
     * Each volunteer, signed in as themself, picks up what is assigned to them and hands it off with the household's
     * code.
     */
    @SuppressWarnings("unchecked")
    private void carry(IntSupplier dispatchInstance) {
        while (running.get()) {
            for (long volunteer : volunteers) {
                String token = Tokens.volunteer(volunteer);
                int instance = dispatchInstance.getAsInt();
                try {
                    JsonPath runs = stack.as(Stack.Service.DISPATCH, instance, token)
                            .queryParam("volunteerId", volunteer).get("/api/runs").then().extract().jsonPath();
                    for (Map<String, Object> run : runs.<Map<String, Object>>getList("$")) {
                        Object runId = run.get("id");
                        if ("ASSIGNED".equals(run.get("status"))) {
                            stack.as(Stack.Service.DISPATCH, instance, token).post("/api/runs/{id}/pickup", runId);
                        } else if ("PICKED_UP".equals(run.get("status"))) {
                            for (Map<String, Object> stop : (List<Map<String, Object>>) run.get("orders")) {
                                long order = ((Number) stop.get("orderId")).longValue();
                                if ("PICKED_UP".equals(stop.get("status")) && accepted.containsKey(order)) {
                                    stack.as(Stack.Service.DISPATCH, instance, token).body(Map.of("orderId", order,
                                                    "code", accepted.get(order)))
                                            .post("/api/runs/{id}/handoffs", runId);
                                }
                            }
                        }
                    }
                } catch (Exception serviceDown) {
                    // the next round tries again
                }
            }
            sleep(100);
        }
    }

    private void sampleCapacity() {
        while (running.get()) {
            try (Connection connection = stack.database().connect("doorstep_dispatch");
                 Statement statement = connection.createStatement();
                 ResultSet over = statement.executeQuery("""
                         select r.volunteer_id from run_stop s join run r on s.run_id = r.id
                         join volunteer_copy v on v.volunteer_id = r.volunteer_id
                         where s.status in ('ASSIGNED', 'PICKED_UP')
                         group by r.volunteer_id, v.capacity having count(*) > v.capacity""")) {
                while (over.next()) {
                    overCapacity.incrementAndGet();
                }
            } catch (Exception databaseDown) {
                // sampled again in a moment
            }
            sleep(500);
        }
    }

    private long countOrders(String condition) throws Exception {
        return countInOrderService("resident_order where id", condition);
    }

    /**
     * Rows of order-service's {@code "<table> where <order id column>"} about the accepted orders that meet the
     * condition.
     */
    private long countInOrderService(String tableAndOrderColumn, String condition) throws Exception {
        try (Connection connection = stack.database().connect("doorstep_order");
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("select count(*) from " + tableAndOrderColumn + " in (" + ids()
                     + ") and " + condition)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Where the accepted orders are, by service and status, and what waits in each outbox. */
    String diagnosis() {
        StringBuilder text = new StringBuilder();
        for (String query : List.of(
                "doorstep_order:select status, count(*) from resident_order where id in (IDS) group by status",
                "doorstep_dispatch:select status, count(*) from dispatch_order where order_id in (IDS) group by status",
                "doorstep_dispatch:select status, count(*) from run group by status",
                "doorstep_dispatch:select concat(volunteer_id, '/', on_duty, '/', latest_test_result), capacity"
                        + " from volunteer_copy",
                "doorstep_dispatch:select concat(r.id, '/', r.status, '/', s.status), count(*) from run r"
                        + " join run_stop s on s.run_id = r.id where r.status <> 'DONE' group by r.id, r.status, s.status",
                "doorstep_order:select 'outbox', count(*) from outbox_event",
                "doorstep_dispatch:select 'outbox', count(*) from outbox_event",
                "doorstep_volunteer:select 'outbox', count(*) from outbox_event")) {
            String[] parts = query.split(":", 2);
            text.append(parts[0]).append(" {");
            try (Connection connection = stack.database().connect(parts[0]);
                 Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery(parts[1].replace("IDS", ids()))) {
                while (rs.next()) {
                    text.append(rs.getString(1)).append('=').append(rs.getLong(2)).append(' ');
                }
            } catch (Exception e) {
                text.append(e.getMessage());
            }
            text.append("} ");
        }
        return text.toString();
    }

    private String ids() {
        return accepted.isEmpty() ? "-1" : joined(accepted.keySet());
    }

    private static String joined(Set<Long> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    private long create(String token, Stack.Service service, String path, Object body) {
        return stack.createWhenKnown(service, token, path, body).getLong("id");
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
