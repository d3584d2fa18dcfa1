package org.doorstep.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The benchmark: sets up its own district through the API, then (1) a burst of orders as fast as the stack takes
 * them, (2) fixed rates, (3) a search for the highest rate at which dispatch's queue does not grow, (4) the raw limits
 * of the same database server and broker. Latencies from placed to assigned and to delivered come from the events
 * (OrderPlaced.placedAt, OrderProgressed.at). Writes results-*.json and report-*.html; the JSON's path is the last
 * line it prints.
 */
public final class Bench {

    /** What to run; {@link #quick} takes a few seconds, {@link #full} a quarter of an hour or so. */
    public static final class Options {
        public boolean quick;
        public Path outDir;
        public int concurrency = 32;
        public Duration warmup;
        public Duration burst;
        public List<Double> rates;
        public Duration rateDuration;
        public double sustainStart;
        public double sustainFactor;
        public int sustainMaxSteps;
        public Duration sustainStep;
        public boolean sustainRefine;
        public Duration drainMax;
        /** Before each phase: wait until the machine is below this busy share (of all cores) for a second... */
        public double quietBusyPercent = 12;
        /** ...but no longer than this. */
        public double quietMaxSeconds = 30;
        public Duration rawDuration;
        public Duration pickupDelay = Duration.ofMillis(250);
        public int compounds;
        public int buildingsPerCompound;
        public int householdsPerBuilding;
        public int volunteersPerBuilding;
        public int capacity = 50;
        /** The wrk phases (wrk must be installed): their own district, sized so that volunteers never run out. */
        public boolean wrk;
        /** Only the wrk phases, after a short warm-up of their own. */
        public boolean wrkOnly;
        public int wrkCompounds = 8;
        public int wrkVolunteersPerBuilding = 10;
        public Duration wrkWarmup = Duration.ofSeconds(20);
        public Duration wrkBurst = Duration.ofSeconds(10);
        public Duration wrkStep = Duration.ofSeconds(10);
        public double wrkSustainStart = 300;
        public int wrkSustainMaxSteps = 5;
        public double wrkRoutineRate = 500;
        public double wrkUrgentRate = 5;
        public String note = "";
        public Double startupSeconds;
        /** Where the services write their logs (order-service.log, ...), to count retries and deadlocks; or null. */
        public Path serviceLogs;
        public PrintStream out = System.out;

        /** The burst runs with this many requests in flight, and (full mode) four times as many. */
        List<Integer> burstConcurrency() {
            return quick ? List.of(concurrency) : List.of(concurrency, 4 * concurrency);
        }

        public static Options quick(Path outDir) {
            Options o = new Options();
            o.quick = true;
            o.outDir = outDir;
            o.warmup = Duration.ofSeconds(1);
            o.burst = Duration.ofSeconds(2);
            o.rates = List.of(100.0);
            o.rateDuration = Duration.ofSeconds(2);
            o.sustainStart = 50;
            o.sustainFactor = 1.5;
            o.sustainMaxSteps = 1;
            o.sustainStep = Duration.ofSeconds(2);
            o.sustainRefine = false;
            o.drainMax = Duration.ofSeconds(8);
            o.rawDuration = Duration.ofSeconds(1);
            o.compounds = 2;
            o.buildingsPerCompound = 5;
            o.householdsPerBuilding = 5;
            o.volunteersPerBuilding = 1;
            return o;
        }

        public static Options full(Path outDir) {
            Options o = new Options();
            o.quick = false;
            o.outDir = outDir;
            o.warmup = Duration.ofSeconds(30);
            o.burst = Duration.ofSeconds(5);
            o.rates = List.of(250.0, 500.0, 1000.0);
            o.rateDuration = Duration.ofSeconds(10);
            o.sustainStart = 20;
            o.sustainFactor = 1.5;
            o.sustainMaxSteps = 16;
            o.sustainStep = Duration.ofSeconds(10);
            o.sustainRefine = true;
            o.drainMax = Duration.ofSeconds(180);
            o.rawDuration = Duration.ofSeconds(5);
            o.compounds = 4;
            o.buildingsPerCompound = 5;
            o.householdsPerBuilding = 10;
            o.volunteersPerBuilding = 5;
            o.wrk = true;
            return o;
        }
    }

    /** One phase of load and what came of its orders. */
    private static final class Phase {
        final String kind;
        final String name;
        OrderLoad.Result load;
        final List<double[]> backlog = new ArrayList<>();
        double drainSeconds;
        boolean drained;
        /** Waited before the load for the machine to fall quiet after the phase before. */
        double settleSeconds;
        long assignedDuring;
        Map<String, Long> dbBefore;
        Map<String, Long> dbAfter;
        long recordsBefore;
        long recordsAfter;
        Latencies.Summary assign;
        Latencies.Summary assignUrgent;
        /** Urgent medicine's placed → assigned in two legs: to the broker (intake's commit and the outbox relay),
         * then from it (dispatch's consumer and planning). */
        Latencies.Summary urgentToBroker;
        Latencies.Summary urgentFromBroker;
        Latencies.Summary deliver;
        Latencies.Summary deliverUrgent;
        long notAssigned;
        long notDelivered;
        double backlogGrowthPerSecond;
        String verdict;
        /** The volunteers waited at the gate during the load: assignment alone; they went once all was assigned. */
        boolean assignmentAlone;
        double assignWaitSeconds;
        boolean allAssigned;
        ObjectNode logs;
        ObjectNode threads;

        Phase(String kind, String name) {
            this.kind = kind;
            this.name = name;
        }
    }

    private final Target target;
    private final Options options;
    private final PrintStream out;
    private final String tag;
    private final Map<Long, String> codes = new ConcurrentHashMap<>();
    private final List<Phase> phases = new ArrayList<>();
    private Http http;
    private EventProbe probe;
    private ProcStats proc;
    private Couriers couriers;
    private District district;
    private OrderLoad load;

    private Bench(Target target, Options options) {
        this.target = target;
        this.options = options;
        this.out = options.out;
        this.tag = "b" + Long.toString(System.currentTimeMillis() / 1000, 36);
    }

    /** Runs the benchmark against the stack; returns the path of the results JSON (also printed last). */
    public static Path run(Target target, Options options) throws Exception {
        return new Bench(target, options).run();
    }

