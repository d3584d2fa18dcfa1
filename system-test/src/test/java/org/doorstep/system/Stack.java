package org.doorstep.system;

import org.doorstep.testkit.FakeWeChatServer;
import org.doorstep.testkit.OpenApiValidation;
import org.doorstep.testkit.FreePorts;
import org.doorstep.testkit.MariaDbServer;
import org.doorstep.testkit.TestIdentity;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The whole system as it runs in production, on one machine: one database server with a schema per service, one
 * Kafka broker, and the three packaged services as separate processes.
 */
final class Stack implements AutoCloseable {

    enum Service {
        ORDER("order-service", "ORDER", "doorstep_order"),
        DISPATCH("dispatch-service", "DISPATCH", "doorstep_dispatch"),
        VOLUNTEER("volunteer-service", "VOLUNTEER", "doorstep_volunteer");

        final String module;
        final String envPrefix;
        final String database;

        Service(String module, String envPrefix, String database) {
            this.module = module;
            this.envPrefix = envPrefix;
            this.database = database;
        }
    }

    private final Path root = Path.of(System.getProperty("doorstep.root", "..")).toAbsolutePath().normalize();
    private final Path logs = root.resolve("system-test/target/service-logs");
    private final MariaDbServer database;
    private final KafkaProcess broker;
    private final String handoffSecret = UUID.randomUUID().toString();
    /** Ports and processes by service and instance number (1 = the first, which every test talks to). */
    private final Map<Service, Map<Integer, Integer>> ports = new LinkedHashMap<>();
    private final Map<Service, Map<Integer, Process>> processes = new LinkedHashMap<>();

    private static Stack shared;

    /** The WeChat subscribe-message template of order-service's DELIVERED messages in this stack. */
    static final String DELIVERED_TEMPLATE = "tmpl-delivered";

