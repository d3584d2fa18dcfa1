package org.doorstep.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.doorstep.common.events.EventEnvelope;
import org.doorstep.common.events.Topic;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Plays another service in a test: sends events as that service would (by the documented contract) and reads what
 * the service under test published.
 */
public final class EventProbe implements AutoCloseable {

    public static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final String bootstrapServers;
    private final KafkaProducer<String, String> producer;

    public EventProbe(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()));
    }

    /** Sends an event in the Doorstep envelope; returns the envelope sent. */
    public EventEnvelope send(Topic topic, String key, String type, String source, String aggregateType,
                              Object aggregateId, Object payload) {
        EventEnvelope envelope = envelope(type, source, aggregateType, aggregateId, payload);
        sendRaw(topic, key, write(envelope));
        return envelope;
    }

    /** Sends the envelopes one after another without waiting for each, so that a consumer gets them in few polls. */
    public void sendAll(Topic topic, String key, List<EventEnvelope> envelopes) {
        List<java.util.concurrent.Future<?>> acks = new java.util.ArrayList<>();
        for (EventEnvelope envelope : envelopes) {
            acks.add(producer.send(new ProducerRecord<>(topic.topicName(), key, write(envelope))));
        }
        try {
            for (java.util.concurrent.Future<?> ack : acks) {
                ack.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not send to " + topic.topicName(), e);
        }
    }

    /** An envelope as a service would write it, not sent yet. */
    public static EventEnvelope envelope(String type, String source, String aggregateType, Object aggregateId,
                                         Object payload) {
        return new EventEnvelope(UUID.randomUUID(), type, OffsetDateTime.now(ZoneOffset.UTC), source, aggregateType,
                String.valueOf(aggregateId), JSON.valueToTree(payload));
    }

    /** Every event on the topic up to now that matches, read from the start to the end. */
    public List<EventEnvelope> all(Topic topic, Predicate<EventEnvelope> match) {
        List<EventEnvelope> found = new java.util.ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            List<org.apache.kafka.common.TopicPartition> partitions = consumer.partitionsFor(topic.topicName()).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<org.apache.kafka.common.TopicPartition, Long> end = consumer.endOffsets(partitions);
            Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    EventEnvelope envelope = read(record.value());
                    if (envelope != null && match.test(envelope)) {
                        found.add(envelope);
                    }
                }
            }
        }
        return found;
    }

    public void sendRaw(Topic topic, String key, String value) {
        try {
            producer.send(new ProducerRecord<>(topic.topicName(), key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not send to " + topic.topicName(), e);
        }
    }

    public static String write(EventEnvelope envelope) {
        try {
            return JSON.writeValueAsString(envelope);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads the topic from the start until an event matches or the timeout passes. */
    public EventEnvelope await(Topic topic, Predicate<EventEnvelope> match, Duration timeout) {
        ConsumerRecord<String, String> record = awaitRecord(topic, candidate -> {
            EventEnvelope envelope = read(candidate.value());
            return envelope != null && match.test(envelope);
        }, timeout);
        return record == null ? null : read(record.value());
    }

    /** Reads the topic from the start until a record matches; returns it, or null after the timeout. */
    public ConsumerRecord<String, String> awaitRecord(Topic topic, Predicate<ConsumerRecord<String, String>> match,
                                                      Duration timeout) {
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.subscribe(List.of(topic.topicName()));
            Instant deadline = Instant.now().plus(timeout);
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (match.test(record)) {
                        return record;
                    }
                }
            }
        }
        return null;
    }

    private KafkaConsumer<String, String> consumer() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "probe-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()));
    }

    public static EventEnvelope read(String json) {
        try {
            return JSON.readValue(json, EventEnvelope.class);
        } catch (Exception e) {
            return null;
        }
    }

    public static <T> T payload(EventEnvelope envelope, Class<T> type) {
        try {
            return JSON.treeToValue(envelope.payload(), type);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