    private Path run() throws Exception {
        OffsetDateTime started = OffsetDateTime.now(ZoneOffset.UTC);
        for (String url : List.of(target.orderUrl(), target.dispatchUrl(), target.volunteerUrl())) {
            if (!Http.ready(url)) {
                throw new IllegalStateException(url + "/q/health/ready is not UP: start the stack first");
            }
        }
        ObjectNode results = Json.object();
        ObjectNode meta = results.putObject("meta");
        meta.put("tool", "doorstep bench");
        meta.put("mode", options.quick ? "quick" : "full");
        meta.put("startedAt", started.toString());
        meta.put("note", options.note);
        meta.set("machine", ProcStats.machine());
        Map<String, Long> pids = target.resolvedPids();
        meta.set("settings", settingsJson());
        say("doorstep bench (" + (options.quick ? "quick" : "full") + "), " + meta.path("machine").path("cores")
                + " cores, load average " + meta.path("machine").path("loadAverageAtStart").asText()
                + "; processes " + pids);
        http = new Http(Duration.ofSeconds(15));
        proc = new ProcStats(pids);
        try {
            meta.set("limits", requireLoadLimits(target, http));
            meta.set("commandLines", proc.commandLines());
            meta.set("database", RawLimits.dbSettings(target));
            probe = new EventProbe(target.bootstrapServers());
            double setupStart = proc.now();
            district = District.create(target, http, new District.Plan(tag, options.compounds,
                    options.buildingsPerCompound, options.householdsPerBuilding, options.volunteersPerBuilding,
                    options.capacity, List.of("SEALED"), 0.2, 0), this::say);
            meta.put("setupSeconds", Math.round((proc.now() - setupStart) * 10) / 10.0);
            ObjectNode districtJson = meta.putObject("district");
            districtJson.put("tag", tag);
            districtJson.put("compounds", district.compounds.size());
            districtJson.put("buildings", district.buildings.size());
            districtJson.put("households", district.households.size());
            districtJson.put("volunteers", district.volunteers.size());
            districtJson.put("capacityEach", options.capacity);
            districtJson.put("allBuildings", "SEALED");
            load = new OrderLoad(target, http, district, codes);
            couriers = new Couriers(target, http, codes, district.volunteers.stream().map(District.Volunteer::id)
                    .toList(), options.pickupDelay, Duration.ZERO, 0, 64);
            probe.onRun(run -> {
                if ("ASSIGNED".equals(run.status())) {
                    couriers.assigned(run.runId(), run.volunteerId());
                }
            });

            header();
            if (options.wrkOnly) {
                wrkPhases();
            } else {
                javaClientPhases();
                if (options.wrk) {
                    wrkPhases();
                }
            }
            results.set("phases", phasesJson());
            results.set("couriers", couriers.json());
            results.set("sustained", sustainedJson());
            results.set("diagnostics", diagnostics());
            double idle = awaitIdle(options.drainMax);
            boolean idleBeforeRaw = probe.backlog() <= 0 && probe.count("ASSIGNED") + probe.count("PICKED_UP") == 0;
            say("raw limits of the same servers (database " + options.concurrency + " connections, then 1; broker "
                    + "acks=all) ...");
            double rawStart = proc.now();
            ObjectNode raw = results.putObject("raw");
            raw.set("database", RawLimits.database(target, options.concurrency, options.rawDuration, tag));
            raw.set("broker", RawLimits.broker(target, options.rawDuration, tag));
            raw.set("resources", proc.window(rawStart, proc.now()));
            raw.put("waitedForIdleSeconds", Math.round(idle * 10) / 10.0);
            raw.put("stackIdle", idleBeforeRaw);
            say(String.format(Locale.ROOT, "  database: %s single-row commits/s with %d connections (p99 %s ms), "
                            + "%s/s with one (p50 %s ms)",
                    raw.at("/database/concurrent/perSecond").asText(), options.concurrency,
                    raw.at("/database/concurrent/latency/p99Ms").asText(),
                    raw.at("/database/serial/perSecond").asText(), raw.at("/database/serial/latency/p50Ms").asText()));
            say(String.format(Locale.ROOT, "  broker:   %s records/s pipelined, %s/s one at a time (p50 %s ms)",
                    raw.at("/broker/pipelined/perSecond").asText(), raw.at("/broker/serial/perSecond").asText(),
                    raw.at("/broker/serial/latency/p50Ms").asText()));
            results.set("ratios", ratios(results));
            results.set("targets", targets(results));
            results.set("bounds", bounds(results));
            results.set("resources", proc.series());
            meta.put("finishedAt", OffsetDateTime.now(ZoneOffset.UTC).toString());
            printTargets(results);
        } finally {
            if (couriers != null) {
                couriers.close();
            }
            if (probe != null) {
                probe.close();
            }
            proc.close();
            http.close();
        }
        Files.createDirectories(options.outDir);
        String stamp = started.format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path json = options.outDir.resolve("results-" + stamp + ".json");
        Path html = options.outDir.resolve("report-" + stamp + ".html");
        Files.writeString(json, Json.write(results));
        Files.writeString(html, Report.html(results));
        say("report: " + html.toAbsolutePath());
        out.println(json.toAbsolutePath());
        return json.toAbsolutePath();
    }

    private ObjectNode settingsJson() {
        ObjectNode node = Json.object();
        node.put("concurrency", options.concurrency);
        node.put("burstSeconds", options.burst.toMillis() / 1000.0);
        ArrayNode rates = node.putArray("rates");
        options.rates.forEach(rates::add);
        node.put("rateSeconds", options.rateDuration.toMillis() / 1000.0);
        node.put("sustainStepSeconds", options.sustainStep.toMillis() / 1000.0);
        node.put("pickupDelayMs", options.pickupDelay.toMillis());
        node.put("burstNote", "volunteers hold back during the burst (pickups and handoffs start when it ends), so "
                + "the burst's placed->assigned is dispatch alone and its placed->delivered includes the wait");
        node.put("orderMix", "FOOD 55%, MEDICINE 30% (urgent 10%), MEAL 15% (window open now)");
        node.put("maxInFlightAtFixedRate", 4 * options.concurrency);
        if (options.startupSeconds != null) {
            node.put("startupSeconds", options.startupSeconds);
        }
        return node;
    }

    // ---------------------------------------------------------------------------------------------------- phases

