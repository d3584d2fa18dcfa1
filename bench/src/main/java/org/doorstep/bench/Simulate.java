package org.doorstep.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A lockdown day compressed into minutes on a running stack: a district of buildings under mixed status; residents
 * ordering food, medicine (some urgent) and meals, more in the morning and evening; meal plans whose meals leave
 * when their window comes near; the grid worker sealing and lifting buildings during the day; volunteers who look at
 * their runs every few seconds, walk to the gate, pick up and hand off door by door (a few doors do not answer). A
 * line every second shows what happened so far; the day ends with the daily brief.
 */
public final class Simulate {

    private static final ZoneId DISTRICT_ZONE = ZoneId.of("Asia/Shanghai");

    private final Target target;
    private final Duration length;
    private final double rate;
    private final PrintStream out;
    private final String tag = "s" + Long.toString(System.currentTimeMillis() / 1000, 36);
    private final Map<Long, String> codes = new ConcurrentHashMap<>();
    private final Random random = new Random();
    private final AtomicLong ordered = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong cancelled = new AtomicLong();
    private volatile String lastRefusal;
    private volatile String news = "";
    /** The grid worker's board as last read: queued orders, urgent ones among them, the oldest wait (s). */
    private volatile long[] board = {0, 0, 0};

    private Simulate(Target target, Duration length, double rate, PrintStream out) {
        this.target = target;
        this.length = length;
        this.rate = rate;
        this.out = out;
    }

    /** Runs a day of {@code length} at about {@code ordersPerSecond} on average. */
    public static void run(Target target, Duration length, double ordersPerSecond, PrintStream out) throws Exception {
        new Simulate(target, length, ordersPerSecond, out).run();
    }

    private void run() throws Exception {
        for (String url : List.of(target.orderUrl(), target.dispatchUrl(), target.volunteerUrl())) {
            if (!Http.ready(url)) {
                throw new IllegalStateException(url + "/q/health/ready is not UP: start the stack first");
            }
        }
        say("Doorstep: a lockdown day in " + length.toMinutes() + " min " + length.toSecondsPart() + " s, about "
                + Bench.fmt(rate) + " orders/s on average");
        try (Http http = new Http(Duration.ofSeconds(15));
             EventProbe probe = new EventProbe(target.bootstrapServers())) {
            District district = District.create(target, http, new District.Plan(tag, 2, 6, 12, 2, 6,
                    List.of("SEALED", "SEALED", "CONTROLLED", "PRECAUTION", "SEALED", "OPEN"), 0.25, 0.08), this::say);
            say("  buildings: " + String.join(", ", district.buildings.stream().map(b -> b.id() + " " + b.name()
                    + " " + b.status()).toList()));
            String admin = target.tokens().token("ADMIN", District.ADMIN);
            String gridWorker = target.tokens().token("GRID_WORKER", district.gridWorker, district.gridId);
            Map<Long, District.Household> households = new ConcurrentHashMap<>();
            district.households.forEach(h -> households.put(h.id(), h));
            mealPlans(http, district, admin);

            Couriers couriers = new Couriers(target, http, codes, district.volunteers.stream()
                    .map(District.Volunteer::id).toList(), Duration.ofSeconds(4), Duration.ofMillis(1200), 0.03, 64);
            couriers.lookUpCodesWith(orderId -> {
                EventProbe.Track track = probe.orders.get(orderId);
                District.Household household = track == null ? null : households.get(track.householdId);
                if (household == null) {
                    return CompletableFuture.completedFuture(null);
                }
                String token = household.account() == null ? gridWorker
                        : target.tokens().token("RESIDENT", household.account());
                return http.send("GET", target.orderUrl() + "/api/orders/" + orderId, token, null, null)
                        .thenApply(a -> a.ok() ? a.json().path("handoffCode").asText(null) : null);
            });
            ScheduledExecutorService clock = Executors.newScheduledThreadPool(2, r -> {
                Thread thread = new Thread(r, "simulate");
                thread.setDaemon(true);
                return thread;
            });
            try {
                // Each volunteer's phone looks at their runs every 3 s.
                int i = 0;
                for (District.Volunteer volunteer : district.volunteers) {
                    String token = target.tokens().token("VOLUNTEER", String.valueOf(volunteer.id()));
                    clock.scheduleWithFixedDelay(() -> http.send("GET", target.dispatchUrl() + "/api/runs?volunteerId="
                            + volunteer.id(), token, null, null).thenAccept(answer -> {
                                if (answer.ok()) {
                                    for (JsonNode run : answer.json()) {
                                        if ("ASSIGNED".equals(run.path("status").asText())) {
                                            couriers.assigned(run.path("id").asLong(), volunteer.id());
                                        }
                                    }
                                }
                            }), 100L * (i++ % 30), 3000, TimeUnit.MILLISECONDS);
                }
                // The grid worker keeps the board open: dispatch's own count of the queue.
                clock.scheduleWithFixedDelay(() -> http.send("GET", target.dispatchUrl() + "/api/grids/"
                        + district.gridId + "/board", gridWorker, null, null).thenAccept(answer -> {
                            if (answer.ok()) {
                                long queued = 0;
                                long urgent = 0;
                                long oldest = 0;
                                for (JsonNode tile : answer.json()) {
                                    queued += tile.path("queued").asLong();
                                    urgent += tile.path("urgent").asLong();
                                    oldest = Math.max(oldest, tile.path("oldestWaitSeconds").asLong(0));
                                }
                                board = new long[]{queued, urgent, oldest};
                            }
                        }), 0, 1000, TimeUnit.MILLISECONDS);
                day(http, district, probe, gridWorker);
                say("the day is over: no more orders; volunteers finish their runs (at most 60 s) ...");
                long drainStart = System.nanoTime();
                long end = drainStart + Duration.ofSeconds(60).toNanos();
                while (System.nanoTime() < end && (probe.count("ASSIGNED") + probe.count("PICKED_UP") > 0
                        || couriers.busy() > 0)) {
                    Http.sleep(1000);
                    say(line(probe, Duration.ofNanos(System.nanoTime() - drainStart), "after"));
                }
            } finally {
                clock.shutdownNow();
                couriers.close();
            }
            say(String.format(Locale.ROOT, "orders sent %d (refused %d%s), cancelled by residents %d; volunteers: %d "
                            + "runs picked up, %d doors handed off, %d doors not answered, %d errors",
                    ordered.get(), refused.get(), lastRefusal == null ? "" : ", last: " + lastRefusal,
                    cancelled.get(), couriers.pickups.get(), couriers.handoffs.get(), couriers.failedHandoffs.get(),
                    couriers.errors.get()));
            brief(http, district, admin);
        }
    }

