package org.doorstep.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The volunteers: each assigned run of theirs is picked up after {@code pickupDelay} (the walk to the gate, during
 * which more orders of the building may join the run), then each door is handed off with the household's code (the
 * resident reads it out: the bench kept it from the resident's POST /api/orders answer), one door after another,
 * {@code doorDelay} apart. A share of handoffs fails (nobody answered), as at real doors. Only the run's volunteer
 * calls pickup and handoffs, with their own token.
 */
final class Couriers implements AutoCloseable {

    private final Target target;
    private final Http http;
    private final Map<Long, String> codes;
    private final Set<Long> volunteers = ConcurrentHashMap.newKeySet();
    private final Duration pickupDelay;
    private final Duration doorDelay;
    private final double failShare;
    private final Semaphore runsInFlight;
    private final int maxRunsInFlight;
    /** Runs being carried, or carried: a run is taken up once; one whose pickup lost every race is let go again. */
    private final Set<Long> runsTaken = ConcurrentHashMap.newKeySet();
    private final Map<Long, Integer> pickupRounds = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;
    private final Executor starter;
    private volatile boolean running = true;
    /** While held, assigned runs wait here instead of being picked up. */
    private final java.util.List<long[]> held = new java.util.ArrayList<>();
    private boolean holding;
    /** Where a code not kept from the order's answer is read (a meal plan's order: the resident reads it). */
    private volatile java.util.function.Function<Long, CompletableFuture<String>> codeLookup;

    final AtomicLong pickups = new AtomicLong();
    final AtomicLong handoffs = new AtomicLong();
    final AtomicLong failedHandoffs = new AtomicLong();
    final AtomicLong missingCodes = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    /** Pickups that lost ten races in a row to dispatch putting more orders on the run, and were tried again. */
    final AtomicLong lostRaces = new AtomicLong();
    final Latencies pickupHttp = new Latencies();
    final Latencies handoffHttp = new Latencies();
    volatile String lastError;