    /** The bench's own client: warm-up, bursts, the sustained search and the fixed rates, volunteers carrying. */
    private void javaClientPhases() {
        measure("warmup", "warm-up", () -> load.rate("warm-up", options.quick ? 50 : 30, options.warmup,
                4 * options.concurrency, proc.now()), false);
        // During the burst the volunteers wait at the gate: it measures intake and dispatch alone, without
        // pickups and handoffs competing for the same rows. They go when the burst is over.
        for (int concurrency : options.burstConcurrency()) {
            couriers.hold();
            measure("burst", "burst x" + concurrency, () -> {
                OrderLoad.Result result = load.burst("burst", options.burst, concurrency, proc.now());
                couriers.release();
                return result;
            }, true);
        }
        // The search first, on a drained stack; then the fixed rates, lowest first. A rate the stack cannot
        // keep leaves a backlog behind; when it is not drained in time, the higher rates are not run (they
        // would measure the leftovers).
        sustainedSearch();
        for (double rate : options.rates) {
            Phase phase = measure("rate", fmt(rate) + "/s", () -> load.rate(fmt(rate) + "/s", rate,
                    options.rateDuration, 4 * options.concurrency, proc.now()), true);
            if (!phase.drained) {
                say("    -> " + phase.notDelivered + " of its orders not delivered after " + fmt(phase.drainSeconds)
                        + " s; the higher rates are skipped");
                break;
            }
        }
    }

