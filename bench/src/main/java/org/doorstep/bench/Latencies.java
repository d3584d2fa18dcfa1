package org.doorstep.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Arrays;

/** Latency samples in microseconds; percentiles by rank over all samples (no histogram buckets, no averaging). */
final class Latencies {

    private long[] samples = new long[1024];
    private int size;

    synchronized void add(long micros) {
        if (size == samples.length) {
            samples = Arrays.copyOf(samples, size * 2);
        }
        samples[size++] = micros;
    }

    synchronized int count() {
        return size;
    }

    /** Percentiles of what was added: count, p50, p95, p99, max, in milliseconds. */
    synchronized Summary summary() {
        return Summary.of(Arrays.copyOf(samples, size));
    }

    record Summary(int count, double p50, double p95, double p99, double max) {

        static final Summary EMPTY = new Summary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

        static Summary of(long[] micros) {
            if (micros.length == 0) {
                return EMPTY;
            }
            long[] sorted = micros.clone();
            Arrays.sort(sorted);
            return new Summary(sorted.length, rank(sorted, 0.50), rank(sorted, 0.95), rank(sorted, 0.99),
                    sorted[sorted.length - 1] / 1000.0);
        }

        private static double rank(long[] sorted, double quantile) {
            int index = (int) Math.ceil(quantile * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1000.0;
        }

        ObjectNode json() {
            ObjectNode node = Json.object();
            node.put("count", count);
            put(node, "p50Ms", p50);
            put(node, "p95Ms", p95);
            put(node, "p99Ms", p99);
            put(node, "maxMs", max);
            return node;
        }

        private static void put(ObjectNode node, String field, double value) {
            if (Double.isNaN(value)) {
                node.putNull(field);
            } else {
                node.put(field, Math.round(value * 10) / 10.0);
            }
        }
    }
}
