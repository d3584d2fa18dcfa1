package org.doorstep.system;

import org.doorstep.testkit.FreePorts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A single-node KRaft broker as a separate process, started the way deploy/local/up.sh starts one (from the jars the
 * deploy module gathers), so the system tests can kill it and bring it back on the same port and data.
 */
final class KafkaProcess implements AutoCloseable {

    private final Path root;
    private final Path dir;
    private final int port = FreePorts.next();
    private final int controllerPort = FreePorts.next();
    private Process process;

    KafkaProcess(Path root) throws IOException, InterruptedException {
        this.root = root;
        this.dir = Files.createTempDirectory("doorstep-kafka-");
        Files.writeString(dir.resolve("server.properties"), String.join("\n", List.of(
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "inter.broker.listener.name=PLAINTEXT",
                "log.dirs=" + dir.resolve("data"),
                "num.partitions=12",
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0")) + "\n");
        Process format = java("kafka.tools.StorageTool", "format", "-t", clusterId(), "-c",
                dir.resolve("server.properties").toString()).start();
        if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
            throw new IllegalStateException("formatting the Kafka log failed; see " + dir.resolve("kafka.log"));
        }
        start();
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    void start() throws IOException, InterruptedException {
        Path log = dir.resolve("logs/server.log");
        long before = Files.exists(log) ? Files.readAllLines(log).size() : 0;
        process = java("kafka.Kafka", dir.resolve("server.properties").toString()).start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the broker exited; see " + dir.resolve("kafka.log"));
            }
            if (Files.exists(log) && Files.readAllLines(log).stream().skip(before)
                    .anyMatch(line -> line.contains("Kafka Server started"))) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the broker did not start in 60 s");
    }

    /** SIGKILL, as a crash. */
    void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private ProcessBuilder java(String main, String... args) {
        Path libs = root.resolve("deploy/target/kafka-libs");
        if (!Files.isDirectory(libs)) {
            throw new IllegalStateException(libs + " is missing: build the deploy module first (./mvnw verify does)");
        }
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-Dlog4j2.configurationFile=" + root.resolve("deploy/local/kafka-log4j2.properties"),
                "-Dkafka.logs.dir=" + dir.resolve("logs"), "-cp", libs + "/*", main));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("kafka.log").toFile()));
    }

    /**
     * Kafka's own random id: it never starts with '-', which StorageTool's argument parser would take for a flag (one
     * plain random id in 64 does, and formatting then failed).
     */
    private static String clusterId() {
        return org.apache.kafka.common.Uuid.randomUuid().toString();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
