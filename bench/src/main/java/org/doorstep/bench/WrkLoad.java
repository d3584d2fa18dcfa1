package org.doorstep.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Residents ordering through Debian's {@code wrk} (C, event loop, LuaJIT) instead of the bench's own Java client,
 * which took half a core at a few hundred orders a second: at the rates the intake reaches now, the client must not be
 * the limit. A generated Lua script spreads the orders over the district's households, each sent with its resident's
 * token and a fresh Idempotency-Key, with {@link OrderLoad}'s mix of orders; it keeps each accepted order's id and
 * handoff code (the volunteers need the code at the door) and writes them with wrk's latency percentiles to a file
 * the bench reads back. At a fixed rate, each wrk thread sends on a schedule of its own (open loop, at most as many
 * requests in flight as connections). wrk's CPU is read from the shell that waited for it, so the client's own share
 * is reported beside the figures it drove.
 */
final class WrkLoad {

    private final Target target;
    private final List<District.Household> households;
    private final Map<Long, String> codes;
    private final Path workDir;

    WrkLoad(Target target, District district, Map<Long, String> codes, Path workDir) {
        this.target = target;
        this.households = district.withAccount();
        this.codes = codes;
        this.workDir = workDir;
    }

    /** Whether wrk is on this machine (Debian: {@code apt-get install wrk}). */
    static boolean available() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, "wrk"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Drives the intake for the duration.
     *
     * @param perSecond   the rate to offer, or 0 for as fast as the stack answers (a burst)
     * @param connections requests in flight at most
     * @param routineOnly no urgent medicine in the mix (another client sends that, to be timed on its own)
     */
    Result run(String name, double perSecond, int connections, Duration duration, boolean routineOnly,
               double startedAt) throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        String stem = name.replaceAll("[^A-Za-z0-9]+", "-");
        Path script = workDir.resolve(stem + ".lua");
        Path output = workDir.resolve(stem + ".out");
        Path stat = workDir.resolve(stem + ".stat");
        Files.deleteIfExists(output);
        int threads = perSecond > 0 && perSecond < 200 ? 1 : 2;
        Files.writeString(script, script(output, perSecond / threads, routineOnly), StandardCharsets.UTF_8);
        // The shell's /proc stat, read after it waited for wrk, holds wrk's CPU in its children's fields.
        String command = "wrk -t" + threads + " -c" + Math.max(threads, connections) + " -d" + duration.toSeconds()
                + "s --timeout 10s -s " + script + " " + target.orderUrl() + "/api/orders > /dev/null; cat /proc/$$/stat > "
                + stat;
        Result result = new Result(name, perSecond);
        result.startedAt = startedAt;
        long start = System.nanoTime();
        Process process = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true)
                .redirectOutput(workDir.resolve(stem + ".log").toFile()).start();
        if (!process.waitFor(duration.toSeconds() + 60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("wrk did not end; see " + workDir.resolve(stem + ".log"));
        }
        result.seconds = duration.toNanos() / 1e9;
        result.endedAt = startedAt + (System.nanoTime() - start) / 1e9;
        read(output, result);
        result.clientCpuSeconds = childrenCpuSeconds(stat);
        return result;
    }

    /** What one wrk phase did: the bench's usual result, with wrk's own percentiles and CPU. */
    static final class Result extends OrderLoad.Result {
        double clientCpuSeconds = Double.NaN;

        Result(String name, double offeredRate) {
            super(name, offeredRate);
        }

        @Override
        com.fasterxml.jackson.databind.node.ObjectNode json() {
            com.fasterxml.jackson.databind.node.ObjectNode node = super.json();
            node.put("client", "wrk");
            if (!Double.isNaN(clientCpuSeconds)) {
                node.put("clientCpuSeconds", Math.round(clientCpuSeconds * 100) / 100.0);
                node.put("clientCpuPercentOfOneCore", Math.round(clientCpuSeconds * 1000 / seconds) / 10.0);
            }
            return node;
        }
    }

    private void read(Path output, Result result) throws IOException {
        if (!Files.exists(output)) {
            throw new IllegalStateException("wrk wrote no results (" + output + "); see its .log beside it");
        }
        for (String line : Files.readAllLines(output, StandardCharsets.UTF_8)) {
            String[] f = line.split(" ");
            switch (f[0]) {
                case "order" -> {
                    long id = Long.parseLong(f[1]);
                    codes.put(id, f[2]);
                    result.orderIds.add(id);
                    result.accepted.incrementAndGet();
                }
                case "status" -> result.statuses.computeIfAbsent(Integer.parseInt(f[1]), s -> new AtomicLong())
                        .addAndGet(Long.parseLong(f[2]));
                case "sent" -> result.sent.set(Long.parseLong(f[1]));
                case "errors" -> {
                    long socketErrors = Long.parseLong(f[1]);
                    if (socketErrors > 0) {
                        result.statuses.computeIfAbsent(0, s -> new AtomicLong()).addAndGet(socketErrors);
                        result.lastError = socketErrors + " socket errors or timeouts (wrk)";
                    }
                }
                case "latency" -> result.httpSummary = new Latencies.Summary(Integer.parseInt(f[1]),
                        Double.parseDouble(f[2]) / 1000, Double.parseDouble(f[3]) / 1000,
                        Double.parseDouble(f[4]) / 1000, Double.parseDouble(f[5]) / 1000);
                case "error" -> result.lastError = line.substring("error ".length());
                default -> {
                }
            }
        }
        long accepted = result.accepted.get();
        if (accepted > 0) {
            result.statuses.computeIfAbsent(201, s -> new AtomicLong()).addAndGet(accepted);
        }
    }

    /** utime + stime of the children the shell waited for (fields 16 and 17 of /proc/pid/stat), in seconds. */
    private static double childrenCpuSeconds(Path stat) throws IOException {
        if (!Files.exists(stat)) {
            return Double.NaN;
        }
        String text = Files.readString(stat).trim();
        String[] f = text.substring(text.lastIndexOf(')') + 2).split(" ");
        // After "pid (comm) ", field 3 (state) is f[0]; cutime and cstime are fields 16 and 17.
        return (Long.parseLong(f[13]) + Long.parseLong(f[14])) / 100.0;
    }

    private String script(Path output, double perSecondPerThread, boolean routineOnly) {
        StringBuilder lua = new StringBuilder(households.size() * 700 + 4000);
        lua.append("-- generated by the doorstep bench for one phase; not kept\n");
        lua.append("local households = {\n");
        for (District.Household household : households) {
            lua.append("  {").append(household.id()).append(", \"")
                    .append(target.tokens().token("RESIDENT", household.account())).append("\"},\n");
        }
        lua.append("}\nlocal bodies = {\n");
        Random random = new Random(households.size());
        for (int i = 0; i < 64; i++) {
            String body;
            do {
                body = OrderLoad.body(0, random);
            } while (routineOnly && body.contains("\"urgent\":true"));
            // %d: the household, set per request.
            lua.append("  [[").append(body.replace("{\"householdId\":0,", "{\"householdId\":%d,")).append("]],\n");
        }
        lua.append("}\n");
        lua.append("local interval = ").append(perSecondPerThread > 0 ? 1.0 / perSecondPerThread : 0).append('\n');
        lua.append("local output = \"").append(output).append("\"\n");
        lua.append("""
                local ffi = require("ffi")
                ffi.cdef[[ typedef struct { long tv_sec; long tv_nsec; } doorstep_ts; int clock_gettime(int, doorstep_ts *); ]]
                local ts = ffi.new("doorstep_ts")
                local function now()
                  ffi.C.clock_gettime(1, ts)
                  return tonumber(ts.tv_sec) + tonumber(ts.tv_nsec) / 1e9
                end
                local hex = "0123456789abcdef"
                local function key()
                  local t = {}
                  for i = 1, 32 do
                    local r = math.random(16)
                    t[i] = hex:sub(r, r)
                  end
                  return table.concat(t)
                end
                -- Globals: the bench reads them from each thread in done().
                accepted = {}
                statuses = {}
                local nextDue = 0
                local threads = {}
                function setup(thread)
                  table.insert(threads, thread)
                end
                function init(args)
                  math.randomseed(os.time() * 1000 + math.floor((now() % 1) * 1000000))
                  nextDue = now()
                end
                function request()
                  local h = households[math.random(#households)]
                  local headers = {}
                  headers["Content-Type"] = "application/json"
                  headers["Authorization"] = "Bearer " .. h[2]
                  headers["Idempotency-Key"] = key()
                  return wrk.format("POST", nil, headers, string.format(bodies[math.random(#bodies)], h[1]))
                end
                if interval > 0 then
                  function delay()
                    nextDue = nextDue + interval
                    local wait = (nextDue - now()) * 1000
                    if wait < 0 then return 0 end
                    return wait
                  end
                end
                function response(status, headers, body)
                  if status == 201 then
                    local id = body:match('"id":(%d+)')
                    local code = body:match('"handoffCode":"(%d+)"')
                    accepted[#accepted + 1] = id .. " " .. (code or "-")
                  else
                    statuses[status] = (statuses[status] or 0) + 1
                  end
                end
                function done(summary, latency, requests)
                  local f = io.open(output, "w")
                  f:write("sent ", summary.requests, "\\n")
                  local e = summary.errors
                  f:write("errors ", e.connect + e.read + e.write + e.timeout, "\\n")
                  f:write(string.format("latency %d %d %d %d %d\\n", summary.requests, latency:percentile(50),
                    latency:percentile(95), latency:percentile(99), latency.max))
                  for _, thread in ipairs(threads) do
                    for _, line in ipairs(thread:get("accepted")) do
                      f:write("order ", line, "\\n")
                    end
                    for status, n in pairs(thread:get("statuses")) do
                      f:write("status ", status, " ", n, "\\n")
                    end
                  end
                  f:close()
                end
                """);
        return lua.toString();
    }
}