    Couriers(Target target, Http http, Map<Long, String> codes, Collection<Long> volunteerIds, Duration pickupDelay,
             Duration doorDelay, double failShare, int maxRunsInFlight) {
        this.target = target;
        this.http = http;
        this.codes = codes;
        this.volunteers.addAll(volunteerIds);
        this.pickupDelay = pickupDelay;
        this.doorDelay = doorDelay;
        this.failShare = failShare;
        this.maxRunsInFlight = maxRunsInFlight;
        this.runsInFlight = new Semaphore(maxRunsInFlight);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "bench-couriers-timer"));
        this.starter = Executors.newSingleThreadExecutor(r -> daemon(r, "bench-couriers"));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread thread = new Thread(r, name);
        thread.setDaemon(true);
        return thread;
    }

    void lookUpCodesWith(java.util.function.Function<Long, CompletableFuture<String>> lookup) {
        this.codeLookup = lookup;
    }

    /** A run was assigned to a volunteer: theirs to carry, once, if the volunteer is one of ours. */
    void assigned(long runId, Long volunteerId) {
        if (!running || volunteerId == null || !volunteers.contains(volunteerId) || !runsTaken.add(runId)) {
            return;
        }
        synchronized (held) {
            if (holding) {
                held.add(new long[]{runId, volunteerId});
                return;
            }
        }
        schedule(runId, volunteerId);
    }

    /** These volunteers' runs are carried too (a second district's). */
    void serve(Collection<Long> volunteerIds) {
        volunteers.addAll(volunteerIds);
    }

    /** From now on the volunteers wait at the gate: nothing is picked up until {@link #release}. */
    void hold() {
        synchronized (held) {
            holding = true;
        }
    }

    /** The volunteers go: every run assigned meanwhile is picked up. */
    void release() {
        List<long[]> waiting;
        synchronized (held) {
            holding = false;
            waiting = new ArrayList<>(held);
            held.clear();
        }
        waiting.forEach(run -> schedule(run[0], run[1]));
    }

    private void schedule(long runId, long volunteerId) {
        timer.schedule(() -> starter.execute(() -> {
            try {
                if (!runsInFlight.tryAcquire(60, TimeUnit.SECONDS)) {
                    errors.incrementAndGet();
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
            carry(runId, volunteerId).whenComplete((ignored, failure) -> {
                if (failure != null) {
                    errors.incrementAndGet();
                    lastError = String.valueOf(failure);
                }
                runsInFlight.release();
            });
        }), pickupDelay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private CompletableFuture<Void> carry(long runId, long volunteerId) {
        String token = target.tokens().token("VOLUNTEER", String.valueOf(volunteerId));
        String runUrl = target.dispatchUrl() + "/api/runs/" + runId;
        return withRetry(() -> timed(pickupHttp, http.send("POST", runUrl + "/pickup", token, null, null)), 10)
                .thenCompose(answer -> {
                    if (!answer.ok()) {
                        if (answer.status() == 409 && answer.body().contains("Concurrent")
                                && pickupRounds.merge(runId, 1, Integer::sum) <= 5) {
                            // lost every race this round (orders kept joining the run): try again a second later
                            lostRaces.incrementAndGet();
                            timer.schedule(() -> {
                                runsTaken.remove(runId);
                                assigned(runId, volunteerId);
                            }, 1, TimeUnit.SECONDS);
                        } else if (answer.status() != 409) {
                            errors.incrementAndGet();
                            lastError = "pickup " + answer.status() + " " + Json.abbreviate(answer.body());
                        } else if (answer.body().contains("Concurrent")) {
                            errors.incrementAndGet();
                            lastError = "pickup of run " + runId + " kept losing races: "
                                    + Json.abbreviate(answer.body());
                        }
                        // any other 409: given back or re-planned before pickup, nothing left to carry
                        return CompletableFuture.completedFuture(null);
                    }
                    pickups.incrementAndGet();
                    List<Long> doors = new ArrayList<>();
                    for (JsonNode stop : answer.json().path("orders")) {
                        if ("PICKED_UP".equals(stop.path("status").asText())) {
                            doors.add(stop.path("orderId").asLong());
                        }
                    }
                    CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
                    for (Long orderId : doors) {
                        chain = chain.thenCompose(x -> delay(doorDelay)).thenCompose(x -> handOff(runUrl, token,
                                orderId));
                    }
                    return chain;
                });
    }

    private CompletableFuture<Void> handOff(String runUrl, String token, long orderId) {
        boolean fail = failShare > 0 && ThreadLocalRandom.current().nextDouble() < failShare;
        String code = codes.get(orderId);
        if (!fail && code == null && codeLookup != null) {
            return codeLookup.apply(orderId).thenCompose(found -> {
                if (found != null) {
                    codes.put(orderId, found);
                }
                return handOff(runUrl, token, orderId, false, found);
            });
        }
        return handOff(runUrl, token, orderId, fail, code);
    }

    private CompletableFuture<Void> handOff(String runUrl, String token, long orderId, boolean fail, String code) {
        if (!fail && code == null) {
            missingCodes.incrementAndGet();
            return CompletableFuture.completedFuture(null);
        }
        String body = fail ? "{\"orderId\":" + orderId + ",\"failed\":true,\"reason\":\"nobody answered the door\"}"
                : "{\"orderId\":" + orderId + ",\"code\":" + Json.quote(code) + "}";
        String key = UUID.randomUUID().toString();
        return withRetry(() -> timed(handoffHttp, http.send("POST", runUrl + "/handoffs", token, body, key)), 5)
                .thenAccept(answer -> {
                    if (answer.ok()) {
                        (fail ? failedHandoffs : handoffs).incrementAndGet();
                    } else {
                        errors.incrementAndGet();
                        lastError = "handoff " + answer.status() + " " + Json.abbreviate(answer.body());
                    }
                });
    }

    /** Tries again, a moment later, what lost a race (409 "Concurrent change") or found the service busy (503). */
    private CompletableFuture<Http.Answer> withRetry(java.util.function.Supplier<CompletableFuture<Http.Answer>> call,
                                                     int attempts) {
        return call.get().thenCompose(answer -> {
            boolean race = answer.status() == 409 && answer.body().contains("Concurrent");
            if ((race || answer.status() == 503 || answer.status() == 0) && attempts > 1 && running) {
                return delay(Duration.ofMillis(50 + ThreadLocalRandom.current().nextInt(100)))
                        .thenCompose(x -> withRetry(call, attempts - 1));
            }
            return CompletableFuture.completedFuture(answer);
        });
    }

    private static CompletableFuture<Http.Answer> timed(Latencies latencies, CompletableFuture<Http.Answer> call) {
        long start = System.nanoTime();
        return call.thenApply(answer -> {
            latencies.add((System.nanoTime() - start) / 1000);
            return answer;
        });
    }

    private static CompletableFuture<Void> delay(Duration delay) {
        if (delay.isZero()) {
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(delay.toMillis(),
                TimeUnit.MILLISECONDS));
    }

    /** Runs picked up but whose doors are not all handed off yet. */
    int busy() {
        return maxRunsInFlight - runsInFlight.availablePermits();
    }

    ObjectNode json() {
        ObjectNode node = Json.object();
        node.put("runsPickedUp", pickups.get());
        node.put("handoffsDelivered", handoffs.get());
        node.put("handoffsFailed", failedHandoffs.get());
        node.put("missingCodes", missingCodes.get());
        node.put("errors", errors.get());
        node.put("pickupsRetriedAfterTenLostRaces", lostRaces.get());
        node.set("pickupHttp", pickupHttp.summary().json());
        node.set("handoffHttp", handoffHttp.summary().json());
        if (lastError != null) {
            node.put("lastError", lastError);
        }
        return node;
    }

    @Override
    public void close() {
        running = false;
        timer.shutdownNow();
        ((java.util.concurrent.ExecutorService) starter).shutdownNow();
    }
}