    /**
     * wrk drives the intake into a district of its own, sized so that its volunteers never run out of room. During
     * each phase the volunteers wait at the gate, so it measures intake and dispatch alone (placed → assigned); when
     * every order is assigned they go, and what they then deliver each second is reported beside it. Phases: a burst
     * at 32 connections, the sustained search (10 s steps ×1.5 until the backlog grows or intake falls short), and
     * urgent medicine from the bench's own client while wrk offers routine orders at a fixed rate.
     */
    private void wrkPhases() {
        if (!WrkLoad.available()) {
            say("wrk phases skipped: wrk is not installed (Debian: apt-get install wrk)");
            return;
        }
        District wrkDistrict = District.create(target, http, new District.Plan(tag + "w", options.wrkCompounds,
                options.buildingsPerCompound, options.householdsPerBuilding, options.wrkVolunteersPerBuilding,
                options.capacity, List.of("SEALED"), 0.2, 0), this::say);
        couriers.serve(wrkDistrict.volunteers.stream().map(District.Volunteer::id).toList());
        WrkLoad wrk = new WrkLoad(target, wrkDistrict, codes, options.outDir.resolve("wrk-" + tag));
        OrderLoad urgent = new OrderLoad(target, http, wrkDistrict, codes).urgentMedicineOnly();
        couriers.hold();
        try {
            measure("wrk-warmup", "wrk warm-up", () -> wrk(wrk, "wrk warm-up", 200, 32, options.wrkWarmup, false),
                    false, true);
            measure("wrk-burst", "wrk burst x32", () -> wrk(wrk, "wrk burst x32", 0, 32, options.wrkBurst, false),
                    true, true);
            double rate = options.wrkSustainStart;
            for (int step = 0; step < options.wrkSustainMaxSteps; step++) {
                double offered = rate;
                String name = "wrk sustain " + fmt(offered) + "/s";
                Phase phase = measure("wrk-sustain", name, () -> wrk(wrk, name, offered, 64, options.wrkStep, false),
                        true, true);
                verdict(phase, offered);
                if (!"holds".equals(phase.verdict)) {
                    break;
                }
                rate = roundRate(rate * options.sustainFactor);
            }
            String name = "urgent + " + fmt(options.wrkRoutineRate) + "/s";
            Phase urgentPhase = measure("wrk-urgent", name, () -> {
                OrderLoad.Result[] urgentResult = new OrderLoad.Result[1];
                double startedAt = proc.now();
                Thread urgentClient = new Thread(() -> urgentResult[0] = urgent.rate("urgent", options.wrkUrgentRate,
                        options.wrkStep, 16, startedAt), "bench-urgent");
                urgentClient.start();
                OrderLoad.Result routine = wrk(wrk, name, options.wrkRoutineRate, 64, options.wrkStep, true);
                try {
                    urgentClient.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                routine.orderIds.addAll(urgentResult[0].orderIds);
                return routine;
            }, true, true);
            say("    -> urgent placed -> on the broker p50/p99 " + ms(urgentPhase.urgentToBroker.p50()) + "/"
                    + ms(urgentPhase.urgentToBroker.p99()) + " ms, on the broker -> assigned "
                    + ms(urgentPhase.urgentFromBroker.p50()) + "/" + ms(urgentPhase.urgentFromBroker.p99()) + " ms");
        } finally {
            couriers.release();
        }
    }

    private OrderLoad.Result wrk(WrkLoad wrk, String name, double perSecond, int connections, Duration duration,
                                 boolean routineOnly) {
        try {
            return wrk.run(name, perSecond, connections, duration, routineOnly, proc.now());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** A step holds when intake took the rate and dispatch's backlog did not grow. */
    private void verdict(Phase phase, double rate) {
        double threshold = Math.max(0.05 * rate, 3);
        if (phase.load.acceptedPerSecond() < 0.95 * rate) {
            phase.verdict = "intake falls short";
        } else if (phase.backlogGrowthPerSecond > threshold) {
            phase.verdict = "queue grows";
        } else {
            phase.verdict = "holds";
        }
        say(String.format(Locale.ROOT, "    -> %s (backlog %+.0f/s, threshold %.0f/s; assigned %.0f/s)",
                phase.verdict, phase.backlogGrowthPerSecond, threshold,
                phase.assignedDuring / Math.max(0.001, phase.load.seconds)));
    }

    private Phase measure(String kind, String name, Supplier<OrderLoad.Result> drive, boolean keep) {
        return measure(kind, name, drive, keep, false);
    }

    private Phase measure(String kind, String name, Supplier<OrderLoad.Result> drive, boolean keep,
                          boolean assignmentAlone) {
        Phase phase = new Phase(kind, name);
        phase.assignmentAlone = assignmentAlone;
        phase.settleSeconds = proc.awaitQuiet(options.quietBusyPercent, options.quietMaxSeconds);
        phase.dbBefore = RawLimits.dbCounters(target);
        LogWatch logWatch = options.serviceLogs == null ? null : new LogWatch(options.serviceLogs);
        Map<String, Long> logMark = logWatch == null ? null : logWatch.mark();
        phase.recordsBefore = probe.ordersRecords.get() + probe.dispatchRecords.get();
        long assignedBefore = probe.assigned.get();
        double stepStart = proc.now();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                synchronized (phase.backlog) {
                    phase.backlog.add(new double[]{proc.now() - stepStart, probe.backlog()});
                }
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-backlog");
        sampler.setDaemon(true);
        sampler.start();
        Map<String, Map<String, Double>> threadsBefore = proc.threads();
        double threadsFrom = proc.now();
        phase.load = drive.get();
        phase.threads = ProcStats.threadsDelta(threadsBefore, proc.threads(), proc.now() - threadsFrom);
        sampler.interrupt();
        phase.assignedDuring = probe.assigned.get() - assignedBefore;
        phase.backlogGrowthPerSecond = slope(phase.backlog, phase.load.seconds / 3);
        if (assignmentAlone) {
            awaitAssigned(phase);
            couriers.release();
            drain(phase);
            couriers.hold();
        } else {
            drain(phase);
        }
        phase.dbAfter = RawLimits.dbCounters(target);
        phase.recordsAfter = probe.ordersRecords.get() + probe.dispatchRecords.get();
        phase.logs = logWatch == null ? null : logWatch.since(logMark);
        eventLatencies(phase);
        probe.check();
        if (keep) {
            phases.add(phase);
        }
        row(phase);
        return phase;
    }

    /** Waits until nothing is queued or on a run any more (bounded), so the raw limits see quiet servers. */
    private double awaitIdle(Duration max) {
        long start = System.nanoTime();
        long deadline = start + max.toNanos();
        while (System.nanoTime() < deadline && (probe.backlog() > 0
                || probe.count("ASSIGNED") + probe.count("PICKED_UP") > 0 || couriers.busy() > 0)) {
            Http.sleep(250);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** Waits until every order of the phase is assigned (or nothing moved for 10 s, or the drain time is up). */
    private void awaitAssigned(Phase phase) {
        long start = System.nanoTime();
        phase.allAssigned = awaitAll(phase, track -> track.assignedMicros > 0, 100);
        phase.assignWaitSeconds = (System.nanoTime() - start) / 1e9;
    }

    /** Waits until every order of the phase is delivered (or nothing moved for 10 s, or the drain time is up). */
    private void drain(Phase phase) {
        long start = System.nanoTime();
        phase.drained = awaitAll(phase, track -> track.deliveredMicros > 0, 200);
        phase.drainSeconds = (System.nanoTime() - start) / 1e9;
    }

    /** @return true once every order of the phase got there; false when nothing moved for 10 s or time is up */
    private boolean awaitAll(Phase phase, java.util.function.Predicate<EventProbe.Track> there, long pollMillis) {
        long start = System.nanoTime();
        long deadline = start + options.drainMax.toNanos();
        long lastProgress = start;
        long lastLeft = Long.MAX_VALUE;
        while (true) {
            long left = phase.load.orderIds.stream().filter(id -> {
                EventProbe.Track track = probe.orders.get(id);
                return track == null || !there.test(track);
            }).count();
            long now = System.nanoTime();
            if (left == 0) {
                return true;
            }
            if (left < lastLeft) {
                lastLeft = left;
                lastProgress = now;
            }
            if (now > deadline || now - lastProgress > Duration.ofSeconds(10).toNanos()) {
                return false;
            }
            Http.sleep(pollMillis);
        }
    }

    private void eventLatencies(Phase phase) {
        Latencies assign = new Latencies();
        Latencies assignUrgent = new Latencies();
        Latencies urgentToBroker = new Latencies();
        Latencies urgentFromBroker = new Latencies();
        Latencies deliver = new Latencies();
        Latencies deliverUrgent = new Latencies();
        for (Long id : phase.load.orderIds) {
            EventProbe.Track track = probe.orders.get(id);
            if (track == null || track.placedMicros == 0) {
                phase.notAssigned++;
                phase.notDelivered++;
                continue;
            }
            if (track.assignedMicros > 0) {
                long micros = track.assignedMicros - track.placedMicros;
                assign.add(micros);
                if (track.urgentMedicine) {
                    assignUrgent.add(micros);
                    if (track.onBrokerMicros > 0) {
                        urgentToBroker.add(Math.max(0, track.onBrokerMicros - track.placedMicros));
                        urgentFromBroker.add(Math.max(0, track.assignedMicros - track.onBrokerMicros));
                    }
                }
            } else {
                phase.notAssigned++;
            }
            if (track.deliveredMicros > 0) {
                long micros = track.deliveredMicros - track.placedMicros;
                deliver.add(micros);
                if (track.urgentMedicine) {
                    deliverUrgent.add(micros);
                }
            } else {
                phase.notDelivered++;
            }
        }
        phase.assign = assign.summary();
        phase.assignUrgent = assignUrgent.summary();
        phase.urgentToBroker = urgentToBroker.summary();
        phase.urgentFromBroker = urgentFromBroker.summary();
        phase.deliver = deliver.summary();
        phase.deliverUrgent = deliverUrgent.summary();
    }

    /** Least-squares slope (per second) of the backlog samples after {@code from} seconds. */
    private static double slope(List<double[]> samples, double from) {
        List<double[]> points;
        synchronized (samples) {
            points = samples.stream().filter(p -> p[0] >= from).toList();
        }
        if (points.size() < 3) {
            return 0;
        }
        double mx = points.stream().mapToDouble(p -> p[0]).average().orElse(0);
        double my = points.stream().mapToDouble(p -> p[1]).average().orElse(0);
        double num = 0;
        double den = 0;
        for (double[] p : points) {
            num += (p[0] - mx) * (p[1] - my);
            den += (p[0] - mx) * (p[0] - mx);
        }
        return den == 0 ? 0 : num / den;
    }

    /**
     * Steps the offered rate up until dispatch's backlog (placed minus assigned, from the events) grows during the
     * step, or order intake cannot take the rate; then, in full mode, tries once between the last good and the first
     * bad rate. The highest good rate is the sustained end-to-end throughput.
     */
    private void sustainedSearch() {
        double rate = options.sustainStart;
        Phase good = null;
        Phase bad = null;
        for (int step = 0; step < options.sustainMaxSteps; step++) {
            Phase phase = sustainStep(rate);
            if (phase.verdict.equals("holds")) {
                good = phase;
                rate = roundRate(rate * options.sustainFactor);
            } else {
                bad = phase;
                break;
            }
        }
        if (options.sustainRefine && good != null && bad != null) {
            double middle = roundRate((good.load.offeredRate + bad.load.offeredRate) / 2);
            if (middle > good.load.offeredRate && middle < bad.load.offeredRate) {
                sustainStep(middle);
            }
        }
    }

    /** Rates in steps of 5 below 100/s, of 50 above. */
    private static double roundRate(double rate) {
        double step = rate < 100 ? 5 : 50;
        return Math.max(step, Math.round(rate / step) * step);
    }

    private Phase sustainStep(double rate) {
        Phase phase = measure("sustain", "sustain " + fmt(rate) + "/s", () -> load.rate("sustain " + fmt(rate)
                + "/s", rate, options.sustainStep, 4 * options.concurrency, proc.now()), true);
        verdict(phase, rate);
        return phase;
    }

    // --------------------------------------------------------------------------------------------------- output

    private ArrayNode phasesJson() {
        ArrayNode array = Json.array();
        for (Phase phase : phases) {
            ObjectNode node = array.addObject();
            node.put("kind", phase.kind);
            node.put("name", phase.name);
            if (phase.load.offeredRate > 0) {
                node.put("offeredPerSecond", phase.load.offeredRate);
            }
            node.set("intake", phase.load.json());
            ObjectNode events = node.putObject("events");
            events.set("placedToAssigned", phase.assign.json());
            events.set("placedToAssignedUrgentMedicine", phase.assignUrgent.json());
            events.set("urgentMedicinePlacedToBroker", phase.urgentToBroker.json());
            events.set("urgentMedicineBrokerToAssigned", phase.urgentFromBroker.json());
            events.set("placedToDelivered", phase.deliver.json());
            events.set("placedToDeliveredUrgentMedicine", phase.deliverUrgent.json());
            events.put("notAssigned", phase.notAssigned);
            events.put("notDelivered", phase.notDelivered);
            events.put("assignedPerSecondDuringLoad", Math.round(phase.assignedDuring
                    / Math.max(0.001, phase.load.seconds)));
            events.put("backlogGrowthPerSecond", Math.round(phase.backlogGrowthPerSecond * 10) / 10.0);
            events.put("backlogAtEnd", phase.backlog.isEmpty() ? 0 : (long) phase.backlog.get(phase.backlog.size()
                    - 1)[1]);
            events.put("drainSeconds", Math.round(phase.drainSeconds * 10) / 10.0);
            events.put("settleSeconds", Math.round(phase.settleSeconds * 10) / 10.0);
            events.put("drained", phase.drained);
            ArrayNode backlog = events.putArray("backlog");
            synchronized (phase.backlog) {
                for (double[] sample : phase.backlog) {
                    backlog.addArray().add(Math.round(sample[0] * 100) / 100.0).add((long) sample[1]);
                }
            }
            if (phase.verdict != null) {
                node.put("verdict", phase.verdict);
            }
            if (phase.assignmentAlone) {
                events.put("assignmentAlone", true);
                events.put("note", "volunteers waited at the gate during the load and went once every order was "
                        + "assigned (or after the wait below): placed->delivered includes that wait");
                events.put("waitedForAssignmentSeconds", Math.round(phase.assignWaitSeconds * 10) / 10.0);
                events.put("allAssigned", phase.allAssigned);
                long delivered = phase.load.orderIds.size() - phase.notDelivered;
                events.put("deliveredPerSecondOnceReleased", Math.round(delivered / Math.max(0.001,
                        phase.drainSeconds)));
            }
            long accepted = Math.max(1, phase.load.accepted.get());
            ObjectNode perOrder = node.putObject("perOrder");
            perOrder.put("note", "work per accepted order, from the start of the phase until its orders were "
                    + "delivered (database server counters and records on doorstep.orders + doorstep.dispatch)");
            for (String counter : RawLimits.DB_COUNTERS) {
                Long before = phase.dbBefore.get(counter);
                Long after = phase.dbAfter.get(counter);
                if (before != null && after != null) {
                    perOrder.put(counter, Math.round((after - before) * 10.0 / accepted) / 10.0);
                }
            }
            perOrder.put("kafkaRecords", Math.round((phase.recordsAfter - phase.recordsBefore) * 10.0 / accepted)
                    / 10.0);
            node.set("resources", proc.window(phase.load.startedAt, phase.load.endedAt));
            if (phase.logs != null) {
                node.set("serviceLogs", phase.logs);
            }
            node.set("cpuByThread", phase.threads);
            node.put("startedAt", Math.round(phase.load.startedAt * 10) / 10.0);
            node.put("endedAt", Math.round(phase.load.endedAt * 10) / 10.0);
        }
        return array;
    }

    private ObjectNode sustainedJson() {
        ObjectNode node = Json.object();
        List<Phase> steps = phases.stream().filter(p -> p.kind.equals("sustain")).toList();
        Phase best = steps.stream().filter(p -> "holds".equals(p.verdict))
                .max(Comparator.comparingDouble(p -> p.load.offeredRate)).orElse(null);
        Phase bestUnderSecond = steps.stream().filter(p -> "holds".equals(p.verdict) && p.assign.p99() <= 1000)
                .max(Comparator.comparingDouble(p -> p.load.offeredRate)).orElse(null);
        Phase firstBad = steps.stream().filter(p -> !"holds".equals(p.verdict))
                .min(Comparator.comparingDouble(p -> p.load.offeredRate)).orElse(null);
        node.put("definition", "the highest offered rate at which intake kept the rate and dispatch's backlog "
                + "(OrderPlaced seen minus first ASSIGNED seen) did not grow by more than max(5 % of the rate, 3) "
                + "per second over the last two thirds of a " + options.sustainStep.toSeconds() + " s step");
        if (best != null) {
            node.put("ordersPerSecond", best.load.offeredRate);
            node.put("assignedPerSecond", Math.round(best.assignedDuring / Math.max(0.001, best.load.seconds)));
            node.set("placedToAssigned", best.assign.json());
            node.set("placedToAssignedUrgentMedicine", best.assignUrgent.json());
            node.set("placedToDelivered", best.deliver.json());
        } else {
            node.putNull("ordersPerSecond");
        }
        if (bestUnderSecond != null) {
            node.put("ordersPerSecondWithP99UnderOneSecond", bestUnderSecond.load.offeredRate);
        }
        if (firstBad != null) {
            node.put("firstFailingRate", firstBad.load.offeredRate);
            node.put("firstFailingVerdict", firstBad.verdict);
        }
        return node;
    }

    /** A few reads a person makes, timed after the load: how their cost grows with the day's history. */
    private ObjectNode diagnostics() {
        ObjectNode node = Json.object();
        String admin = target.tokens().token("ADMIN", District.ADMIN);
        District.Volunteer busiest = district.volunteers.get(0);
        String volunteer = target.tokens().token("VOLUNTEER", String.valueOf(busiest.id()));
        timeGet(node, "GET /api/runs?volunteerId= (one volunteer's runs, all of them)", target.dispatchUrl()
                + "/api/runs?volunteerId=" + busiest.id(), volunteer);
        timeGet(node, "GET /api/grids/{id}/board", target.dispatchUrl() + "/api/grids/" + district.gridId
                + "/board", admin);
        timeGet(node, "GET /api/brief?gridId=", target.dispatchUrl() + "/api/brief?gridId=" + district.gridId, admin);
        return node;
    }

    /** What the bench raises order-service's limits to (README, Security): far above any household it makes. */
    static final int LOAD_LIMIT = 1_000_000;

    /**
     * order-service's limits (issue 13) as the stack reports them. The bench places thousands of orders for each of its
     * households; with a family's limits it would measure refusals, so it refuses to run against lower ones. A stack
     * that does not report them (older than the limits) has none.
     */
    static JsonNode requireLoadLimits(Target target, Http http) {
        Http.Answer answer = http.call("GET", target.orderUrl() + "/api/limits",
                target.tokens().token("ADMIN", District.ADMIN), null);
        if (answer.status() == 404) {
            return Json.object().put("reported", false);
        }
        if (!answer.ok()) {
            throw new IllegalStateException("GET /api/limits answered " + answer.status() + ": " + answer.body());
        }
        JsonNode limits = answer.json();
        List<String> low = new ArrayList<>();
        limits.fields().forEachRemaining(limit -> {
            if (limit.getValue().asLong() < LOAD_LIMIT) {
                low.add(limit.getKey() + " " + limit.getValue().asText());
            }
        });
        if (!low.isEmpty()) {
            throw new IllegalStateException("order-service runs with limits too low for the bench's load (" + low
                    + "): restart the stack with DOORSTEP_LIMIT_HOUSEHOLDS_PER_RESIDENT, DOORSTEP_LIMIT_OPEN_URGENT_"
                    + "PER_HOUSEHOLD and DOORSTEP_LIMIT_OPEN_ORDERS_PER_HOUSEHOLD set to " + LOAD_LIMIT
                    + " (deploy/local/down.sh, then up.sh with them), or run bench.sh --startup, which does");
        }
        return limits;
    }

    private void timeGet(ObjectNode node, String name, String url, String token) {
        Latencies latencies = new Latencies();
        int items = -1;
        int status = 0;
        for (int i = 0; i < 3; i++) {
            long t0 = System.nanoTime();
            Http.Answer answer = http.call("GET", url, token, null);
            latencies.add((System.nanoTime() - t0) / 1000);
            status = answer.status();
            if (answer.ok() && i == 0) {
                JsonNode body = answer.json();
                items = body.isArray() ? body.size() : -1;
            }
        }
        ObjectNode entry = node.putObject(name);
        entry.put("status", status);
        if (items >= 0) {
            entry.put("items", items);
        }
        entry.set("latency", latencies.summary().json());
    }

    private ObjectNode ratios(ObjectNode results) {
        ObjectNode node = Json.object();
        double dbConcurrent = results.at("/raw/database/concurrent/perSecond").asDouble();
        double dbSerial = results.at("/raw/database/serial/perSecond").asDouble();
        double broker = results.at("/raw/broker/pipelined/perSecond").asDouble();
        Phase burst = phases.stream().filter(p -> p.kind.equals("burst"))
                .max(Comparator.comparingDouble(p -> p.load.acceptedPerSecond())).orElse(null);
        node.put("note", "our figure divided by the raw limit of the same server in this run");
        if (burst != null && dbConcurrent > 0) {
            node.put("intakeBurstOverRawDbCommits", round3(burst.load.acceptedPerSecond() / dbConcurrent));
        }
        double sustained = results.at("/sustained/ordersPerSecond").asDouble(0);
        if (sustained > 0 && dbConcurrent > 0) {
            node.put("sustainedOverRawDbCommits", round3(sustained / dbConcurrent));
            node.put("sustainedOverRawDbSerialCommits", round3(sustained / dbSerial));
        }
        if (sustained > 0 && broker > 0) {
            node.put("sustainedOverRawBrokerRecords", round3(sustained / broker));
        }
        if (burst != null) {
            long accepted = Math.max(1, burst.load.accepted.get());
            double commits = burst.dbAfter.getOrDefault("Com_commit", 0L)
                    - burst.dbBefore.getOrDefault("Com_commit", 0L);
            double statements = burst.dbAfter.getOrDefault("Questions", 0L)
                    - burst.dbBefore.getOrDefault("Questions", 0L);
            node.put("dbTransactionsPerOrderInBurst", Math.round(commits * 10 / accepted) / 10.0);
            node.put("dbStatementsPerOrderInBurst", Math.round(statements * 10 / accepted) / 10.0);
            if (dbConcurrent > 0) {
                node.put("burstTransactionsOverRawDbCommits", round3(burst.load.acceptedPerSecond() * commits
                        / accepted / dbConcurrent));
            }
        }
        return node;
    }

    /** Issue 12's targets: from the wrk phases where they ran, else from the bench's own client. */
    private ArrayNode targets(ObjectNode results) {
        ArrayNode array = Json.array();
        Phase burst = phases.stream().filter(p -> p.kind.equals("wrk-burst")).findFirst()
                .or(() -> phases.stream().filter(p -> p.name.equals("burst x32")).findFirst()).orElse(null);
        if (burst != null) {
            String how = burst.kind.startsWith("wrk") ? " (wrk)" : " (bench client)";
            target(array, "intake burst, 32 connections" + how, ">= 2500 orders/s", burst.load.acceptedPerSecond(),
                    "orders/s", burst.load.acceptedPerSecond() >= 2500);
            target(array, "intake burst HTTP p99, 32 connections" + how, "<= 50 ms", burst.load.httpLatency().p99(),
                    "ms", burst.load.httpLatency().p99() <= 50);
        }
        List<Phase> wrkSteps = phases.stream().filter(p -> p.kind.equals("wrk-sustain")).toList();
        if (!wrkSteps.isEmpty()) {
            double rate = wrkSteps.stream().filter(p -> "holds".equals(p.verdict) && p.assign.p99() <= 1000)
                    .mapToDouble(p -> p.load.offeredRate).max().orElse(0);
            target(array, "sustained placed->assigned, p99 <= 1 s (wrk, assignment alone)", ">= 1000 orders/s", rate,
                    "orders/s", rate >= 1000);
        } else {
            double rate = results.path("sustained").path("ordersPerSecondWithP99UnderOneSecond").asDouble(0);
            target(array, "sustained placed->assigned, p99 <= 1 s (volunteers carrying)", ">= 1000 orders/s", rate,
                    "orders/s", rate >= 1000);
        }
        Phase urgent = phases.stream().filter(p -> p.kind.equals("wrk-urgent")).findFirst().orElse(null);
        if (urgent != null) {
            target(array, "urgent placed->assigned p99 while " + fmt(options.wrkRoutineRate) + " routine/s",
                    "<= 250 ms", urgent.assignUrgent.p99(), "ms", urgent.assignUrgent.p99() <= 250
                            && urgent.notAssigned == 0 && urgent.load.acceptedPerSecond() >= 0.95 * urgent.load.offeredRate);
        } else {
            na(array, "urgent placed->assigned p99 while 500 routine/s", "<= 250 ms", "no wrk phases in this run");
        }
        if (options.startupSeconds != null) {
            target(array, "whole stack ready after up.sh (built tree)", "<= 20 s", options.startupSeconds, "s",
                    options.startupSeconds <= 20);
        } else {
            na(array, "whole stack ready after up.sh (built tree)", "<= 20 s", "not measured (bench.sh --startup)");
        }
        for (String service : List.of("order-service", "dispatch-service", "volunteer-service")) {
            double peak = 0;
            for (JsonNode phase : results.path("phases")) {
                peak = Math.max(peak, phase.at("/resources/processes/" + service + "/rssMbPeak").asDouble(0));
            }
            if (peak > 0) {
                target(array, service + " RSS under load", "<= 256 MB", peak, "MB", peak <= 256);
            }
        }
        return array;
    }

    private static void target(ArrayNode array, String name, String goal, double measured, String unit, boolean met) {
        ObjectNode node = array.addObject();
        node.put("target", name);
        node.put("goal", goal);
        if (Double.isNaN(measured)) {
            node.putNull("measured");
        } else {
            node.put("measured", Math.round(measured * 10) / 10.0);
        }
        node.put("unit", unit);
        node.put("met", met);
    }

    private static void na(ArrayNode array, String name, String goal, String why) {
        ObjectNode node = array.addObject();
        node.put("target", name);
        node.put("goal", goal);
        node.putNull("measured");
        node.put("met", (String) null);
        node.put("why", why);
    }

    /** Plain facts on what bounded each phase: who used the CPU, how the figures compare with the raw limits. */
    private ArrayNode bounds(ObjectNode results) {
        ArrayNode lines = Json.array();
        int cores = results.at("/meta/machine/cores").asInt(1);
        for (JsonNode phase : results.path("phases")) {
            JsonNode resources = phase.path("resources");
            double busy = resources.path("machineBusyPercent").asDouble(0);
            List<Map.Entry<String, Double>> cpu = new ArrayList<>();
            resources.path("processes").fields().forEachRemaining(e -> cpu.add(Map.entry(e.getKey(),
                    e.getValue().path("cpuPercent").asDouble(0))));
            cpu.sort(Map.Entry.<String, Double>comparingByValue().reversed());
            double ours = cpu.stream().mapToDouble(Map.Entry::getValue).sum() / cores;
            StringBuilder line = new StringBuilder(phase.path("name").asText()).append(": machine ")
                    .append(fmt(busy)).append("% busy (our processes ").append(fmt(ours)).append("%, others ")
                    .append(fmt(Math.max(0, busy - ours))).append("%); CPU by process (% of one core): ");
            line.append(String.join(", ", cpu.stream().limit(4).map(e -> e.getKey() + " " + fmt(e.getValue()))
                    .toList()));
            List<String> inside = new ArrayList<>();
            phase.path("cpuByThread").fields().forEachRemaining(service -> {
                List<String> top = new ArrayList<>();
                service.getValue().fields().forEachRemaining(g -> {
                    if (top.size() < 3) {
                        top.add(g.getKey() + " " + fmt(g.getValue().asDouble()));
                    }
                });
                inside.add(shortName(service.getKey()) + ": " + String.join(", ", top));
            });
            if (!inside.isEmpty()) {
                line.append("; inside the services: ").append(String.join("; ", inside));
            }
            if (busy >= 90) {
                line.append(". CPU-bound: the machine is saturated.");
            } else if (cpu.stream().anyMatch(e -> !e.getKey().startsWith("bench") && e.getValue() >= 90)) {
                line.append(". One process uses a whole core: single-threaded work bounds it.");
            }
            lines.add(line.toString());
        }
        double serial = results.at("/raw/database/serial/perSecond").asDouble(0);
        for (JsonNode phase : results.path("phases")) {
            double consumer = phase.at("/cpuByThread/dispatch-service/event consumers").asDouble(-1);
            if (consumer < 0) {
                continue;
            }
            lines.add(phase.path("name").asText() + ": dispatch's consumer threads (applying a poll's events in one "
                    + "transaction) used " + fmt(consumer) + "% of a core while dispatch assigned "
                    + fmt(phase.at("/events/assignedPerSecondDuringLoad").asDouble()) + " orders/s and intake took "
                    + fmt(phase.at("/intake/acceptedPerSecond").asDouble()) + "/s; per order "
                    + fmt(phase.at("/perOrder/Innodb_row_lock_waits").asDouble()) + " row-lock waits ("
                    + fmt(phase.at("/perOrder/Innodb_row_lock_time").asDouble()) + " ms), "
                    + fmt(phase.at("/perOrder/Com_commit").asDouble()) + " transactions, "
                    + fmt(phase.at("/perOrder/Questions").asDouble()) + " statements; one connection alone commits "
                    + fmt(serial) + " single-row transactions/s on this server.");
        }
        return lines;
    }

    // --------------------------------------------------------------------------------------------------- console

    private void header() {
        say(String.format(Locale.ROOT, "%-18s %9s %9s %22s %16s %10s %16s %8s %6s  %s", "phase", "offered/s",
                "201/s", "HTTP p50/p95/p99 ms", "assign p50/p99", "urgent p99", "deliver p50/p99", "backlog",
                "drain", "CPU % (one core = 100)"));
    }

    private void row(Phase phase) {
        Latencies.Summary h = phase.load.httpLatency();
        ObjectNode resources = proc.window(phase.load.startedAt, phase.load.endedAt);
        List<String> cpu = new ArrayList<>();
        resources.path("processes").fields().forEachRemaining(e -> cpu.add(shortName(e.getKey()) + " "
                + fmt(e.getValue().path("cpuPercent").asDouble(0))));
        say(String.format(Locale.ROOT, "%-18s %9s %9s %22s %16s %10s %16s %8d %5.0fs  %s%s", phase.name,
                phase.load.offeredRate > 0 ? fmt(phase.load.offeredRate) : "max",
                fmt(phase.load.acceptedPerSecond()),
                ms(h.p50()) + "/" + ms(h.p95()) + "/" + ms(h.p99()),
                ms(phase.assign.p50()) + "/" + ms(phase.assign.p99()), ms(phase.assignUrgent.p99()),
                ms(phase.deliver.p50()) + "/" + ms(phase.deliver.p99()),
                phase.backlog.isEmpty() ? 0 : (long) phase.backlog.get(phase.backlog.size() - 1)[1],
                phase.drainSeconds, String.join(" ", cpu), errors(phase)));
    }

    private static String errors(Phase phase) {
        long bad = phase.load.sent.get() - phase.load.accepted.get();
        StringBuilder text = new StringBuilder();
        if (phase.logs != null) {
            phase.logs.fields().forEachRemaining(service -> service.getValue().fields().forEachRemaining(count ->
                    text.append("  [").append(shortName(service.getKey())).append(": ").append(count.getValue())
                            .append(' ').append(count.getKey()).append(']')));
        }
        if (bad > 0) {
            text.append("  [").append(bad).append(" not 201: ").append(phase.load.lastError).append(']');
        }
        if (phase.notDelivered > 0) {
            text.append("  [").append(phase.notDelivered).append(" not delivered]");
        }
        return text.toString();
    }

    private void printTargets(ObjectNode results) {
        say("");
        say("targets:");
        for (JsonNode t : results.path("targets")) {
            String verdict = t.path("met").isNull() ? "n/a " : t.path("met").asBoolean() ? "MET " : "MISS";
            say(String.format(Locale.ROOT, "  %s  %-52s %-18s %s", verdict, t.path("target").asText(),
                    t.path("goal").asText(), t.path("measured").isNull() ? t.path("why").asText()
                            : t.path("measured").asText() + " " + t.path("unit").asText()));
        }
        say("what bounds it:");
        results.path("bounds").forEach(line -> say("  - " + line.asText()));
    }

    private static String shortName(String name) {
        return switch (name) {
            case "order-service" -> "order";
            case "dispatch-service" -> "dispatch";
            case "volunteer-service" -> "volunteer";
            case "bench (this JVM)" -> "bench";
            default -> name;
        };
    }

    static String fmt(double value) {
        if (Double.isNaN(value)) {
            return "-";
        }
        return value == Math.rint(value) || Math.abs(value) >= 100 ? String.valueOf(Math.round(value))
                : String.format(Locale.ROOT, "%.1f", value);
    }

    private static String ms(double value) {
        return Double.isNaN(value) ? "-" : value >= 100 ? String.valueOf(Math.round(value))
                : String.format(Locale.ROOT, "%.1f", value);
    }

    private static double round3(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    private void say(String line) {
        out.println(line);
        out.flush();
    }

    // ------------------------------------------------------------------------------------------------------ main

    /**
     * {@code java -cp ... org.doorstep.bench.Bench --order-url http://127.0.0.1:8081 --dispatch-url ...
     * --volunteer-url ... --jdbc-url jdbc:mysql://127.0.0.1:3316/ --db-user root --bootstrap 127.0.0.1:9092
     * --jwt-key .local/secrets/jwt/private.pem --out .local/bench [--quick] [--pid order-service=123 ...]
     * [--concurrency 32] [--rates 250,500,1000] [--rate-seconds 10] [--startup-seconds 14.2] [--note text]
     * [--service-logs .local/logs] [--wrk-only | --no-wrk]}
     */
    public static void main(String[] args) {
        try {
            Cli cli = new Cli(args, List.of("quick", "wrk-only", "no-wrk"));
            Path outDir = Path.of(cli.get("out", "bench-results"));
            Options options = cli.flag("quick") ? Options.quick(outDir) : Options.full(outDir);
            options.wrkOnly = cli.flag("wrk-only");
            options.wrk = (options.wrk || options.wrkOnly) && !cli.flag("no-wrk");
            options.concurrency = Integer.parseInt(cli.get("concurrency", String.valueOf(options.concurrency)));
            options.note = cli.get("note", "");
            String logs = cli.get("service-logs", null);
            options.serviceLogs = logs == null ? null : Path.of(logs);
            String startup = cli.get("startup-seconds", null);
            options.startupSeconds = startup == null || startup.isBlank() ? null : Double.parseDouble(startup);
            String rateSeconds = cli.get("rate-seconds", null);
            if (rateSeconds != null) {
                options.rateDuration = Duration.ofMillis(Math.round(Double.parseDouble(rateSeconds) * 1000));
            }
            String rates = cli.get("rates", null);
            if (rates != null) {
                options.rates = java.util.Arrays.stream(rates.split(",")).map(String::trim).map(Double::parseDouble)
                        .toList();
            }
            run(cli.target(), options);
            System.exit(0);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(2);
        } catch (Exception e) {
            System.err.println("bench failed: " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }
}