    /** Some households have a meal every day, in a window that comes near halfway through the simulated day. */
    private void mealPlans(Http http, District district, String admin) {
        ZonedDateTime now = ZonedDateTime.now(DISTRICT_ZONE);
        // a meal leaves 30 min before its window opens (DispatchRules.MEAL_LEAD_TIME)
        LocalTime start = now.plusMinutes(30).plus(length.dividedBy(2)).toLocalTime().truncatedTo(ChronoUnit.MINUTES)
                .plusMinutes(1);
        LocalTime end = start.plusMinutes(60);
        if (end.isBefore(start) || start.isBefore(now.toLocalTime())) {
            say("  meal plans: skipped, the window would cross midnight in " + DISTRICT_ZONE);
            return;
        }
        int plans = 0;
        for (District.Household household : district.withAccount()) {
            if (random.nextDouble() >= 0.15) {
                continue;
            }
            http.require("POST", target.orderUrl() + "/api/meal-plans", target.tokens().token("RESIDENT",
                    household.account()), "{\"householdId\":" + household.id() + ",\"days\":[\"MONDAY\",\"TUESDAY\","
                    + "\"WEDNESDAY\",\"THURSDAY\",\"FRIDAY\",\"SATURDAY\",\"SUNDAY\"],\"windowStart\":\"" + start
                    + "\",\"windowEnd\":\"" + end + "\",\"items\":[{\"name\":\"Canteen lunch box\",\"quantity\":1}],"
                    + "\"note\":\"from the community canteen\"}", Duration.ofSeconds(30));
            plans++;
        }
        JsonNode made = http.require("POST", target.orderUrl() + "/api/meal-plans/generate", admin,
                "{\"date\":\"" + LocalDate.now(DISTRICT_ZONE) + "\"}", Duration.ofSeconds(30));
        say(String.format(Locale.ROOT, "  meal plans: %d households, window %s-%s (%s); today's meals made: %d; they "
                + "leave 30 min before the window, about halfway through the day", plans, start, end, DISTRICT_ZONE,
                made.path("created").asInt()));
    }

