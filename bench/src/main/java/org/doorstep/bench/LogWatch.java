package org.doorstep.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts, in the services' logs, what they wrote during a phase: a consumer that retried an event (and which
 * failure made it: a lost optimistic-lock race, a deadlock...), deadlocks reported by the database, events sent to the
 * dead-letter topic. A retried event costs its consumer a pause of 200 ms or more (EventConsumers), so these counts
 * explain latency that CPU figures do not.
 */
final class LogWatch {

    private static final Pattern RETRY = Pattern.compile("Consumer (\\S+): \\S+ \\S+ failed \\((\\w+)");
    private static final Pattern DEADLOCK = Pattern.compile("Deadlock found");
    private static final Pattern DEAD_LETTER = Pattern.compile("sent to the dead-letter topic");
    private static final Pattern CONCURRENT = Pattern.compile("Concurrent change|OptimisticLock|StaleState");

    private final Path dir;
    private final List<String> services = List.of("order-service", "dispatch-service", "volunteer-service");

    LogWatch(Path dir) {
        this.dir = dir;
    }

    /** The size of each service's log now. */
    Map<String, Long> mark() {
        Map<String, Long> sizes = new LinkedHashMap<>();
        for (String service : services) {
            try {
                sizes.put(service, Files.size(dir.resolve(service + ".log")));
            } catch (IOException e) {
                // no log for this service
            }
        }
        return sizes;
    }

    /** What each service logged since the mark. */
    ObjectNode since(Map<String, Long> mark) {
        ObjectNode node = Json.object();
        for (var entry : mark.entrySet()) {
            Path log = dir.resolve(entry.getKey() + ".log");
            Map<String, Integer> counts = new TreeMap<>();
            try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
                long end = file.length();
                long start = Math.min(entry.getValue(), end);
                if (end - start > 64L * 1024 * 1024) {
                    start = end - 64L * 1024 * 1024;
                }
                byte[] bytes = new byte[(int) (end - start)];
                file.seek(start);
                file.readFully(bytes);
                for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
                    Matcher retry = RETRY.matcher(line);
                    if (retry.find()) {
                        counts.merge("consumer " + retry.group(1) + " retried after " + retry.group(2), 1,
                                Integer::sum);
                    } else if (DEADLOCK.matcher(line).find()) {
                        counts.merge("deadlock reported by the database", 1, Integer::sum);
                    } else if (DEAD_LETTER.matcher(line).find()) {
                        counts.merge("event sent to the dead-letter topic", 1, Integer::sum);
                    } else if (line.contains(" WARN ") && CONCURRENT.matcher(line).find()) {
                        counts.merge("other concurrent-change warning", 1, Integer::sum);
                    }
                }
            } catch (IOException e) {
                continue;
            }
            if (!counts.isEmpty()) {
                ObjectNode service = node.putObject(entry.getKey());
                counts.forEach(service::put);
            }
        }
        return node;
    }
}
