package org.doorstep.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * A district set up through the API, each call by the person who would make it (docs/security.md): the administrator
 * makes compounds, buildings and one grid over them; residents register their own households (the grid worker those
 * without a phone); the administrator registers volunteers, who report their own negative test and go on duty.
 */
final class District {

    /** What to build. Building statuses are given in a cycle (SEALED, CONTROLLED, ...). */
    record Plan(String tag, int compounds, int buildingsPerCompound, int householdsPerBuilding,
                int volunteersPerBuilding, int capacity, List<String> statuses, double vulnerableShare,
                double noPhoneShare) {
    }

    record Building(long id, long compoundId, String name, String status) {
    }

    /** A household; {@code account} is its resident's, or null for a household without a phone. */
    record Household(long id, long buildingId, String account, boolean vulnerable) {
    }

    record Volunteer(long id, long compoundId, long buildingId, int capacity) {
    }

    static final String ADMIN = "root";
    private static final String[] SURNAMES = {"Chen", "Wang", "Li", "Zhao", "Liu", "Zhang", "Yang", "Huang", "Zhou",
        "Wu", "Xu", "Sun", "Ma", "Zhu", "Hu", "Guo", "He", "Lin", "Gao", "Luo"};
    private static final String[] VULNERABILITIES = {"ELDERLY_ALONE", "CHILD_IN_DIFFICULTY", "DISABLED",
        "CHRONIC_ILLNESS", "PREGNANT", "LOW_INCOME"};

    final String tag;
    final List<Long> compounds = new ArrayList<>();
    final List<Building> buildings = new ArrayList<>();
    final List<Household> households = Collections.synchronizedList(new ArrayList<>());
    final List<Volunteer> volunteers = Collections.synchronizedList(new ArrayList<>());
    long gridId;
    final String gridWorker;

    private District(String tag) {
        this.tag = tag;
        this.gridWorker = tag + "-gw";
    }

