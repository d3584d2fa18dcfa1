package org.doorstep.system;

import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

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
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fault campaign: a stream of orders through the three running services while each service is killed with
 * SIGKILL and restarted, the broker is killed and restarted, the database is killed and restarted (readiness goes
 * down and comes back each time), and every event is delivered a second time. Afterwards the invariants are checked against the databases and one line of figures is
 * printed. Short by default (CI); {@code -Ddoorstep.campaign.rounds=5} repeats the faults for a longer run.
 * <p>Every call is made by whoever makes it (docs/security.md): an admin sets up, each household's resident orders for
 * it (and alone sees the handoff code the volunteers are then told), each volunteer carries their own runs. A caller's
 * token is made once ({@link Tokens} hands out the same one, renewed when half its hour has gone), not per request.
 */
@Order(4)
class FaultCampaignSystemTest {

    private static final int ROUNDS = Integer.getInteger("doorstep.campaign.rounds", 1);
    private static final int ORDERS_PER_SECOND = Integer.getInteger("doorstep.campaign.rate", 20);
    private static Stack stack;

    private final Map<Long, String> accepted = new ConcurrentHashMap<>();
    /** The account of each household's resident. */
    private final Map<Long, String> residents = new ConcurrentHashMap<>();
    private final AtomicInteger overCapacity = new AtomicInteger();
    private final AtomicBoolean placing = new AtomicBoolean(true);
    private final AtomicBoolean running = new AtomicBoolean(true);

    @BeforeAll
    static void start() throws Exception {
        stack = Stack.shared();
    }

    private static io.restassured.specification.RequestSpecification as(String token, Stack.Service service) {
        return stack.as(service, token);
    }

    @Test
    void nothing_is_lost_doubled_or_over_capacity_whatever_crashes() throws Exception {
        long compound = create(Tokens.admin(), Stack.Service.DISPATCH, "/api/compounds",
                Map.of("name", "Campaign Estate"));
        List<Long> households = new ArrayList<>();
        List<Long> volunteers = new ArrayList<>();
        for (int b = 0; b < 2; b++) {
            long building = create(Tokens.admin(), Stack.Service.DISPATCH, "/api/buildings",
                    Map.of("compoundId", compound, "name", "Block " + b, "status", "SEALED"));
            for (int h = 0; h < 5; h++) {
                String resident = "campaign-" + b + "0" + h;
                long household = create(Tokens.resident(resident), Stack.Service.ORDER, "/api/households",
                        Map.of("buildingId", building, "room", b + "0" + h, "contactName", "Resident"));
                residents.put(household, resident);
                households.add(household);
            }
            for (int v = 0; v < 2; v++) {
                long id = create(Tokens.admin(), Stack.Service.VOLUNTEER, "/api/volunteers", Map.of("name", "Runner",
                        "phone", "13800138000", "compoundId", compound, "buildingIds", List.of(building),
                        "capacity", 8));
                as(Tokens.volunteer(id), Stack.Service.VOLUNTEER).body(Map.of("result", "NEGATIVE",
                        "takenAt", OffsetDateTime.now().minusHours(1).toString()))
                        .post("/api/volunteers/{id}/tests", id).then().statusCode(200);
                as(Tokens.volunteer(id), Stack.Service.VOLUNTEER).body(Map.of("onDuty", true))
                        .put("/api/volunteers/{id}/duty", id).then().statusCode(200);
                volunteers.add(id);
            }
        }

        Thread orders = new Thread(() -> placeOrders(households), "campaign-orders");
        Thread carriers = new Thread(() -> carry(volunteers), "campaign-volunteers");
        Thread sampler = new Thread(this::sampleCapacity, "campaign-capacity");
        orders.start();
        carriers.start();
        sampler.start();

        for (int round = 0; round < ROUNDS; round++) {
            pause(3);
            for (Stack.Service service : Stack.Service.values()) {
                stack.kill(service);
                stack.start(service);
                stack.awaitReady(service, Duration.ofSeconds(90));
                pause(2);
            }
            stack.broker().kill();
            await().atMost(Duration.ofSeconds(60)).until(() -> !stack.ready(Stack.Service.DISPATCH));
            pause(2);
            stack.broker().start();
            await().atMost(Duration.ofSeconds(60)).until(() -> stack.ready(Stack.Service.DISPATCH));
            pause(2);
            stack.database().kill();
            await().atMost(Duration.ofSeconds(30)).until(() -> !stack.ready(Stack.Service.ORDER));
            pause(2);
            stack.database().launch();
            await().atMost(Duration.ofSeconds(60)).until(() -> stack.ready(Stack.Service.ORDER));
            pause(2);
            replayEveryEvent();
        }
        Instant lastFault = Instant.now();
        pause(3);
        placing.set(false);
        orders.join();

        try {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() -> pending() == 0);
        } finally {
            System.out.println("campaign state: " + diagnosis());
        }
        long drainSeconds = Duration.between(lastFault, Instant.now()).toSeconds();
        running.set(false);
        carriers.join();
        sampler.join();

