package org.doorstep.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Residents ordering: POST /api/orders, each as the resident who owns the household, with an Idempotency-Key as the
 * mini-program sends one. The mix: food 55 %, medicine 30 % (a third of it urgent), a meal 15 % (with a window that
 * is open now, so it is due at once). Either as fast as the stack answers with a fixed number of requests in flight
 * (a burst), or at a fixed rate (open loop: a request's latency counts from the moment it was due, so a slow answer
 * that holds back the next requests shows in their latency too).
 */
final class OrderLoad {

    /** What one phase of load did. */
    static class Result {
        final String name;
        final double offeredRate; // 0 for a burst
        final Latencies http = new Latencies();
        final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        final Queue<Long> orderIds = new ConcurrentLinkedQueue<>();
        final AtomicLong sent = new AtomicLong();
        final AtomicLong accepted = new AtomicLong();
        volatile String lastError;
        /** Percentiles measured by another client (wrk), when it drove the phase. */
        Latencies.Summary httpSummary;
        double seconds;
        double startedAt;
        double endedAt;

        Result(String name, double offeredRate) {
            this.name = name;
            this.offeredRate = offeredRate;
        }

        /** HTTP latency of the phase's requests, however they were measured. */
        Latencies.Summary httpLatency() {
            return httpSummary != null ? httpSummary : http.summary();
        }

        double acceptedPerSecond() {
            return seconds > 0 ? accepted.get() / seconds : 0;
        }

        ObjectNode json() {
            ObjectNode node = Json.object();
            node.put("sent", sent.get());
            node.put("accepted201", accepted.get());
            node.put("seconds", Math.round(seconds * 100) / 100.0);
            node.put("acceptedPerSecond", Math.round(acceptedPerSecond()));
            ObjectNode byStatus = node.putObject("byStatus");
            new TreeMap<>(statuses).forEach((status, n) -> byStatus.put(status == 0 ? "no answer"
                    : String.valueOf(status), n.get()));
            node.set("latency", httpLatency().json());
            if (lastError != null) {
                node.put("lastError", lastError);
            }
            return node;
        }
    }

    private final Target target;
    private final Http http;
    private final List<District.Household> households;
    private final Map<Long, String> codes;
    private final TokenSource tokens;
    /** Only urgent medicine: timed on its own while another client sends the routine load. */
    private boolean urgentMedicineOnly;

    OrderLoad(Target target, Http http, District district, Map<Long, String> codes) {
        this.target = target;
        this.http = http;
        this.households = district.withAccount();
        this.codes = codes;
        this.tokens = target.tokens();
        if (households.isEmpty()) {
            throw new IllegalArgumentException("the district has no household with a resident account");
        }
    }

    /** From now on this load orders urgent medicine only. */
    OrderLoad urgentMedicineOnly() {
        urgentMedicineOnly = true;
        return this;
    }

    /** As fast as the stack answers, {@code concurrency} requests in flight, for the duration. */
    Result burst(String name, Duration duration, int concurrency, double startedAt) {
        Result result = new Result(name, 0);
        result.startedAt = startedAt;
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        CountDownLatch done = new CountDownLatch(concurrency);
        for (int i = 0; i < concurrency; i++) {
            next(result, end, done);
        }
        await(done, duration.plusSeconds(30));
        result.seconds = (System.nanoTime() - start) / 1e9;
        result.endedAt = startedAt + result.seconds;
        return result;
    }

    private void next(Result result, long end, CountDownLatch done) {
        long now = System.nanoTime();
        if (now >= end) {
            done.countDown();
            return;
        }
        place(result, now).whenComplete((ignored, failure) -> next(result, end, done));
    }

