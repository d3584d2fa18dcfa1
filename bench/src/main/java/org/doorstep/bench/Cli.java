package org.doorstep.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The command line of Bench and Simulate: --name value pairs and flags, and the Target they describe. */
final class Cli {

    private final Map<String, List<String>> values = new LinkedHashMap<>();

    Cli(String[] args, List<String> flags) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            String value;
            if (name.contains("=")) {
                value = name.substring(name.indexOf('=') + 1);
                name = name.substring(0, name.indexOf('='));
            } else if (flags.contains(name)) {
                value = "true";
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
            values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
    }

    String get(String name, String fallback) {
        List<String> list = values.get(name);
        return list == null ? fallback : list.get(list.size() - 1);
    }

    String require(String name) {
        String value = get(name, null);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    boolean flag(String name) {
        return Boolean.parseBoolean(get(name, "false"));
    }

    List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    /** The stack from --order-url, --dispatch-url, --volunteer-url, --jdbc-url, --db-user, --db-password,
     * --bootstrap, --jwt-key (PEM) with --issuer and --audience, and --pid name=pid (repeatable). */
    Target target() {
        Map<String, Long> pids = new LinkedHashMap<>();
        for (String pid : all("pid")) {
            String[] parts = pid.split("=", 2);
            if (parts.length == 2 && parts[1].matches("[0-9]+")) {
                pids.put(parts[0], Long.parseLong(parts[1]));
            }
        }
        TokenSource tokens = TokenSource.pem(Path.of(require("jwt-key")),
                get("issuer", "https://id.doorstep.local"), get("audience", "doorstep"), Duration.ofHours(12));
        return new Target(require("order-url"), require("dispatch-url"), require("volunteer-url"),
                require("jdbc-url"), get("db-user", "root"), get("db-password", ""), require("bootstrap"), tokens,
                pids);
    }
}