    static District create(Target target, Http http, Plan plan, Consumer<String> log) {
        District district = new District(plan.tag());
        TokenSource tokens = target.tokens();
        String admin = tokens.token("ADMIN", ADMIN);
        Duration patience = Duration.ofSeconds(60);
        String d = target.dispatchUrl();
        int index = 0;
        for (int c = 1; c <= plan.compounds(); c++) {
            long compound = http.require("POST", d + "/api/compounds", admin,
                    "{\"name\":" + Json.quote("Bench " + plan.tag() + " compound " + c) + "}", patience)
                    .path("id").asLong();
            district.compounds.add(compound);
            for (int b = 1; b <= plan.buildingsPerCompound(); b++) {
                String status = plan.statuses().get(index++ % plan.statuses().size());
                String name = "C" + c + " Building " + b;
                long id = http.require("POST", d + "/api/buildings", admin, "{\"compoundId\":" + compound
                        + ",\"name\":" + Json.quote(name) + ",\"status\":\"" + status + "\"}", patience)
                        .path("id").asLong();
                district.buildings.add(new Building(id, compound, name, status));
            }
        }
        district.gridId = http.require("POST", d + "/api/grids", admin, "{\"name\":" + Json.quote("Bench grid "
                + plan.tag()) + ",\"buildingIds\":" + district.buildings.stream().map(b -> String.valueOf(b.id()))
                .collect(Collectors.joining(",", "[", "]")) + "}", patience).path("id").asLong();
        log.accept(String.format("district %s: %d compounds, %d buildings, grid %d", plan.tag(),
                district.compounds.size(), district.buildings.size(), district.gridId));

        Random random = new Random(plan.tag().hashCode());
        ExecutorService pool = Executors.newFixedThreadPool(6, r -> {
            Thread thread = new Thread(r, "bench-setup");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<CompletableFuture<Void>> work = new ArrayList<>();
            int n = 0;
            String gridWorkerToken = tokens.token("GRID_WORKER", district.gridWorker, district.gridId);
            for (Building building : district.buildings) {
                for (int h = 1; h <= plan.householdsPerBuilding(); h++) {
                    int number = ++n;
                    boolean vulnerable = random.nextDouble() < plan.vulnerableShare();
                    boolean noPhone = random.nextDouble() < plan.noPhoneShare();
                    String vulnerabilities = vulnerable ? "[\"" + VULNERABILITIES[number % VULNERABILITIES.length]
                            + "\"]" : "[]";
                    String room = (h % 30 + 1) + String.format("%02d", h / 30 + 1);
                    String contact = SURNAMES[number % SURNAMES.length] + " " + (char) ('A' + number % 26) + number;
                    work.add(run(pool, () -> {
                        String account = noPhone ? null : plan.tag() + "-r" + number;
                        String token = noPhone ? gridWorkerToken : tokens.token("RESIDENT", account);
                        String body = "{\"buildingId\":" + building.id() + ",\"room\":\"" + room
                                + "\",\"contactName\":" + Json.quote(contact)
                                + (noPhone ? "" : ",\"phone\":\"139" + String.format("%08d", number) + "\"")
                                + ",\"vulnerabilities\":" + vulnerabilities + "}";
                        JsonNode household = http.require("POST", target.orderUrl() + "/api/households", token,
                                body, patience);
                        district.households.add(new Household(household.path("id").asLong(), building.id(), account,
                                vulnerable));
                        return null;
                    }));
                }
                // Every building has its volunteers, also an open one: it may be sealed later in the day.
                for (int v = 1; v <= plan.volunteersPerBuilding(); v++) {
                    int number = ++n;
                    work.add(run(pool, () -> {
                        district.volunteers.add(registerVolunteer(target, http, admin, building, number,
                                plan.capacity(), patience));
                        return null;
                    }));
                }
            }
            CompletableFuture.allOf(work.toArray(CompletableFuture[]::new)).join();
        } finally {
            pool.shutdownNow();
        }
        district.households.sort((a, b) -> Long.compare(a.id(), b.id()));
        district.volunteers.sort((a, b) -> Long.compare(a.id(), b.id()));
        log.accept(String.format("district %s: %d households, %d volunteers on duty (capacity %d each)",
                plan.tag(), district.households.size(), district.volunteers.size(), plan.capacity()));
        district.awaitCoverage(target, http, admin, log);
        return district;
    }

    private static Volunteer registerVolunteer(Target target, Http http, String admin, Building building, int number,
                                               int capacity, Duration patience) {
        String v = target.volunteerUrl();
        String name = "Volunteer " + SURNAMES[number % SURNAMES.length] + " " + number;
        long id = http.require("POST", v + "/api/volunteers", admin, "{\"name\":" + Json.quote(name)
                + ",\"phone\":\"138" + String.format("%08d", number) + "\",\"compoundId\":" + building.compoundId()
                + ",\"buildingIds\":[" + building.id() + "],\"capacity\":" + capacity + "}", patience)
                .path("id").asLong();
        String self = target.tokens().token("VOLUNTEER", String.valueOf(id));
        String takenAt = OffsetDateTime.now(ZoneOffset.UTC).minusHours(2).withNano(0).toString();
        http.require("POST", v + "/api/volunteers/" + id + "/tests", self,
                "{\"result\":\"NEGATIVE\",\"takenAt\":\"" + takenAt + "\"}", patience);
        http.require("PUT", v + "/api/volunteers/" + id + "/duty", self, "{\"onDuty\":true}", patience);
        return new Volunteer(id, building.compoundId(), building.id(), capacity);
    }

    /**
     * Waits until dispatch has heard of the volunteers: the board shows no coverage gap on any building under
     * lockdown that has volunteers (their state reaches dispatch through doorstep.volunteers).
     */
    private void awaitCoverage(Target target, Http http, String admin, Consumer<String> log) {
        List<Long> covered = volunteers.stream().map(Volunteer::buildingId).distinct().toList();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Http.Answer board = http.call("GET", target.dispatchUrl() + "/api/grids/" + gridId + "/board", admin,
                    null);
            if (board.ok()) {
                boolean gap = false;
                for (JsonNode tile : board.json()) {
                    if (tile.path("coverageGap").asBoolean() && covered.contains(tile.path("buildingId").asLong())) {
                        gap = true;
                    }
                }
                if (!gap) {
                    return;
                }
            }
            Http.sleep(250);
        }
        log.accept("warning: dispatch still shows a coverage gap after 60 s; going on");
    }

    private static CompletableFuture<Void> run(ExecutorService pool, Supplier<Void> task) {
        return CompletableFuture.supplyAsync(task, pool);
    }

    List<Household> withAccount() {
        return households.stream().filter(h -> h.account() != null).toList();
    }

    Building building(long id) {
        return buildings.stream().filter(b -> b.id() == id).findFirst().orElseThrow();
    }
}
