package org.doorstep.testkit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Gives a @QuarkusTest service a real MariaDB database, a real Kafka broker and the test identity provider's key. Both are started once per test JVM
 * and stopped when it exits, whatever the number of Quarkus restarts in between.
 */
public class DoorstepTestServers implements QuarkusTestResourceLifecycleManager {

    public static final String DATABASE = "doorstep";

    /** The key order-service and dispatch-service share for handoff-code digests; new for every test JVM. */
    public static final String HANDOFF_SECRET = java.util.UUID.randomUUID().toString();

    private static MariaDbServer database;
    private static KafkaBroker broker;

    public static synchronized MariaDbServer database() throws Exception {
        if (database == null) {
            database = MariaDbServer.start(DATABASE);
        }
        return database;
    }

    public static synchronized KafkaBroker broker() throws Exception {
        if (broker == null) {
            broker = KafkaBroker.start();
        }
        return broker;
    }

    @Override
    public Map<String, String> start() {
        try {
            MariaDbServer db = database();
            KafkaBroker kafka = broker();
            Map<String, String> config = new java.util.HashMap<>(TestIdentity.serviceConfig());
            config.putAll(Map.of(
                    "quarkus.datasource.jdbc.url", db.jdbcUrl(DATABASE),
                    "quarkus.datasource.username", db.username(),
                    "quarkus.datasource.password", db.password(),
                    "kafka.bootstrap.servers", kafka.bootstrapServers(),
                    "doorstep.handoff.secret", HANDOFF_SECRET));
            return config;
        } catch (Exception e) {
            throw new IllegalStateException("Could not start the test database and broker: " + e.getMessage(), e);
        }
    }

    @Override
    public void stop() {
        // Kept for the JVM's lifetime; closed by shutdown hooks.
    }
}
