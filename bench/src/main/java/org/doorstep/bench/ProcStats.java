package org.doorstep.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU and memory of the stack's processes and of the machine, from Linux /proc: every half second, each process's
 * utime+stime (clock ticks of 1/100 s) and VmRSS, and the machine's busy share from /proc/stat. A process's CPU is
 * given in % of one core (200 % = both cores of a 2-core box).
 */
final class ProcStats implements AutoCloseable {

    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

    /** One reading: seconds since start, CPU seconds so far and RSS (MB) per process, machine busy/total jiffies. */
    record Sample(double t, Map<String, Double> cpuSeconds, Map<String, Double> rssMb, long machineBusy,
                  long machineTotal) {
    }

    private final Map<String, Long> pids;
    private final long start = System.nanoTime();
    private final List<Sample> samples = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    ProcStats(Map<String, Long> pids) {
        this.pids = new LinkedHashMap<>(pids);
        this.pids.put("bench (this JVM)", ProcessHandle.current().pid());
        sample();
        thread = new Thread(() -> {
            while (running) {
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
                sample();
            }
        }, "bench-proc-stats");
        thread.setDaemon(true);
        thread.start();
    }

    Map<String, Long> pids() {
        return pids;
    }

    double now() {
        return (System.nanoTime() - start) / 1e9;
    }

