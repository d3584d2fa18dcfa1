package org.doorstep.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the same database server and broker do with nothing of Doorstep in between, measured in the same run: the
 * ceiling our figures are divided by. Both work in scratch space they create and remove.
 */
final class RawLimits {

    private RawLimits() {
    }

    /** The status counters of the database server that tell what the stack asked of it. */
    static final List<String> DB_COUNTERS = List.of("Handler_commit", "Com_commit", "Com_insert", "Com_update",
            "Com_delete", "Com_select", "Innodb_data_fsyncs", "Innodb_row_lock_waits", "Innodb_row_lock_time",
            "Innodb_deadlocks", "Questions");

    static Map<String, Long> dbCounters(Target target) {
        Map<String, Long> counters = new java.util.LinkedHashMap<>();
        try (Connection connection = connect(target, ""); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("show global status")) {
            while (rows.next()) {
                if (DB_COUNTERS.contains(rows.getString(1))) {
                    counters.put(rows.getString(1), rows.getLong(2));
                }
            }
        } catch (SQLException e) {
            // counters are a help, not a must
        }
        return counters;
    }

    /** The settings that decide what a commit costs. */
    static ObjectNode dbSettings(Target target) {
        ObjectNode node = Json.object();
        try (Connection connection = connect(target, ""); Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery("select version()")) {
                rows.next();
                node.put("version", rows.getString(1));
            }
            try (ResultSet rows = statement.executeQuery("show global variables where variable_name in "
                    + "('innodb_flush_log_at_trx_commit','sync_binlog','log_bin','innodb_buffer_pool_size',"
                    + "'innodb_flush_method','max_connections')")) {
                while (rows.next()) {
                    node.put(rows.getString(1), rows.getString(2));
                }
            }
        } catch (SQLException e) {
            node.put("error", e.getMessage());
        }
        return node;
    }

    /**
     * Single-row insert transactions (autocommit), {@code concurrency} connections at once for the duration, then one
     * connection alone (what a consumer that applies one event per transaction can reach), into a scratch database.
     */
    static ObjectNode database(Target target, int concurrency, Duration duration, String tag) throws SQLException {
        String scratch = "doorstep_bench_scratch_" + tag.replaceAll("[^A-Za-z0-9_]", "_");
        ObjectNode node = Json.object();
        node.put("what", "single-row INSERT transactions (autocommit), one row of ~300 bytes each");
        try (Connection admin = connect(target, ""); Statement statement = admin.createStatement()) {
            statement.execute("drop database if exists " + scratch);
            statement.execute("create database " + scratch);
            statement.execute("create table " + scratch + ".scratch (id bigint not null auto_increment primary key,"
                    + " building_id bigint not null, body varchar(400) not null, created_at datetime(6) not null,"
                    + " index ix_scratch_building (building_id, created_at)) engine = InnoDB");
            try {
                node.set("concurrent", insertLoad(target, scratch, concurrency, duration));
                node.set("serial", insertLoad(target, scratch, 1, duration.dividedBy(2)));
            } finally {
                statement.execute("drop database if exists " + scratch);
            }
        }
        return node;
    }

    private static ObjectNode insertLoad(Target target, String scratch, int concurrency, Duration duration)
            throws SQLException {
        Latencies latencies = new Latencies();
        AtomicLong done = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        List<Connection> connections = new ArrayList<>();
        String body = "x".repeat(300);
        try {
            for (int i = 0; i < concurrency; i++) {
                connections.add(connect(target, scratch));
            }
            long end = System.nanoTime() + duration.toNanos();
            long start = System.nanoTime();
            for (Connection connection : connections) {
                Thread thread = new Thread(() -> {
                    try (PreparedStatement insert = connection.prepareStatement(
                            "insert into scratch (building_id, body, created_at) values (?, ?, ?)")) {
                        long i = 0;
                        while (System.nanoTime() < end) {
                            long t0 = System.nanoTime();
                            insert.setLong(1, i++ % 20);
                            insert.setString(2, body);
                            insert.setTimestamp(3, new Timestamp(System.currentTimeMillis()));
                            insert.executeUpdate();
                            latencies.add((System.nanoTime() - t0) / 1000);
                            done.incrementAndGet();
                        }
                    } catch (SQLException e) {
                        // counted as fewer transactions
                    }
                }, "bench-raw-db");
                thread.start();
                threads.add(thread);
            }
            for (Thread thread : threads) {
                thread.join(duration.toMillis() + 30_000);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            ObjectNode node = Json.object();
            node.put("connections", concurrency);
            node.put("seconds", Math.round(seconds * 100) / 100.0);
            node.put("transactions", done.get());
            node.put("perSecond", Math.round(done.get() / seconds));
            node.set("latency", latencies.summary().json());
            return node;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            for (Connection connection : connections) {
                connection.close();
            }
        }
    }

    /**
     * Records of ~700 bytes (the size of an OrderPlaced envelope) to a scratch topic of 3 partitions, acks=all and
     * idempotent as the services' producers send, as fast as the broker acknowledges; then one at a time (send, wait
     * for the ack), which is the round trip the outbox relay pays per batch.
     */
    static ObjectNode broker(Target target, Duration duration, String tag) throws Exception {
        String topic = "doorstep.bench.scratch-" + tag;
        Map<String, Object> adminConfig = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                target.bootstrapServers(), AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20000);
        ObjectNode node = Json.object();
        node.put("what", "records of 700 bytes, acks=all, idempotent producer, 3 partitions");
        try (Admin admin = Admin.create(adminConfig)) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get(20, TimeUnit.SECONDS);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, target.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                    ProducerConfig.LINGER_MS_CONFIG, "2",
                    ProducerConfig.CLIENT_ID_CONFIG, "doorstep-bench-raw",
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
                String value = "{\"payload\":\"" + "y".repeat(680) + "\"}";
                producer.partitionsFor(topic);
                // as fast as acknowledged
                AtomicLong acked = new AtomicLong();
                AtomicLong failed = new AtomicLong();
                long start = System.nanoTime();
                long end = start + duration.toNanos();
                long i = 0;
                while (System.nanoTime() < end) {
                    producer.send(new ProducerRecord<>(topic, String.valueOf(i++ % 20), value),
                            (metadata, e) -> (e == null ? acked : failed).incrementAndGet());
                }
                producer.flush();
                double seconds = (System.nanoTime() - start) / 1e9;
                ObjectNode async = node.putObject("pipelined");
                async.put("seconds", Math.round(seconds * 100) / 100.0);
                async.put("records", acked.get());
                async.put("failed", failed.get());
                async.put("perSecond", Math.round(acked.get() / seconds));
                // one at a time
                Latencies latencies = new Latencies();
                long serialEnd = System.nanoTime() + duration.dividedBy(2).toNanos();
                long serialStart = System.nanoTime();
                long n = 0;
                while (System.nanoTime() < serialEnd) {
                    long t0 = System.nanoTime();
                    producer.send(new ProducerRecord<>(topic, String.valueOf(n++ % 20), value)).get(10,
                            TimeUnit.SECONDS);
                    latencies.add((System.nanoTime() - t0) / 1000);
                }
                double serialSeconds = (System.nanoTime() - serialStart) / 1e9;
                ObjectNode serial = node.putObject("serial");
                serial.put("records", n);
                serial.put("perSecond", Math.round(n / serialSeconds));
                serial.set("latency", latencies.summary().json());
            } finally {
                admin.deleteTopics(List.of(topic)).all().get(20, TimeUnit.SECONDS);
            }
        }
        return node;
    }

    static Connection connect(Target target, String database) throws SQLException {
        return DriverManager.getConnection(target.jdbcUrl() + database
                + "?useSSL=false&allowPublicKeyRetrieval=true&rewriteBatchedStatements=false", target.dbUser(),
                target.dbPassword());
    }
}