    private void day(Http http, District district, EventProbe probe, String gridWorker) {
        long start = System.nanoTime();
        long seconds = Math.max(10, length.toSeconds());
        List<District.Household> all = new ArrayList<>(district.households);
        List<Cancel> toCancel = new ArrayList<>();
        boolean sealed = false;
        boolean tightened = false;
        boolean lifted = false;
        for (long second = 0; second < seconds; second++) {
            double dayFraction = second / (double) seconds;
            Duration simulatedTime = Duration.ofMinutes(6 * 60 + Math.round(dayFraction * 16 * 60)); // 06:00..22:00
            int orders = poisson(rate * demand(simulatedTime.toHours() + simulatedTime.toMinutesPart() / 60.0));
            for (int k = 0; k < orders; k++) {
                order(http, all.get(random.nextInt(all.size())), gridWorker, toCancel);
            }
            cancelSome(http, toCancel);
            if (!sealed && dayFraction >= 0.3) {
                sealed = changeStatus(http, district, gridWorker, "OPEN", "SEALED",
                        "a positive case was reported on the 4th floor");
            }
            if (!tightened && dayFraction >= 0.5) {
                tightened = changeStatus(http, district, gridWorker, "PRECAUTION", "CONTROLLED",
                        "close contact of a case lives here");
            }
            if (!lifted && dayFraction >= 0.7) {
                lifted = changeStatus(http, district, gridWorker, "CONTROLLED", "PRECAUTION",
                        "seven days without a case");
            }
            long next = start + (second + 1) * 1_000_000_000L;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                Http.sleep(wait / 1_000_000);
            }
            String clock = String.format(Locale.ROOT, "%02d:%02d", simulatedTime.toHours(),
                    simulatedTime.toMinutesPart());
            say(line(probe, Duration.ofSeconds(second + 1), clock));
            probe.check();
        }
    }

    /** Orders in a day of a locked-down compound: a morning peak, lunch, an evening peak, a quiet night. */
    private static double demand(double hour) {
        if (hour < 7) {
            return 0.3;
        }
        if (hour < 10) {
            return 2.0;
        }
        if (hour < 11.5) {
            return 1.0;
        }
        if (hour < 13) {
            return 1.4;
        }
        if (hour < 17) {
            return 0.8;
        }
        if (hour < 19.5) {
            return 1.6;
        }
        return 0.5;
    }

    private void order(Http http, District.Household household, String gridWorker, List<Cancel> toCancel) {
        String body = OrderLoad.body(household, random);
        // A household without a phone orders through the hotline: the grid worker enters it on their behalf.
        String token = household.account() == null ? gridWorker
                : target.tokens().token("RESIDENT", household.account());
        ordered.incrementAndGet();
        boolean cancelLater = household.account() != null && random.nextDouble() < 0.02;
        http.send("POST", target.orderUrl() + "/api/orders", token, body, UUID.randomUUID().toString())
                .thenAccept(answer -> {
                    if (answer.status() == 201) {
                        JsonNode order = answer.json();
                        codes.put(order.path("id").asLong(), order.path("handoffCode").asText());
                        if (cancelLater) {
                            synchronized (toCancel) {
                                toCancel.add(new Cancel(order.path("id").asLong(), household.account(),
                                        System.nanoTime() + 5_000_000_000L));
                            }
                        }
                    } else {
                        refused.incrementAndGet();
                        lastRefusal = answer.status() + " " + Json.abbreviate(answer.body());
                    }
                });
    }

    /** A few residents change their mind a few seconds later (409 once a volunteer has picked the order up). */
    private void cancelSome(Http http, List<Cancel> toCancel) {
        List<Cancel> due = new ArrayList<>();
        synchronized (toCancel) {
            toCancel.removeIf(entry -> {
                if (entry.dueNanos() <= System.nanoTime()) {
                    due.add(entry);
                    return true;
                }
                return false;
            });
        }
        for (Cancel entry : due) {
            http.send("POST", target.orderUrl() + "/api/orders/" + entry.orderId() + "/cancel",
                    target.tokens().token("RESIDENT", entry.account()), null, null).thenAccept(answer -> {
                        if (answer.ok()) {
                            cancelled.incrementAndGet();
                        }
                    });
        }
    }

    private record Cancel(long orderId, String account, long dueNanos) {
    }

    private boolean changeStatus(Http http, District district, String gridWorker, String from, String to,
                                 String reason) {
        District.Building building = district.buildings.stream().filter(b -> b.status().equals(from)).findFirst()
                .orElse(null);
        if (building == null) {
            return true;
        }
        http.require("PUT", target.dispatchUrl() + "/api/buildings/" + building.id() + "/status", gridWorker,
                "{\"status\":\"" + to + "\",\"reason\":" + Json.quote(reason) + "}", Duration.ofSeconds(10));
        district.buildings.set(district.buildings.indexOf(building), new District.Building(building.id(),
                building.compoundId(), building.name(), to));
        news = building.name() + " " + from + "→" + to;
        say("  >> grid worker: " + building.name() + " (" + building.id() + ") " + from + " → " + to + ": " + reason);
        return true;
    }

    private String line(EventProbe probe, Duration elapsed, String clock) {
        long[] tiles = board;
        String text = String.format(Locale.ROOT, "[%s %2d:%02d] placed %5d  assigned %4d  picked up %4d  delivered "
                        + "%5d  self-collect %4d  failed %3d  cancelled %3d | queue depth %4d (board %4d, urgent %2d, "
                        + "oldest %4d s)  urgent oldest wait %5.1f s",
                clock, elapsed.toMinutes(), elapsed.toSecondsPart(), probe.placed.get(), probe.count("ASSIGNED"),
                probe.count("PICKED_UP"), probe.count("DELIVERED"), probe.count("SELF_COLLECTION"),
                probe.count("FAILED"), probe.count("CANCELLED"), probe.count("QUEUED") + probe.count("PLACED"),
                tiles[0], tiles[1], tiles[2], probe.oldestUrgentWaitSeconds());
        if (!news.isEmpty()) {
            text += "  (" + news + ")";
            news = "";
        }
        return text;
    }

    private void brief(Http http, District district, String admin) {
        JsonNode brief = http.require("GET", target.dispatchUrl() + "/api/brief?date=" + LocalDate.now(DISTRICT_ZONE)
                + "&gridId=" + district.gridId, admin, null, Duration.ofSeconds(10));
        say("");
        say("Daily brief, " + brief.path("date").asText() + " (" + brief.path("zone").asText() + "), grid "
                + district.gridId);
        JsonNode total = brief.path("total");
        say(String.format(Locale.ROOT, "  total: placed %d, delivered %d, pending %d, overdue %d, failed %d, "
                        + "cancelled %d, self-collection %d", total.path("placed").asInt(),
                total.path("delivered").asInt(),
                total.path("pending").asInt(), total.path("overdue").asInt(), total.path("failed").asInt(),
                total.path("cancelled").asInt(), total.path("selfCollection").asInt()));
        say("  by category and status:");
        brief.path("byCategoryAndStatus").fields().forEachRemaining(category -> {
            List<String> parts = new ArrayList<>();
            category.getValue().fields().forEachRemaining(s -> parts.add(s.getKey() + " " + s.getValue().asInt()));
            say(String.format(Locale.ROOT, "    %-9s %s", category.getKey(), String.join(", ", parts)));
        });
        say("  placed by hour (" + brief.path("zone").asText() + "):");
        Map<Integer, String> hours = new TreeMap<>();
        brief.path("placedByHour").fields().forEachRemaining(hour -> {
            List<String> parts = new ArrayList<>();
            hour.getValue().fields().forEachRemaining(c -> parts.add(c.getKey() + " " + c.getValue().asInt()));
            hours.put(Integer.parseInt(hour.getKey()), String.join(", ", parts));
        });
        hours.forEach((hour, text) -> say(String.format(Locale.ROOT, "    %02d:00  %s", hour, text)));
        say("  buildings:");
        say(String.format(Locale.ROOT, "    %-22s %-11s %7s %9s %7s %7s %6s %9s %9s", "building", "status now",
                "placed", "delivered", "pending", "overdue", "failed", "cancelled", "self-coll"));
        List<JsonNode> buildings = new ArrayList<>();
        brief.path("buildings").forEach(buildings::add);
        buildings.sort(Comparator.comparingLong(b -> b.path("buildingId").asLong()));
        for (JsonNode b : buildings) {
            JsonNode c = b.path("counts");
            String status = district.buildings.stream().filter(x -> x.id() == b.path("buildingId").asLong())
                    .map(District.Building::status).findFirst().orElse("?");
            say(String.format(Locale.ROOT, "    %-22s %-11s %7d %9d %7d %7d %6d %9d %9d", b.path("name").asText(),
                    status, c.path("placed").asInt(), c.path("delivered").asInt(), c.path("pending").asInt(),
                    c.path("overdue").asInt(), c.path("failed").asInt(), c.path("cancelled").asInt(),
                    c.path("selfCollection").asInt()));
        }
    }

    private int poisson(double mean) {
        double l = Math.exp(-mean);
        int k = 0;
        double p = 1;
        do {
            k++;
            p *= random.nextDouble();
        } while (p > l && k < 10_000);
        return k - 1;
    }

    private void say(String line) {
        out.println(line);
        out.flush();
    }

    /**
     * {@code java -cp ... org.doorstep.bench.Simulate --order-url ... (as Bench) [--minutes 4] [--rate 5]}
     */
    public static void main(String[] args) {
        try {
            Cli cli = new Cli(args, List.of());
            double minutes = Double.parseDouble(cli.get("minutes", "4"));
            if (minutes <= 0 || minutes > 120) {
                throw new IllegalArgumentException("--minutes must be between 0 and 120");
            }
            double rate = Double.parseDouble(cli.get("rate", "5"));
            if (rate <= 0 || rate > 500) {
                throw new IllegalArgumentException("--rate must be between 0 and 500 orders/s");
            }
            run(cli.target(), Duration.ofMillis(Math.round(minutes * 60_000)), rate, System.out);
            System.exit(0);
        } catch (IllegalArgumentException e) {
            System.err.println("simulate: " + e.getMessage());
            System.exit(2);
        } catch (Exception e) {
            System.err.println("simulate failed: " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }
}
