package org.doorstep.bench;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The running stack the bench drives: the three services' base URLs, the database server (a JDBC URL without a
 * database, e.g. jdbc:mysql://127.0.0.1:3316/, and an account that may create a scratch database), the broker, where
 * tokens come from, and the process id of each piece ("order-service", "dispatch-service", "volunteer-service",
 * "kafka", "mariadb"), for CPU and memory. Pids left out are looked up by the port the piece listens on.
 * Tokens are kept per person for half an hour, so the source may sign a new one on every call.
 */
public record Target(String orderUrl, String dispatchUrl, String volunteerUrl, String jdbcUrl, String dbUser,
                     String dbPassword, String bootstrapServers, TokenSource tokens, Map<String, Long> pids) {

    public Target {
        orderUrl = trimSlash(orderUrl);
        dispatchUrl = trimSlash(dispatchUrl);
        volunteerUrl = trimSlash(volunteerUrl);
        jdbcUrl = jdbcUrl.endsWith("/") ? jdbcUrl : jdbcUrl + "/";
        dbPassword = dbPassword == null ? "" : dbPassword;
        pids = new LinkedHashMap<>(pids == null ? Map.of() : pids);
        // Each person's token is signed once and again after half an hour, not once per request.
        tokens = tokens.cached(java.time.Duration.ofMinutes(30));
    }

    /** The pid of every piece, those not given found by their listening port (Linux /proc). */
    Map<String, Long> resolvedPids() {
        Map<String, Long> resolved = new LinkedHashMap<>();
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("order-service", URI.create(orderUrl).getPort());
        ports.put("dispatch-service", URI.create(dispatchUrl).getPort());
        ports.put("volunteer-service", URI.create(volunteerUrl).getPort());
        ports.put("kafka", Integer.parseInt(bootstrapServers.split(",")[0].replaceAll(".*:", "").trim()));
        ports.put("mariadb", URI.create(jdbcUrl.substring("jdbc:".length())).getPort());
        for (var entry : ports.entrySet()) {
            Long pid = pids.get(entry.getKey());
            if (pid == null) {
                pid = ProcStats.pidListeningOn(entry.getValue());
            }
            if (pid != null) {
                resolved.put(entry.getKey(), pid);
            }
        }
        return resolved;
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
