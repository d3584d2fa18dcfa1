package org.doorstep.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads async-profiler's collapsed stacks of a service (one line a stack: "[thread];frame;frame ... count") and
 * prints where its CPU went: by kind of thread, and inside the HTTP workers and the event consumers by library, the
 * deepest frame outside the JDK deciding. What profile.sh prints.
 */
public final class ProfileSummary {

    /** Library by package, in the order they are tried on a frame. */
    private static final List<String[]> LIBRARIES = List.of(
            new String[] {"MySQL driver", "com/mysql"},
            new String[] {"bean validation", "hibernate/validator"},
            new String[] {"Hibernate ORM", "org/hibernate"},
            new String[] {"transactions (Narayana)", "arjuna"},
            new String[] {"transactions (Narayana)", "narayana"},
            new String[] {"connection pool (Agroal)", "agroal"},
            new String[] {"JSON (Jackson)", "jackson"},
            new String[] {"tokens (jose4j, SmallRye JWT)", "jose4j"},
            new String[] {"tokens (jose4j, SmallRye JWT)", "smallrye/jwt"},
            new String[] {"Kafka client", "apache/kafka"},
            new String[] {"HTTP (Vert.x, Netty, Quarkus REST)", "netty"},
            new String[] {"HTTP (Vert.x, Netty, Quarkus REST)", "vertx"},
            new String[] {"HTTP (Vert.x, Netty, Quarkus REST)", "resteasy"},
            new String[] {"CDI (ArC)", "quarkus/arc"},
            new String[] {"Doorstep code", "org/doorstep"},
            new String[] {"JDK", "java/"},
            new String[] {"JDK", "jdk/"},
            new String[] {"JDK", "sun/"});

    private ProfileSummary() {
    }

    public static void main(String[] args) throws IOException {
        for (String file : args) {
            summarize(Path.of(file));
        }
    }

    static void summarize(Path collapsed) throws IOException {
        Map<String, Long> byThread = new LinkedHashMap<>();
        Map<String, Long> byLibrary = new LinkedHashMap<>();
        long total = 0;
        long busy = 0;
        for (String line : Files.readAllLines(collapsed)) {
            int space = line.lastIndexOf(' ');
            if (space < 0) {
                continue;
            }
            long samples = Long.parseLong(line.substring(space + 1).trim());
            String[] frames = line.substring(0, space).split(";");
            String thread = threadKind(frames[0]);
            byThread.merge(thread, samples, Long::sum);
            total += samples;
            if (thread.startsWith("HTTP") || thread.startsWith("event consumers")) {
                busy += samples;
                byLibrary.merge(library(frames), samples, Long::sum);
            }
        }
        System.out.printf("%s: %d samples%n", collapsed.getFileName(), total);
        print("  by thread", byThread, total);
        print("  HTTP workers and event consumers, by library (deepest frame outside the JDK)", byLibrary, busy);
    }

    private static void print(String title, Map<String, Long> shares, long total) {
        System.out.println(title + ":");
        shares.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(12)
                .forEach(e -> System.out.printf("    %5.1f %%  %s%n", 100.0 * e.getValue() / Math.max(total, 1),
                        e.getKey()));
    }

    private static String threadKind(String thread) {
        String name = thread.replaceAll("^\\[|]$", "").replaceAll(" tid=\\d+", "");
        if (name.startsWith("executor-thread") || name.startsWith("vert.x-eventloop")) {
            return "HTTP (event loop and workers)";
        }
        if (name.startsWith("consumer-")) {
            return "event consumers";
        }
        if (name.contains("Compiler") || name.contains("CompilerThre")) {
            return "JIT compiler";
        }
        if (name.startsWith("kafka-")) {
            return "Kafka client";
        }
        if (name.isBlank() || name.startsWith("tid=") || name.startsWith("VM ") || name.startsWith("GC")
                || name.contains("Sweeper")) {
            return "GC and VM";
        }
        return name.replaceAll("-\\d+$", "");
    }

    /** The library of the deepest frame that is not the JDK's (a socket write counts for the driver that made it). */
    private static String library(String[] frames) {
        boolean inJdk = false;
        for (int i = frames.length - 1; i > 0; i--) {
            for (String[] library : LIBRARIES) {
                if (frames[i].contains(library[1])) {
                    if (!library[0].equals("JDK")) {
                        return library[0];
                    }
                    inJdk = true;
                }
            }
        }
        return inJdk ? "JDK" : "native and other";
    }
}