    private void sample() {
        Map<String, Double> cpu = new LinkedHashMap<>();
        Map<String, Double> rss = new LinkedHashMap<>();
        for (var entry : pids.entrySet()) {
            Path proc = Path.of("/proc", String.valueOf(entry.getValue()));
            try {
                String stat = Files.readString(proc.resolve("stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                // after "pid (comm) ": state is field 3 of stat(5), so utime (14) and stime (15) are at 11 and 12
                cpu.put(entry.getKey(), (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND);
                for (String line : Files.readAllLines(proc.resolve("status"))) {
                    if (line.startsWith("VmRSS:")) {
                        rss.put(entry.getKey(), Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0);
                    }
                }
            } catch (IOException | RuntimeException gone) {
                // the process is not there (any more): no reading
            }
        }
        long busy = 0;
        long total = 0;
        try {
            String[] cpuLine = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            for (int i = 1; i < cpuLine.length && i <= 8; i++) {
                long value = Long.parseLong(cpuLine[i]);
                total += value;
                if (i != 4 && i != 5) { // idle, iowait
                    busy += value;
                }
            }
        } catch (IOException | RuntimeException e) {
            // no /proc/stat: machine figures stay 0
        }
        synchronized (samples) {
            samples.add(new Sample(now(), cpu, rss, busy, total));
        }
    }

    /** Per process between two moments: average CPU (% of one core) and peak RSS (MB); and the machine's busy %. */
    ObjectNode window(double from, double to) {
        List<Sample> in;
        synchronized (samples) {
            in = samples.stream().filter(s -> s.t() >= from - 0.6 && s.t() <= to + 0.6).toList();
        }
        ObjectNode node = Json.object();
        if (in.size() < 2) {
            return node;
        }
        Sample first = in.get(0);
        Sample last = in.get(in.size() - 1);
        double seconds = last.t() - first.t();
        ObjectNode processes = node.putObject("processes");
        for (String name : pids.keySet()) {
            ObjectNode process = processes.putObject(name);
            Double a = first.cpuSeconds().get(name);
            Double b = last.cpuSeconds().get(name);
            if (a != null && b != null && seconds > 0) {
                process.put("cpuPercent", Math.round((b - a) / seconds * 1000) / 10.0);
            }
            double peak = in.stream().map(s -> s.rssMb().get(name)).filter(v -> v != null)
                    .mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
            if (!Double.isNaN(peak)) {
                process.put("rssMbPeak", Math.round(peak));
            }
        }
        double busy = machineBusyPercent(first, last);
        if (!Double.isNaN(busy)) {
            node.put("machineBusyPercent", Math.round(busy * 10) / 10.0);
        }
        return node;
    }

    /**
     * Waits (bounded) until the machine has been quiet for a second: below {@code busyPercent} of all its cores.
     * A phase that ends when the bench's probe has seen the last order delivered still leaves the services
     * applying those deliveries; the next phase must not measure them as its own cost.
     *
     * @return the seconds waited
     */
    double awaitQuiet(double busyPercent, double maxSeconds) {
        double from = now();
        while (now() - from < maxSeconds) {
            Sample first = null;
            Sample last = null;
            synchronized (samples) {
                for (int i = samples.size() - 1; i >= 0; i--) {
                    Sample s = samples.get(i);
                    if (last == null) {
                        last = s;
                    } else if (last.t() - s.t() >= 0.95) {
                        first = s;
                        break;
                    }
                }
            }
            if (first != null && first.t() >= from && machineBusyPercent(first, last) < busyPercent) {
                break; // NaN (no ticks between them) compares false: wait on
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return now() - from;
    }

    /** The machine's busy share of all its cores between two readings; NaN when no time passed between them. */
    private static double machineBusyPercent(Sample from, Sample to) {
        long total = to.machineTotal() - from.machineTotal();
        return total > 0 ? (to.machineBusy() - from.machineBusy()) * 100.0 / total : Double.NaN;
    }

    /** The whole run, one point per second: CPU % and RSS MB per process, machine busy %, for the report's charts. */
    ObjectNode series() {
        List<Sample> all;
        synchronized (samples) {
            all = new ArrayList<>(samples);
        }
        ObjectNode node = Json.object();
        ArrayNode t = node.putArray("t");
        ArrayNode machine = node.putArray("machineBusyPercent");
        ObjectNode cpu = node.putObject("cpuPercent");
        ObjectNode rss = node.putObject("rssMb");
        pids.keySet().forEach(name -> {
            cpu.putArray(name);
            rss.putArray(name);
        });
        Sample previous = null;
        for (Sample sample : all) {
            if (previous != null && sample.t() - previous.t() < 0.95) {
                continue;
            }
            if (previous != null) {
                double seconds = sample.t() - previous.t();
                t.add(Math.round(sample.t() * 10) / 10.0);
                double busy = machineBusyPercent(previous, sample);
                machine.add(Double.isNaN(busy) ? 0 : Math.round(busy * 10) / 10.0);
                for (String name : pids.keySet()) {
                    Double a = previous.cpuSeconds().get(name);
                    Double b = sample.cpuSeconds().get(name);
                    ((ArrayNode) cpu.get(name)).add(a == null || b == null ? 0
                            : Math.round((b - a) / seconds * 1000) / 10.0);
                    Double r = sample.rssMb().get(name);
                    ((ArrayNode) rss.get(name)).add(r == null ? 0 : Math.round(r));
                }
            }
            previous = sample;
        }
        return node;
    }

    /**
     * CPU seconds so far of each service JVM, by kind of thread (from /proc/PID/task/TID/comm and stat): the JIT
     * compiler, GC and VM, HTTP (event loop and workers), event consumers, the outbox relay, Kafka client threads,
     * other; plus the process total, so that what threads that ended meanwhile used is not lost.
     */
    Map<String, Map<String, Double>> threads() {
        Map<String, Map<String, Double>> all = new LinkedHashMap<>();
        for (var entry : pids.entrySet()) {
            if (!entry.getKey().endsWith("-service")) {
                continue;
            }
            Map<String, Double> groups = new LinkedHashMap<>();
            Path proc = Path.of("/proc", String.valueOf(entry.getValue()));
            try (DirectoryStream<Path> tasks = Files.newDirectoryStream(proc.resolve("task"))) {
                for (Path task : tasks) {
                    try {
                        String name = Files.readString(task.resolve("comm")).trim();
                        String stat = Files.readString(task.resolve("stat"));
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        double seconds = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
                        groups.merge(threadGroup(name), seconds, Double::sum);
                    } catch (IOException | RuntimeException gone) {
                        // the thread ended meanwhile
                    }
                }
                String stat = Files.readString(proc.resolve("stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                groups.put("(process)", (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND);
            } catch (IOException | RuntimeException gone) {
                continue;
            }
            all.put(entry.getKey(), groups);
        }
        return all;
    }

    /** CPU (% of one core) per kind of thread between two {@link #threads} readings {@code seconds} apart. */
    static ObjectNode threadsDelta(Map<String, Map<String, Double>> before, Map<String, Map<String, Double>> after,
                                   double seconds) {
        ObjectNode node = Json.object();
        if (seconds <= 0) {
            return node;
        }
        for (var entry : after.entrySet()) {
            Map<String, Double> a = before.get(entry.getKey());
            if (a == null) {
                continue;
            }
            ObjectNode service = node.putObject(entry.getKey());
            double total = entry.getValue().getOrDefault("(process)", 0.0) - a.getOrDefault("(process)", 0.0);
            double accounted = 0;
            List<Map.Entry<String, Double>> groups = new ArrayList<>();
            for (var group : entry.getValue().entrySet()) {
                if (group.getKey().equals("(process)")) {
                    continue;
                }
                double delta = Math.max(0, group.getValue() - a.getOrDefault(group.getKey(), 0.0));
                accounted += delta;
                groups.add(Map.entry(group.getKey(), delta));
            }
            groups.add(Map.entry("threads that ended meanwhile", Math.max(0, total - accounted)));
            groups.sort(Map.Entry.<String, Double>comparingByValue().reversed());
            for (var group : groups) {
                if (group.getValue() > 0) {
                    service.put(group.getKey(), Math.round(group.getValue() / seconds * 1000) / 10.0);
                }
            }
        }
        return node;
    }

    private static String threadGroup(String name) {
        if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
            return "JIT compiler";
        }
        if (name.startsWith("VM Thread") || name.startsWith("GC Thread") || name.startsWith("G1 ")
                || name.startsWith("VM Periodic") || name.startsWith("Sweeper")) {
            return "GC and VM";
        }
        if (name.startsWith("executor-thread") || name.startsWith("vert.x-")) {
            return "HTTP (event loop and workers)";
        }
        if (name.startsWith("consumer-")) {
            return "event consumers";
        }
        if (name.startsWith("outbox-relay")) {
            return "outbox relay";
        }
        if (name.startsWith("kafka-")) {
            return "Kafka client";
        }
        return "other";
    }

    /** The command line of each process (JVM options of the services). */
    ObjectNode commandLines() {
        ObjectNode node = Json.object();
        for (var entry : pids.entrySet()) {
            try {
                String cmd = new String(Files.readAllBytes(Path.of("/proc", String.valueOf(entry.getValue()),
                        "cmdline")), StandardCharsets.UTF_8).replace('\0', ' ').trim();
                node.put(entry.getKey(), cmd.length() > 400 ? cmd.substring(0, 400) + "…" : cmd);
            } catch (IOException e) {
                node.putNull(entry.getKey());
            }
        }
        return node;
    }

    /** This machine: cores, memory, CPU model, kernel, the JVM running the bench. */
    static ObjectNode machine() {
        ObjectNode node = Json.object();
        node.put("cores", Runtime.getRuntime().availableProcessors());
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    node.put("memoryMb", Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024);
                }
            }
            Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().ifPresent(l -> node.put("cpu", l.replaceFirst("model name\\s*:\\s*", "")));
            node.put("kernel", Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim());
        } catch (IOException | RuntimeException e) {
            // not Linux: fewer facts
        }
        node.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        try {
            String[] load = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            node.put("loadAverageAtStart", load[0] + " " + load[1] + " " + load[2]);
        } catch (IOException | RuntimeException e) {
            // no load average
        }
        return node;
    }

    /** The pid of the process listening on the TCP port, from /proc/net/tcp{,6} and the processes' socket fds. */
    static Long pidListeningOn(int port) {
        String hexPort = String.format(":%04X", port);
        List<String> inodes = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 9 && f[1].endsWith(hexPort) && f[3].equals("0A")) {
                        inodes.add("socket:[" + f[9] + "]");
                    }
                }
            } catch (IOException e) {
                // no such table
            }
        }
        if (inodes.isEmpty()) {
            return null;
        }
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path proc : procs) {
                try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve("fd"))) {
                    for (Path fd : fds) {
                        try {
                            if (inodes.contains(Files.readSymbolicLink(fd).toString())) {
                                return Long.parseLong(proc.getFileName().toString());
                            }
                        } catch (IOException e) {
                            // closed meanwhile
                        }
                    }
                } catch (IOException | SecurityException e) {
                    // not ours to read, or gone
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(2000);
    }
}
