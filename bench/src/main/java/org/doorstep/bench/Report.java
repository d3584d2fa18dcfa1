package org.doorstep.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The human report: one self-contained HTML page, tables and charts drawn as inline SVG (nothing fetched). */
final class Report {

    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
        "#e377c2", "#7f7f7f"};

    private Report() {
    }

    static String html(JsonNode r) {
        StringBuilder h = new StringBuilder(64_000);
        JsonNode meta = r.path("meta");
        JsonNode machine = meta.path("machine");
        h.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Doorstep bench ")
                .append(esc(meta.path("startedAt").asText())).append("</title><style>")
                .append("body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1200px;color:#222}")
                .append("table{border-collapse:collapse;margin:8px 0 20px}td,th{border:1px solid #ccc;padding:3px 8px;")
                .append("text-align:right}th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}")
                .append(".met{color:#1a7f1a;font-weight:600}.miss{color:#b00;font-weight:600}.na{color:#888}")
                .append("svg{background:#fff;border:1px solid #ddd;margin:6px 0 18px}h2{margin-top:28px}")
                .append("code{background:#f5f5f5;padding:1px 4px}</style></head><body>");
        h.append("<h1>Doorstep bench — ").append(esc(meta.path("mode").asText())).append(" run</h1>");
        h.append("<p>").append(esc(meta.path("startedAt").asText())).append(" · ")
                .append(machine.path("cores").asInt()).append(" cores, ")
                .append(machine.path("memoryMb").asLong() / 1024).append(" GB, ")
                .append(esc(machine.path("cpu").asText())).append(" · kernel ")
                .append(esc(machine.path("kernel").asText())).append(" · ").append(esc(machine.path("jvm").asText()))
                .append(" · load average at start ").append(esc(machine.path("loadAverageAtStart").asText()))
                .append("</p>");
        if (!meta.path("note").asText().isBlank()) {
            h.append("<p><b>Note:</b> ").append(esc(meta.path("note").asText())).append("</p>");
        }
        JsonNode district = meta.path("district");
        h.append("<p>District set up by the bench through the API: ").append(district.path("compounds").asInt())
                .append(" compounds, ").append(district.path("buildings").asInt()).append(" SEALED buildings, ")
                .append(district.path("households").asInt()).append(" households, ")
                .append(district.path("volunteers").asInt()).append(" volunteers on duty (capacity ")
                .append(district.path("capacityEach").asInt()).append(" each). Order mix: ")
                .append(esc(meta.at("/settings/orderMix").asText())).append(". Volunteers pick a run up ")
                .append(meta.at("/settings/pickupDelayMs").asInt()).append(" ms after it is assigned and hand off "
                        + "every door at once. Database: ")
                .append(esc(meta.at("/database/version").asText())).append(", innodb_flush_log_at_trx_commit=")
                .append(esc(meta.at("/database/innodb_flush_log_at_trx_commit").asText())).append(".</p>");

        h.append("<h2>Targets</h2><table><tr><th>target</th><th>goal</th><th>measured</th><th></th></tr>");
        for (JsonNode t : r.path("targets")) {
            boolean na = t.path("met").isNull();
            h.append("<tr><td>").append(esc(t.path("target").asText())).append("</td><td>")
                    .append(esc(t.path("goal").asText())).append("</td><td>")
                    .append(na ? esc(t.path("why").asText()) : esc(t.path("measured").asText() + " "
                            + t.path("unit").asText())).append("</td><td class=\"")
                    .append(na ? "na\">n/a" : t.path("met").asBoolean() ? "met\">met" : "miss\">missed")
                    .append("</td></tr>");
        }
        h.append("</table>");

        h.append("<h2>Phases</h2><table><tr><th>phase</th><th>offered/s</th><th>201/s</th><th>not 201</th>")
                .append("<th>HTTP p50</th><th>p95</th><th>p99 ms</th><th>placed→assigned p50</th><th>p99 ms</th>")
                .append("<th>urgent med. p50</th><th>p99 ms</th><th>placed→delivered p50</th><th>p99 ms</th>")
                .append("<th>urgent p99 ms</th><th>assigned/s</th><th>backlog Δ/s</th><th>verdict</th></tr>");
        for (JsonNode p : r.path("phases")) {
            JsonNode in = p.path("intake");
            JsonNode ev = p.path("events");
            h.append("<tr><td>").append(esc(p.path("name").asText())).append("</td><td>")
                    .append(p.has("offeredPerSecond") ? num(p.path("offeredPerSecond")) : "max").append("</td><td>")
                    .append(num(in.path("acceptedPerSecond"))).append("</td><td>")
                    .append(in.path("sent").asLong() - in.path("accepted201").asLong()).append("</td>");
            cells(h, in.path("latency"), "p50Ms", "p95Ms", "p99Ms");
            cells(h, ev.path("placedToAssigned"), "p50Ms", "p99Ms");
            cells(h, ev.path("placedToAssignedUrgentMedicine"), "p50Ms", "p99Ms");
            cells(h, ev.path("placedToDelivered"), "p50Ms", "p99Ms");
            cells(h, ev.path("placedToDeliveredUrgentMedicine"), "p99Ms");
            h.append("<td>").append(num(ev.path("assignedPerSecondDuringLoad"))).append("</td><td>")
                    .append(num(ev.path("backlogGrowthPerSecond"))).append("</td><td>")
                    .append(esc(p.path("verdict").asText(""))).append(ev.path("notDelivered").asLong() > 0
                            ? " (" + ev.path("notDelivered").asLong() + " not delivered)" : "").append("</td></tr>");
        }
        h.append("</table><p>").append(esc(meta.at("/settings/burstNote").asText())).append(".</p>");
        JsonNode sustained = r.path("sustained");
        h.append("<p><b>Sustained end-to-end:</b> ").append(sustained.path("ordersPerSecond").isNull() ? "none of the "
                + "steps held" : num(sustained.path("ordersPerSecond")) + " orders/s").append(". ")
                .append(esc(sustained.path("definition").asText())).append(".</p>");

        List<String> names = new ArrayList<>();
        Map<String, double[]> intake = new LinkedHashMap<>();
        double[] offered = new double[r.path("phases").size()];
        double[] accepted = new double[offered.length];
        double[] assignedRate = new double[offered.length];
        int i = 0;
        for (JsonNode p : r.path("phases")) {
            names.add(p.path("name").asText());
            offered[i] = p.path("offeredPerSecond").asDouble(0);
            accepted[i] = p.at("/intake/acceptedPerSecond").asDouble();
            assignedRate[i] = p.at("/events/assignedPerSecondDuringLoad").asDouble();
            i++;
        }
        intake.put("offered/s", offered);
        intake.put("accepted (201)/s", accepted);
        intake.put("assigned/s (events)", assignedRate);
        h.append("<h3>Throughput per phase (orders/s)</h3>").append(bars(names, intake, false, "orders/s"));
        Map<String, double[]> latency = new LinkedHashMap<>();
        latency.put("HTTP p50", series(r, "/intake/latency/p50Ms"));
        latency.put("HTTP p99", series(r, "/intake/latency/p99Ms"));
        latency.put("placed→assigned p50", series(r, "/events/placedToAssigned/p50Ms"));
        latency.put("placed→assigned p99", series(r, "/events/placedToAssigned/p99Ms"));
        latency.put("urgent medicine placed→assigned p99", series(r, "/events/placedToAssignedUrgentMedicine/p99Ms"));
        latency.put("placed→delivered p99", series(r, "/events/placedToDelivered/p99Ms"));
        h.append("<h3>Latency per phase (ms, log scale)</h3>").append(bars(names, latency, true, "ms"));

        h.append("<h2>Where the time goes</h2><ul>");
        r.path("bounds").forEach(line -> h.append("<li>").append(esc(line.asText())).append("</li>"));
        h.append("</ul>");
        JsonNode resources = r.path("resources");
        h.append("<h3>CPU per process (% of one core) over the run</h3>")
                .append(lines(resources.path("t"), resources.path("cpuPercent"), r.path("phases"), "% CPU"));
        h.append("<h3>Machine busy % (all processes, including anything else on the box)</h3>");
        Map<String, JsonNode> machineSeries = new LinkedHashMap<>();
        machineSeries.put("machine busy %", resources.path("machineBusyPercent"));
        h.append(lines(resources.path("t"), Json.MAPPER.valueToTree(machineSeries), r.path("phases"), "%"));
        h.append("<h3>Resident memory per process (MB)</h3>")
                .append(lines(resources.path("t"), resources.path("rssMb"), r.path("phases"), "MB"));

        h.append("<h3>CPU and memory per phase</h3><table><tr><th>phase</th><th>machine busy %</th>");
        List<String> processes = new ArrayList<>();
        resources.path("cpuPercent").fieldNames().forEachRemaining(processes::add);
        processes.forEach(p -> h.append("<th>").append(esc(p)).append(" CPU % / RSS MB</th>"));
        h.append("</tr>");
        for (JsonNode p : r.path("phases")) {
            h.append("<tr><td>").append(esc(p.path("name").asText())).append("</td><td>")
                    .append(num(p.at("/resources/machineBusyPercent"))).append("</td>");
            for (String process : processes) {
                JsonNode pr = p.path("resources").path("processes").path(process);
                h.append("<td>").append(num(pr.path("cpuPercent"))).append(" / ").append(num(pr.path("rssMbPeak")))
                        .append("</td>");
            }
            h.append("</tr>");
        }
        h.append("</table>");

        h.append("<h3>Inside each service: CPU (% of one core) by kind of thread, during the load</h3><table>"
                + "<tr><th>phase</th><th>service</th><th style=\"text-align:left\">threads</th></tr>");
        for (JsonNode p : r.path("phases")) {
            p.path("cpuByThread").fields().forEachRemaining(service -> {
                List<String> parts = new ArrayList<>();
                service.getValue().fields().forEachRemaining(g -> parts.add(g.getKey() + " " + num(g.getValue())));
                h.append("<tr><td>").append(esc(p.path("name").asText())).append("</td><td>")
                        .append(esc(service.getKey())).append("</td><td style=\"text-align:left\">")
                        .append(String.join(" · ", parts)).append("</td></tr>");
            });
        }
        h.append("</table>");

        boolean logged = false;
        for (JsonNode p : r.path("phases")) {
            logged |= p.has("serviceLogs");
        }
        if (logged) {
            h.append("<h3>What the services logged per phase</h3><p>A consumer that retries an event pauses 200 ms "
                    + "or more first (EventConsumers); a deadlock rolls a transaction back.</p><table><tr>"
                    + "<th>phase</th><th>service</th><th>what</th><th>times</th></tr>");
            for (JsonNode p : r.path("phases")) {
                p.path("serviceLogs").fields().forEachRemaining(service -> service.getValue().fields()
                        .forEachRemaining(count -> h.append("<tr><td>").append(esc(p.path("name").asText()))
                                .append("</td><td>").append(esc(service.getKey())).append("</td><td>")
                                .append(esc(count.getKey())).append("</td><td>").append(count.getValue().asInt())
                                .append("</td></tr>")));
            }
            h.append("</table>");
        }

        h.append("<h3>Work per order</h3><table><tr><th>phase</th>");
        List<String> counters = new ArrayList<>();
        r.path("phases").path(0).path("perOrder").fieldNames().forEachRemaining(f -> {
            if (!f.equals("note")) {
                counters.add(f);
            }
        });
        counters.forEach(c -> h.append("<th>").append(esc(c)).append("</th>"));
        h.append("</tr>");
        for (JsonNode p : r.path("phases")) {
            h.append("<tr><td>").append(esc(p.path("name").asText())).append("</td>");
            counters.forEach(c -> h.append("<td>").append(num(p.path("perOrder").path(c))).append("</td>"));
            h.append("</tr>");
        }
        h.append("</table><p>").append(esc(r.path("phases").path(0).path("perOrder").path("note").asText()))
                .append(".</p>");

        List<JsonNode> steps = new ArrayList<>();
        r.path("phases").forEach(p -> {
            if (p.path("kind").asText().equals("sustain")) {
                steps.add(p);
            }
        });
        if (!steps.isEmpty()) {
            h.append("<h3>Sustained search: dispatch backlog (placed − assigned) during each step</h3>")
                    .append(backlogChart(steps));
        }

        JsonNode raw = r.path("raw");
        h.append("<h2>Raw limits of the same servers, same run</h2><p>Measured after the load, once the stack was ")
                .append(raw.path("stackIdle").asBoolean() ? "idle" : "still busy with leftovers (not idle after "
                        + raw.path("waitedForIdleSeconds").asText() + " s)")
                .append("; machine busy during the measurement: ").append(num(raw.at("/resources/machineBusyPercent")))
                .append(" %.</p><table><tr><th>what</th><th>per second</th>")
                .append("<th>latency p50 / p99 ms</th></tr>");
        rawRow(h, "database: single-row commits, " + raw.at("/database/concurrent/connections").asText()
                + " connections", raw.at("/database/concurrent"));
        rawRow(h, "database: single-row commits, 1 connection", raw.at("/database/serial"));
        h.append("<tr><td>broker: 700-byte records, acks=all, pipelined</td><td>")
                .append(num(raw.at("/broker/pipelined/perSecond"))).append("</td><td></td></tr>");
        rawRow(h, "broker: one record at a time (send, wait for ack)", raw.at("/broker/serial"));
        h.append("</table><table><tr><th>ratio</th><th>value</th></tr>");
        r.path("ratios").fields().forEachRemaining(e -> {
            if (!e.getKey().equals("note")) {
                h.append("<tr><td>").append(esc(e.getKey())).append("</td><td>").append(num(e.getValue()))
                        .append("</td></tr>");
            }
        });
        h.append("</table>");

        h.append("<h2>Volunteers (played by the bench)</h2><table>");
        r.path("couriers").fields().forEachRemaining(e -> h.append("<tr><td>").append(esc(e.getKey()))
                .append("</td><td>").append(esc(e.getValue().isObject() ? summary(e.getValue())
                        : e.getValue().asText())).append("</td></tr>"));
        h.append("</table><h2>Reads after the load</h2><table><tr><th>request</th><th>status</th><th>items</th>")
                .append("<th>latency p50 / max ms</th></tr>");
        r.path("diagnostics").fields().forEachRemaining(e -> h.append("<tr><td>").append(esc(e.getKey()))
                .append("</td><td>").append(e.getValue().path("status").asInt()).append("</td><td>")
                .append(e.getValue().has("items") ? e.getValue().path("items").asText() : "").append("</td><td>")
                .append(num(e.getValue().at("/latency/p50Ms"))).append(" / ")
                .append(num(e.getValue().at("/latency/maxMs"))).append("</td></tr>"));
        h.append("</table><h2>Processes</h2><table>");
        meta.path("commandLines").fields().forEachRemaining(e -> h.append("<tr><td>").append(esc(e.getKey()))
                .append("</td><td style=\"text-align:left\"><code>").append(esc(e.getValue().asText()))
                .append("</code></td></tr>"));
        h.append("</table><p>Machine-readable figures: the results JSON written next to this page.</p></body></html>");
        return h.toString();
    }

    private static String summary(JsonNode latency) {
        return "n " + latency.path("count").asText() + ", p50 " + latency.path("p50Ms").asText() + " ms, p99 "
                + latency.path("p99Ms").asText() + " ms";
    }

    private static void rawRow(StringBuilder h, String what, JsonNode node) {
        h.append("<tr><td>").append(esc(what)).append("</td><td>").append(num(node.path("perSecond")))
                .append("</td><td>").append(num(node.at("/latency/p50Ms"))).append(" / ")
                .append(num(node.at("/latency/p99Ms"))).append("</td></tr>");
    }

    private static void cells(StringBuilder h, JsonNode summary, String... fields) {
        for (String field : fields) {
            h.append("<td>").append(num(summary.path(field))).append("</td>");
        }
    }

    private static double[] series(JsonNode r, String pointer) {
        double[] values = new double[r.path("phases").size()];
        int i = 0;
        for (JsonNode p : r.path("phases")) {
            values[i++] = p.at(pointer).isNumber() ? p.at(pointer).asDouble() : Double.NaN;
        }
        return values;
    }

    // ------------------------------------------------------------------------------------------------------ SVG

    private static String bars(List<String> categories, Map<String, double[]> series, boolean log, String unit) {
        int width = 1150;
        int height = 300;
        int left = 60;
        int bottom = 70;
        int top = 30;
        double max = 0;
        double min = Double.MAX_VALUE;
        for (double[] values : series.values()) {
            for (double v : values) {
                if (!Double.isNaN(v) && v > 0) {
                    max = Math.max(max, v);
                    min = Math.min(min, v);
                }
            }
        }
        if (max == 0) {
            return "<p>(no data)</p>";
        }
        double lo = log ? Math.pow(10, Math.floor(Math.log10(Math.max(min, 0.1)))) : 0;
        double hi = log ? Math.pow(10, Math.ceil(Math.log10(max))) : niceCeil(max);
        double plotH = height - top - bottom;
        StringBuilder s = new StringBuilder();
        s.append("<svg width=\"").append(width).append("\" height=\"").append(height)
                .append("\" xmlns=\"http://www.w3.org/2000/svg\" font-size=\"11\">");
        // axis and grid
        List<Double> ticks = new ArrayList<>();
        if (log) {
            for (double t = lo; t <= hi * 1.0001; t *= 10) {
                ticks.add(t);
            }
        } else {
            for (int k = 0; k <= 5; k++) {
                ticks.add(hi * k / 5);
            }
        }
        for (double t : ticks) {
            double y = top + plotH - scale(t, lo, hi, log) * plotH;
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>", left, width - 10, y, y, left - 4,
                    y + 4, Bench.fmt(t)));
        }
        s.append("<text x=\"4\" y=\"14\">").append(esc(unit)).append("</text>");
        int groups = categories.size();
        double groupW = (width - left - 20.0) / Math.max(1, groups);
        double barW = Math.max(2, (groupW - 10) / series.size());
        int si = 0;
        for (var entry : series.entrySet()) {
            double[] values = entry.getValue();
            for (int g = 0; g < groups && g < values.length; g++) {
                double v = values[g];
                if (Double.isNaN(v) || v <= 0) {
                    continue;
                }
                double hgt = Math.max(1, scale(Math.max(v, lo), lo, hi, log) * plotH);
                double x = left + g * groupW + 5 + si * barW;
                s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                        + "fill=\"%s\"><title>%s %s: %s</title></rect>", x, top + plotH - hgt, barW - 1, hgt,
                        COLOURS[si % COLOURS.length], esc(categories.get(g)), esc(entry.getKey()), Bench.fmt(v)));
            }
            si++;
        }
        for (int g = 0; g < groups; g++) {
            double x = left + g * groupW + groupW / 2;
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>", x,
                    height - bottom + 14, esc(categories.get(g))));
        }
        legend(s, new ArrayList<>(series.keySet()), left, height - 30);
        return s.append("</svg>").toString();
    }

    private static String lines(JsonNode t, JsonNode series, JsonNode phases, String unit) {
        int width = 1150;
        int height = 280;
        int left = 60;
        int top = 20;
        int bottom = 60;
        if (t.size() < 2) {
            return "<p>(no samples)</p>";
        }
        double tMax = t.get(t.size() - 1).asDouble();
        double max = 1;
        for (JsonNode values : series) {
            for (JsonNode v : values) {
                max = Math.max(max, v.asDouble());
            }
        }
        max = niceCeil(max);
        double plotW = width - left - 20;
        double plotH = height - top - bottom;
        StringBuilder s = new StringBuilder();
        s.append("<svg width=\"").append(width).append("\" height=\"").append(height)
                .append("\" xmlns=\"http://www.w3.org/2000/svg\" font-size=\"11\">");
        for (JsonNode p : phases) {
            double x0 = left + p.path("startedAt").asDouble() / tMax * plotW;
            double x1 = left + p.path("endedAt").asDouble() / tMax * plotW;
            s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%.1f\" "
                    + "fill=\"#f2f6fb\"/><text x=\"%.1f\" y=\"%d\" fill=\"#678\" font-size=\"9\">%s</text>", x0, top,
                    Math.max(1, x1 - x0), plotH, x0 + 1, top + 9, esc(p.path("name").asText())));
        }
        for (int k = 0; k <= 4; k++) {
            double v = max * k / 4;
            double y = top + plotH - v / max * plotH;
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#e4e4e4\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>", left, width - 10, y, y, left - 4,
                    y + 4, Bench.fmt(v)));
        }
        for (int k = 0; k <= 10; k++) {
            double sec = tMax * k / 10;
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%ss</text>",
                    left + sec / tMax * plotW, top + plotH + 14, Bench.fmt(Math.round(sec))));
        }
        s.append("<text x=\"4\" y=\"12\">").append(esc(unit)).append("</text>");
        List<String> names = new ArrayList<>();
        int si = 0;
        var it = series.fields();
        while (it.hasNext()) {
            var entry = it.next();
            names.add(entry.getKey());
            StringBuilder points = new StringBuilder();
            for (int k = 0; k < t.size() && k < entry.getValue().size(); k++) {
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", left + t.get(k).asDouble() / tMax * plotW,
                        top + plotH - entry.getValue().get(k).asDouble() / max * plotH));
            }
            s.append("<polyline fill=\"none\" stroke-width=\"1.5\" stroke=\"").append(COLOURS[si % COLOURS.length])
                    .append("\" points=\"").append(points).append("\"/>");
            si++;
        }
        legend(s, names, left, height - 22);
        return s.append("</svg>").toString();
    }

    private static String backlogChart(List<JsonNode> steps) {
        Map<String, JsonNode> series = new LinkedHashMap<>();
        double tMax = 1;
        double max = 1;
        for (JsonNode step : steps) {
            JsonNode backlog = step.at("/events/backlog");
            series.put(step.path("name").asText() + " (" + step.path("verdict").asText() + ")", backlog);
            for (JsonNode point : backlog) {
                tMax = Math.max(tMax, point.get(0).asDouble());
                max = Math.max(max, point.get(1).asDouble());
            }
        }
        max = niceCeil(max);
        int width = 1150;
        int height = 280;
        int left = 60;
        int top = 20;
        int bottom = 60;
        double plotW = width - left - 20;
        double plotH = height - top - bottom;
        StringBuilder s = new StringBuilder("<svg width=\"" + width + "\" height=\"" + height
                + "\" xmlns=\"http://www.w3.org/2000/svg\" font-size=\"11\">");
        for (int k = 0; k <= 4; k++) {
            double v = max * k / 4;
            double y = top + plotH - v / max * plotH;
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#e4e4e4\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>", left, width - 10, y, y, left - 4,
                    y + 4, Bench.fmt(v)));
        }
        for (int k = 0; k <= 10; k++) {
            double sec = tMax * k / 10;
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%ss</text>",
                    left + sec / tMax * plotW, top + plotH + 14, Bench.fmt(Math.round(sec * 10) / 10.0)));
        }
        s.append("<text x=\"4\" y=\"12\">orders</text>");
        int si = 0;
        for (var entry : series.entrySet()) {
            StringBuilder points = new StringBuilder();
            for (JsonNode point : entry.getValue()) {
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", left + point.get(0).asDouble() / tMax * plotW,
                        top + plotH - point.get(1).asDouble() / max * plotH));
            }
            s.append("<polyline fill=\"none\" stroke-width=\"1.5\" stroke=\"").append(COLOURS[si % COLOURS.length])
                    .append("\" points=\"").append(points).append("\"/>");
            si++;
        }
        legend(s, new ArrayList<>(series.keySet()), left, height - 22);
        return s.append("</svg>").toString();
    }

    private static void legend(StringBuilder s, List<String> names, int x, int y) {
        double at = x;
        int row = 0;
        for (int i = 0; i < names.size(); i++) {
            double w = 24 + names.get(i).length() * 6.2;
            if (at + w > 1140) {
                at = x;
                row++;
            }
            s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"12\" height=\"10\" fill=\"%s\"/>"
                    + "<text x=\"%.1f\" y=\"%d\">%s</text>", at, y + row * 14 - 9, COLOURS[i % COLOURS.length],
                    at + 16, y + row * 14, esc(names.get(i))));
            at += w;
        }
    }

    private static double scale(double v, double lo, double hi, boolean log) {
        if (log) {
            return (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo));
        }
        return (v - lo) / (hi - lo);
    }

    private static double niceCeil(double v) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(v)));
        for (double step : new double[]{1, 2, 2.5, 5, 10}) {
            if (step * magnitude >= v) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String num(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return "–";
        }
        return node.isNumber() ? Bench.fmt(node.asDouble()) : esc(node.asText());
    }

    static String esc(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
