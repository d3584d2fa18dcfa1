package org.doorstep.common.kafka;

import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.doorstep.common.events.EventKeys;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompoundPartitionerTest {

    @Test
    void every_event_of_a_compound_goes_to_the_partition_its_compound_id_would() {
        for (int partitions : new int[] {1, 12, 48}) {
            for (long compound = 1; compound <= 200; compound++) {
                int expected = BuiltInPartitioner.partitionForKey(
                        String.valueOf(compound).getBytes(StandardCharsets.UTF_8), partitions);
                assertEquals(expected, CompoundPartitioner.partitionOf(EventKeys.of(compound, 7), partitions));
                assertEquals(expected, CompoundPartitioner.partitionOf(EventKeys.of(compound, 123_456), partitions));
            }
        }
    }

    @Test
    void a_key_without_a_compound_is_hashed_whole_as_kafka_would() {
        assertEquals(BuiltInPartitioner.partitionForKey("42".getBytes(StandardCharsets.UTF_8), 12),
                CompoundPartitioner.partitionOf("42", 12));
    }

    @Test
    void compounds_spread_over_the_partitions() {
        Set<Integer> used = new HashSet<>();
        for (long compound = 1; compound <= 200; compound++) {
            used.add(CompoundPartitioner.partitionOf(EventKeys.of(compound, 1), 12));
        }
        assertTrue(used.size() == 12, "200 compounds use every one of 12 partitions: " + used);
    }
}