        long lost = lost();
        long doubled = doubled();
        long delivered = countOrders("status = 'DELIVERED'");
        System.out.printf("fault campaign (%d round%s): orders accepted %d, delivered %d, pending %d, lost %d, "
                        + "doubled %d, over-capacity %d, drain after last fault %d s%n", ROUNDS, ROUNDS == 1 ? "" : "s",
                accepted.size(), delivered, pending(), lost, doubled, overCapacity.get(), drainSeconds);
        assertTrue(accepted.size() > 50, "the campaign placed orders: " + accepted.size());
        assertEquals(0, lost, "lost");
        assertEquals(0, doubled, "doubled");
        assertEquals(0, overCapacity.get(), "over capacity");
        assertEquals(accepted.size(), delivered, "every accepted order delivered");
    }

    /**
     * Places orders at a steady rate, each as its household's resident (who alone is shown the handoff code); a failed
     * call is retried with the same Idempotency-Key until it is accepted.
     */
    private void placeOrders(List<Long> households) {
        int n = 0;
        while (placing.get()) {
            long household = households.get(n % households.size());
            String resident = residents.get(household);
            String key = "campaign-" + UUID.randomUUID();
            Map<String, Object> body = Map.of("householdId", household, "category", n % 5 == 0 ? "MEDICINE" : "FOOD",
                    "urgent", n % 5 == 0, "items", List.of(Map.of("name", "parcel", "quantity", 1)));
            Instant giveUp = Instant.now().plus(Duration.ofMinutes(2));
            while (Instant.now().isBefore(giveUp)) {
                try {
                    var response = as(Tokens.resident(resident), Stack.Service.ORDER)
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
            sleep(1000 / ORDERS_PER_SECOND);
        }
    }

    /**
     * Each volunteer, signed in as themself, picks up what is assigned to them and hands it off with the household's
     * code.
     */
    private void carry(List<Long> volunteers) {
        while (running.get()) {
            for (long volunteer : volunteers) {
                String token = Tokens.volunteer(volunteer);
                try {
                    JsonPath runs = as(token, Stack.Service.DISPATCH).queryParam("volunteerId", volunteer)
                            .get("/api/runs").then().extract().jsonPath();
                    for (Map<String, Object> run : runs.<Map<String, Object>>getList("$")) {
                        Object runId = run.get("id");
                        if ("ASSIGNED".equals(run.get("status"))) {
                            as(token, Stack.Service.DISPATCH).post("/api/runs/{id}/pickup", runId);
                        } else if ("PICKED_UP".equals(run.get("status"))) {
                            for (Map<String, Object> stop : (List<Map<String, Object>>) run.get("orders")) {
                                long order = ((Number) stop.get("orderId")).longValue();
                                if ("PICKED_UP".equals(stop.get("status")) && accepted.containsKey(order)) {
                                    as(token, Stack.Service.DISPATCH).body(Map.of("orderId", order,
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

    /** Every record on the order and dispatch topics, sent again: consumers must apply each only once. */
    private void replayEveryEvent() {
        String servers = stack.broker().bootstrapServers();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ConsumerConfig.GROUP_ID_CONFIG, "campaign-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()));
             KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                     ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                     ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            consumer.subscribe(List.of("doorstep.orders", "doorstep.dispatch", "doorstep.volunteers"));
            List<ConsumerRecord<String, String>> all = new ArrayList<>();
            Instant until = Instant.now().plusSeconds(10);
            int quiet = 0;
            while (Instant.now().isBefore(until) && quiet < 3) {
                var batch = consumer.poll(Duration.ofMillis(500));
                batch.forEach(all::add);
                quiet = batch.isEmpty() && !consumer.assignment().isEmpty() ? quiet + 1 : 0;
            }
            for (ConsumerRecord<String, String> record : all) {
                producer.send(new ProducerRecord<>(record.topic(), record.key(), record.value()));
            }
            producer.flush();
        }
    }

    private long pending() throws Exception {
        if (accepted.isEmpty()) {
            return 0;
        }
        return countOrders("status <> 'DELIVERED'");
    }

    private long countOrders(String condition) throws Exception {
        try (Connection connection = stack.database().connect("doorstep_order");
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("select count(*) from resident_order where id in ("
                     + ids() + ") and " + condition)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Accepted but missing from order-service's or dispatch-service's database. */
    private long lost() throws Exception {
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
    private long doubled() throws Exception {
        try (Connection connection = stack.database().connect("doorstep_dispatch");
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("select count(*) from (select order_id from run_stop"
                     + " where status in ('DELIVERED', 'ASSIGNED', 'PICKED_UP') and order_id in (" + ids() + ")"
                     + " group by order_id having count(*) > 1) twice")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Where the accepted orders are, by service and status, and what waits in each outbox. */
    private String diagnosis() {
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
        Set<Long> ids = accepted.keySet();
        return ids.isEmpty() ? "-1" : ids.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    private static long create(String token, Stack.Service service, String path, Object body) {
        return stack.createWhenKnown(service, token, path, body).getLong("id");
    }

    private static void pause(int seconds) {
        sleep(seconds * 1000L);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
