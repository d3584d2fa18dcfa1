package org.doorstep.common.kafka;

import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.doorstep.common.events.Topic;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The plain Kafka clients of a service, configured once from the {@code kafka.*} properties
 * (kafka.bootstrap.servers and friends).
 */
@ApplicationScoped
public class KafkaClients {

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    /** Enough for twelve instances of a consumer group; the Kubernetes topics are sized for a city (README). */
    @ConfigProperty(name = "doorstep.kafka.partitions", defaultValue = "12")
    int partitions;

    @ConfigProperty(name = "doorstep.kafka.replication-factor", defaultValue = "1")
    short replicationFactor;

    private volatile KafkaProducer<String, String> producer;
    private volatile boolean topicsReady;

    private Map<String, Object> common() {
        Map<String, Object> config = new HashMap<>();
        kafkaConfig.forEach((key, value) -> config.put(key, value));
        return config;
    }

    public synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            Map<String, Object> config = common();
            config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            // An event the outbox hands over must be on every in-sync replica, exactly once, in key order.
            config.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
            config.putIfAbsent(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "2");
            // A compound's events go to one partition number on every topic (EventKeys).
            config.put(ProducerConfig.PARTITIONER_CLASS_CONFIG, CompoundPartitioner.class.getName());
            // Fail fast when the broker is away: the outbox keeps the events and the relay retries.
            config.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
            config.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
            config.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "15000");
            producer = new KafkaProducer<>(config);
        }
        return producer;
    }

    public KafkaConsumer<String, String> consumer(String groupId) {
        Map<String, Object> config = common();
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // Range assignment gives one member partition n of every topic it reads (the topics have as many
        // partitions): a compound's orders and volunteers meet on the instance that owns it.
        config.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName());
        // State topics are rebuilt from the start by a new consumer group.
        config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
        // A poll of 500 events is ~0.5 MB; the default lets a consumer buffer 50 MB ahead, which a service's 64 MB
        // heap cannot hold beside its work.
        config.putIfAbsent(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, String.valueOf(4 * 1024 * 1024));
        return new KafkaConsumer<>(config);
    }

    /** Creates the Doorstep topics that do not exist yet, compacted where they hold state. Idempotent. */
    public void ensureTopics() throws InterruptedException, ExecutionException {
        if (topicsReady) {
            return;
        }
        Map<String, Object> config = common();
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
        try (Admin admin = Admin.create(config)) {
            var existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            List<NewTopic> missing = new java.util.ArrayList<>();
            for (Topic topic : Topic.values()) {
                if (!existing.contains(topic.topicName())) {
                    NewTopic newTopic = new NewTopic(topic.topicName(), partitions, replicationFactor);
                    newTopic.configs(topic.compacted()
                            ? Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)
                            : Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(TimeUnit.DAYS.toMillis(7))));
                    missing.add(newTopic);
                }
            }
            if (!missing.isEmpty()) {
                try {
                    admin.createTopics(missing).all().get(10, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            requireEqualPartitions(admin);
            topicsReady = true;
        } catch (java.util.concurrent.TimeoutException e) {
            throw new ExecutionException("Kafka did not answer within 10 s", e);
        }
    }

    /**
     * Events of one building go to the same partition number of every topic only if the topics have as many
     * partitions; a topic grown by hand would scatter them. Refuses to go on (readiness stays DOWN, the consumers
     * retry) until an operator gives them the same count.
     */
    private static void requireEqualPartitions(Admin admin)
            throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
        List<String> names = java.util.Arrays.stream(Topic.values()).filter(Topic::feedsOwners)
                .map(Topic::topicName).toList();
        Map<String, Integer> counts = new java.util.TreeMap<>();
        admin.describeTopics(names).allTopicNames().get(10, TimeUnit.SECONDS)
                .forEach((name, description) -> counts.put(name, description.partitions().size()));
        if (counts.values().stream().distinct().count() > 1) {
            throw new IllegalStateException("the topics that feed the services must have the same number of "
                    + "partitions, so that a building's events meet on one instance: " + counts);
        }
    }

    @PreDestroy
    void close() {
        if (producer != null) {
            producer.close(java.time.Duration.ofSeconds(5));
        }
    }
}
