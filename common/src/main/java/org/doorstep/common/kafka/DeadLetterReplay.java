package org.doorstep.common.kafka;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.doorstep.common.events.Topic;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Sends the dead letters not replayed yet back to the topics they came from, once the cause is fixed: each goes out
 * with its original key (so to its compound's partition) and value (so with its event id: a consumer that had applied
 * it skips it; the one that had set it aside applies it now). An event that still cannot apply is dead-lettered
 * again and waits for the next replay. What was replayed is remembered in the group {@value #GROUP} (one per
 * consumer named), so a second run sends only letters that came since.
 * <pre>
 *   java -cp 'dispatch-service/target/quarkus-app/lib/main/*' org.doorstep.common.kafka.DeadLetterReplay \
 *       --bootstrap-servers 127.0.0.1:9092 [--consumer dispatch-service.orders]
 * </pre>
 */
public final class DeadLetterReplay {

    public static final String GROUP = "doorstep.dead-letter-replay";

    /** How many letters went back to their topics, and how many were another consumer's and were left. */
    public record Result(int replayed, int left) {
    }

    private DeadLetterReplay() {
    }

    /**
     * Replays the letters that came before this call.
     *
     * @param consumer only the letters this consumer set aside (its name as in the {@code doorstep.consumer} header),
     *                 or null for all
     */
    public static Result replay(String bootstrapServers, String consumer) {
        Map<String, Object> common = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        Map<String, Object> consumerConfig = new HashMap<>(common);
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, consumer == null ? GROUP : GROUP + "." + consumer);
        consumerConfig.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumerConfig.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Map<String, Object> producerConfig = new HashMap<>(common);
        producerConfig.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producerConfig.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        producerConfig.put(ProducerConfig.PARTITIONER_CLASS_CONFIG, CompoundPartitioner.class.getName());
        int replayed = 0;
        int left = 0;
        try (KafkaConsumer<String, String> letters = new KafkaConsumer<>(consumerConfig);
             KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig)) {
            List<TopicPartition> partitions = letters.partitionsFor(Topic.DEAD_LETTER.topicName()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            letters.assign(partitions);
            Map<TopicPartition, Long> end = letters.endOffsets(partitions);
            Map<TopicPartition, OffsetAndMetadata> committed = letters.committed(Set.copyOf(partitions));
            for (TopicPartition partition : partitions) {
                OffsetAndMetadata from = committed.get(partition);
                if (from == null) {
                    letters.seekToBeginning(List.of(partition));
                } else {
                    letters.seek(partition, from.offset());
                }
            }
            while (partitions.stream().anyMatch(p -> letters.position(p) < end.get(p))) {
                for (ConsumerRecord<String, String> letter : letters.poll(Duration.ofMillis(500))) {
                    if (letter.offset() >= end.get(new TopicPartition(letter.topic(), letter.partition()))) {
                        continue;
                    }
                    String origin = header(letter, "doorstep.origin");
                    if (origin == null || (consumer != null && !consumer.equals(header(letter, "doorstep.consumer")))) {
                        left++;
                        continue;
                    }
                    ProducerRecord<String, String> again = new ProducerRecord<>(topicOf(origin), letter.key(),
                            letter.value());
                    again.headers().add(new RecordHeader("doorstep.replayed-from", (letter.topic() + "-"
                            + letter.partition() + "@" + letter.offset()).getBytes(StandardCharsets.UTF_8)));
                    producer.send(again);
                    replayed++;
                }
            }
            producer.flush();
            // Remembered only once the broker has every letter sent again: a crash before sends them again, which
            // the consumers' event ids make harmless.
            letters.commitSync(partitions.stream().collect(Collectors.toMap(p -> p,
                    p -> new OffsetAndMetadata(end.get(p)))));
        }
        return new Result(replayed, left);
    }

    /** The topic of an origin written as {@code topic-partition@offset}. */
    static String topicOf(String origin) {
        String topicPartition = origin.substring(0, origin.lastIndexOf('@'));
        return topicPartition.substring(0, topicPartition.lastIndexOf('-'));
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    public static void main(String[] args) {
        String bootstrap = System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
        String consumer = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--bootstrap-servers" -> bootstrap = args[++i];
                case "--consumer" -> consumer = args[++i];
                default -> {
                    System.err.println("usage: DeadLetterReplay [--bootstrap-servers HOST:PORT] [--consumer NAME]");
                    System.exit(2);
                }
            }
        }
        Result result = replay(bootstrap, consumer);
        System.out.printf("replayed %d dead letters%s%n", result.replayed(),
                result.left() > 0 ? " (" + result.left() + " of other consumers left)" : "");
    }
}
