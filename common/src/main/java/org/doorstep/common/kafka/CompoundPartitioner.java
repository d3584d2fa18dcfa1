package org.doorstep.common.kafka;

import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.utils.Utils;
import org.doorstep.common.events.EventKeys;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Chooses a record's partition from the compound part of its key ({@link EventKeys}), hashed as Kafka's default
 * partitioner hashes a whole key: {@code 17/42} goes where {@code 17} would, and where every other event of compound
 * 17 goes, on every topic with as many partitions.
 */
public class CompoundPartitioner implements Partitioner {

    @Override
    public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes,
                         Cluster cluster) {
        return partitionOf((String) key, cluster.partitionCountForTopic(topic));
    }

    /** The partition of a key among so many. */
    public static int partitionOf(String key, int partitions) {
        byte[] part = EventKeys.partitionPart(key).getBytes(StandardCharsets.UTF_8);
        return Utils.toPositive(Utils.murmur2(part)) % partitions;
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }

    @Override
    public void close() {
    }
}