    /** One stack for all system tests of this run, stopped when the JVM exits. */
    static synchronized Stack shared() throws Exception {
        if (shared == null) {
            shared = new Stack();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    shared.close();
                } catch (Exception ignored) {
                    // exiting anyway
                }
            }));
        }
        return shared;
    }

    private Stack() throws Exception {
        Files.createDirectories(logs);
        // A transaction left open by a paused process (SIGSTOP) is ended by the server after 10 s, so its locks do
        // not hold the other instances up for good; a service never leaves one idle that long otherwise.
        database = MariaDbServer.start(List.of("--idle-transaction-timeout=10"),
                List.of(Service.values()).stream().map(s -> s.database).toArray(String[]::new));
        broker = new KafkaProcess(root);
        // Every port first: each service tells its pages where the other two are.
        for (Service service : Service.values()) {
            ports.computeIfAbsent(service, s -> new LinkedHashMap<>()).put(1, FreePorts.next());
        }
        for (Service service : Service.values()) {
            start(service);
        }
        for (Service service : Service.values()) {
            awaitReady(service, Duration.ofSeconds(90));
        }
    }

    String url(Service service) {
        return url(service, 1);
    }

    String url(Service service, int instance) {
        return "http://127.0.0.1:" + ports.get(service).get(instance);
    }

    /**
     * A request to a service, in JSON, without a token: for what needs none (health, OpenAPI) and for tests that a
     * call without one is refused. Every other /api call goes through {@link #as}.
     */
    io.restassured.specification.RequestSpecification to(Service service) {
        return io.restassured.RestAssured.given().baseUri(url(service)).filter(OpenApiValidation.FILTER)
                .contentType(io.restassured.http.ContentType.JSON);
    }

    /** A request to a service, in JSON, signed in with the token ({@link Tokens}: who makes the call). */
    io.restassured.specification.RequestSpecification as(Service service, String token) {
        return to(service).header("Authorization", "Bearer " + token);
    }

    /**
     * The same, to the service's n-th instance, giving up after 5 s as a phone does: a call caught by a frozen instance
     * would otherwise wait for it forever, and the caller would never try the instance left running.
     */
    io.restassured.specification.RequestSpecification as(Service service, int instance, String token) {
        return io.restassured.RestAssured.given().config(GIVING_UP).baseUri(url(service, instance))
                .filter(OpenApiValidation.FILTER).contentType(io.restassured.http.ContentType.JSON).header("Authorization", "Bearer " + token);
    }

    private static final io.restassured.config.RestAssuredConfig GIVING_UP = io.restassured.config.RestAssuredConfig
            .config().httpClient(io.restassured.config.HttpClientConfig.httpClientConfig()
                    .setParam("http.connection.timeout", 5000).setParam("http.socket.timeout", 5000));

    /**
     * POSTs as the token's holder until the service has heard of the building (or compound) the body names — building
     * state reaches the other services through an event, a moment later — then expects 201 and returns the created
     * resource.
     */
    io.restassured.path.json.JsonPath createWhenKnown(Service service, String token, String path, Object body) {
        return org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            var response = as(service, token).body(body).post(path);
            if (response.statusCode() == 404) {
                return null;
            }
            response.then().statusCode(201);
            return response.jsonPath();
        }, java.util.Objects::nonNull);
    }

    MariaDbServer database() {
        return database;
    }

    KafkaProcess broker() {
        return broker;
    }

    /** SIGKILL, as a crash. */
    void kill(Service service) throws InterruptedException {
        kill(service, 1);
    }

    void kill(Service service, int instance) throws InterruptedException {
        Process process = processes.get(service).get(instance);
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGSTOP: the process stops where it is, its sockets and transactions left open, as in a long pause. */
    void pause(Service service, int instance) throws IOException, InterruptedException {
        signal("STOP", processes.get(service).get(instance));
    }

    /** SIGCONT: the paused process goes on from where it stopped, unaware of the time gone by. */
    void resume(Service service, int instance) throws IOException, InterruptedException {
        signal("CONT", processes.get(service).get(instance));
    }

    private static void signal(String signal, Process process) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
        }
    }

    /** Stops a further instance as an orderly shutdown would (SIGTERM), and forgets it. */
    void stop(Service service, int instance) throws InterruptedException {
        Process process = processes.get(service).remove(instance);
        ports.get(service).remove(instance);
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    void start(Service service) throws IOException {
        start(service, 1);
    }

    /**
     * Starts the service's n-th instance: another process on a port of its own, with the same database and in the
     * same consumer groups as the first, as in a Kubernetes deployment of n replicas.
     */
    void start(Service service, int instance) throws IOException {
        Path jar = root.resolve(service.module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: package the services first (./mvnw verify does)");
        }
        ProcessBuilder builder = new ProcessBuilder(javaBinary(), "-Xmx256m", "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(service.module
                        + (instance == 1 ? "" : "-" + instance) + ".log").toFile()));
        Map<String, String> env = builder.environment();
        env.put("QUARKUS_PROFILE", "local");
        int port = ports.get(service).computeIfAbsent(instance, n -> FreePorts.next());
        env.put(service.envPrefix + "_SERVICE_PORT", String.valueOf(port));
        env.put(service.envPrefix + "_DB_URL", database.jdbcUrl(service.database));
        env.put("DOORSTEP_DB_USER", database.username());
        env.put("DOORSTEP_DB_PASSWORD", database.password());
        env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        // A paused instance's partitions move to the others after 10 s instead of the client's 45 s default.
        env.put("KAFKA_SESSION_TIMEOUT_MS", "10000");
        env.put("DOORSTEP_HANDOFF_SECRET", handoffSecret);
        // The test JVM plays the identity provider: the services trust its key pair (Tokens signs the calls).
        env.put("DOORSTEP_JWT_PUBLIC_KEY_LOCATION", TestIdentity.publicKeyFile().toString());
        env.put("DOORSTEP_JWT_ISSUER", TestIdentity.ISSUER);
        // The local profile's sign-in page signs people in with the same key, for the browser tests.
        env.put("DOORSTEP_JWT_PRIVATE_KEY_LOCATION", TestIdentity.privateKeyFile().toString());
        // order-service issues RESIDENT tokens of its own for WeChat sign-in; every service trusts its public key.
        env.put("DOORSTEP_WECHAT_TOKEN_ISSUER", TestIdentity.ORDER_SERVICE_ISSUER);
        env.put("DOORSTEP_WECHAT_TOKEN_PUBLIC_KEY_LOCATION", TestIdentity.orderServicePublicKeyFile().toString());
        env.put("DOORSTEP_WECHAT_TOKEN_PRIVATE_KEY_LOCATION", TestIdentity.orderServicePrivateKeyFile().toString());
        // WeChat's code2Session is a fake on loopback (FakeWeChatServer): the mini-program's sign-in, for real over HTTP.
        env.put("DOORSTEP_WECHAT_API_BASE", FakeWeChatServer.base());
        env.put("DOORSTEP_WECHAT_APPID", FakeWeChatServer.APP_ID);
        env.put("DOORSTEP_WECHAT_SECRET", FakeWeChatServer.SECRET);
        env.put("DOORSTEP_WECHAT_BINDING_SECRET", FakeWeChatServer.BINDING_SECRET);
        // volunteer-service issues VOLUNTEER tokens of its own for volunteers bound to a WeChat user.
        env.put("DOORSTEP_VOLUNTEER_TOKEN_ISSUER", TestIdentity.VOLUNTEER_SERVICE_ISSUER);
        env.put("DOORSTEP_VOLUNTEER_TOKEN_PUBLIC_KEY_LOCATION", TestIdentity.volunteerServicePublicKeyFile().toString());
        env.put("DOORSTEP_VOLUNTEER_TOKEN_PRIVATE_KEY_LOCATION",
                TestIdentity.volunteerServicePrivateKeyFile().toString());
        // Residents who consented are told of a delivery by WeChat (the fake): the fault campaign counts those
        // messages. No hourly limit, so that each goes as itself and none waits for the next hour's digest.
        env.put("DOORSTEP_NOTIFY_TEMPLATE_DELIVERED", DELIVERED_TEMPLATE);
        env.put("DOORSTEP_NOTIFY_MAX_PER_HOUR", "0");
        env.put("DOORSTEP_UI_ORDER_URL", url(Service.ORDER));
        env.put("DOORSTEP_UI_DISPATCH_URL", url(Service.DISPATCH));
        env.put("DOORSTEP_UI_VOLUNTEER_URL", url(Service.VOLUNTEER));
        // The fault campaign and the bench's smoke run place hundreds of orders per household: limits as the bench's.
        for (String limit : List.of("HOUSEHOLDS_PER_RESIDENT", "OPEN_URGENT_PER_HOUSEHOLD",
                "OPEN_ORDERS_PER_HOUSEHOLD")) {
            env.put("DOORSTEP_LIMIT_" + limit, "1000000");
        }
        // -Ddoorstep.log.level=DEBUG shows the services' own decisions in target/service-logs.
        env.put("QUARKUS_LOG_CATEGORY__ORG_DOORSTEP__LEVEL", System.getProperty("doorstep.log.level", "INFO"));
        processes.computeIfAbsent(service, s -> new LinkedHashMap<>()).put(instance, builder.start());
    }

    boolean ready(Service service) {
        return ready(service, 1);
    }

    boolean ready(Service service, int instance) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(url(service, instance) + "/q/health/ready")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    void awaitReady(Service service, Duration timeout) throws Exception {
        awaitReady(service, 1, timeout);
    }

    void awaitReady(Service service, int instance, Duration timeout) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!processes.get(service).get(instance).isAlive()) {
                throw new IllegalStateException(service.module + " exited; see " + logs.resolve(service.module + ".log"));
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create(url(service, instance) + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(service.module + " not ready within " + timeout);
    }

    /** Rows of every table of every service, but the outbox and the event ids, which move by themselves. */
    Map<String, Long> rowCounts() throws java.sql.SQLException {
        Map<String, Long> counts = new java.util.TreeMap<>();
        for (Service service : Service.values()) {
            try (var connection = database.connect(service.database); var statement = connection.createStatement()) {
                List<String> tables = new java.util.ArrayList<>();
                try (var rs = statement.executeQuery("select table_name from information_schema.tables "
                        + "where table_schema = '" + service.database + "'")) {
                    while (rs.next()) {
                        tables.add(rs.getString(1));
                    }
                }
                for (String table : tables) {
                    if (List.of("outbox_event", "processed_event", "flyway_schema_history").contains(table)) {
                        continue;
                    }
                    try (var rs = statement.executeQuery("select count(*) from " + table)) {
                        rs.next();
                        counts.put(service.database + "." + table, rs.getLong(1));
                    }
                }
            }
        }
        return counts;
    }

    private static void signalQuietly(String signal, Process process) {
        try {
            if (process.isAlive()) {
                signal(signal, process);
            }
        } catch (Exception ignored) {
            // stopping anyway
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Override
    public void close() throws Exception {
        List<Process> all = processes.values().stream().flatMap(byInstance -> byInstance.values().stream()).toList();
        for (Process process : all) {
            // a paused one would not hear SIGTERM
            signalQuietly("CONT", process);
            process.destroy();
        }
        for (Process process : all) {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        broker.close();
        database.close();
    }
}