    /** At a fixed rate for the duration, at most {@code maxInFlight} requests waiting for an answer. */
    Result rate(String name, double perSecond, Duration duration, int maxInFlight, double startedAt) {
        Result result = new Result(name, perSecond);
        result.startedAt = startedAt;
        Semaphore inFlight = new Semaphore(maxInFlight);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long n = 0;
        outer:
        while (true) {
            long now = System.nanoTime();
            if (now >= end) {
                break;
            }
            long due = (long) ((now - start) / 1e9 * perSecond);
            while (n < due) {
                long scheduled = start + (long) (n * 1e9 / perSecond);
                try {
                    if (!inFlight.tryAcquire(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                        break outer;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break outer;
                }
                place(result, scheduled).whenComplete((ignored, failure) -> inFlight.release());
                n++;
            }
            long next = start + (long) ((n + 1) * 1e9 / perSecond);
            LockSupport.parkNanos(Math.max(10_000, Math.min(1_000_000, next - System.nanoTime())));
        }
        try {
            inFlight.tryAcquire(maxInFlight, 30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        result.seconds = duration.toNanos() / 1e9;
        result.endedAt = startedAt + (System.nanoTime() - start) / 1e9;
        return result;
    }

    /** One order; its latency counts from {@code dueNanos}. */
    private java.util.concurrent.CompletableFuture<Void> place(Result result, long dueNanos) {
        District.Household household = households.get(ThreadLocalRandom.current().nextInt(households.size()));
        String body = urgentMedicineOnly ? urgentMedicine(household.id(), ThreadLocalRandom.current())
                : body(household, ThreadLocalRandom.current());
        result.sent.incrementAndGet();
        return http.send("POST", target.orderUrl() + "/api/orders", tokens.token("RESIDENT", household.account()),
                body, UUID.randomUUID().toString()).thenAccept(answer -> {
                    result.http.add((System.nanoTime() - dueNanos) / 1000);
                    result.statuses.computeIfAbsent(answer.status(), s -> new AtomicLong()).incrementAndGet();
                    if (answer.status() == 201) {
                        result.accepted.incrementAndGet();
                        JsonNode order = answer.json();
                        long id = order.path("id").asLong();
                        codes.put(id, order.path("handoffCode").asText());
                        result.orderIds.add(id);
                    } else {
                        result.lastError = answer.status() + " " + Json.abbreviate(answer.error() != null
                                ? answer.error() : answer.body());
                    }
                });
    }

    private static final String[][] FOOD = {{"Rice, 5 kg", "1"}, {"Eggs, 10", "2"}, {"Bok choy", "3"},
        {"Cooking oil, 1 l", "1"}, {"Tofu", "2"}, {"Noodles", "4"}, {"Milk, 1 l", "2"}};
    private static final String[][] MEDICINE = {{"Cetirizine syrup", "1"}, {"Insulin pen", "2"},
        {"Amlodipine 5 mg", "1"}, {"Ibuprofen", "1"}, {"Salbutamol inhaler", "1"}};

    static String body(District.Household household, Random random) {
        return body(household.id(), random);
    }

    static String body(long householdId, Random random) {
        int roll = random.nextInt(100);
        StringBuilder body = new StringBuilder(200).append("{\"householdId\":").append(householdId);
        if (roll < 55) {
            body.append(",\"category\":\"FOOD\",\"items\":[").append(item(FOOD, random)).append(',')
                    .append(item(FOOD, random)).append("],\"urgent\":false");
        } else if (roll < 85) {
            body.append(",\"category\":\"MEDICINE\",\"items\":[").append(item(MEDICINE, random))
                    .append("],\"urgent\":").append(roll < 65);
        } else {
            OffsetDateTime from = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
            body.append(",\"category\":\"MEAL\",\"items\":[{\"name\":\"Lunch box\",\"quantity\":1}],\"urgent\":false")
                    .append(",\"deliveryWindow\":{\"from\":\"").append(from).append("\",\"to\":\"")
                    .append(from.plusHours(2)).append("\"}");
        }
        return body.append('}').toString();
    }

    static String urgentMedicine(long householdId, Random random) {
        return "{\"householdId\":" + householdId + ",\"category\":\"MEDICINE\",\"items\":[" + item(MEDICINE, random)
                + "],\"urgent\":true}";
    }

    private static String item(String[][] items, Random random) {
        String[] item = items[random.nextInt(items.length)];
        return "{\"name\":\"" + item[0] + "\",\"quantity\":" + item[1] + "}";
    }

    private static void await(CountDownLatch latch, Duration atMost) {
        try {
            latch.await(atMost.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
