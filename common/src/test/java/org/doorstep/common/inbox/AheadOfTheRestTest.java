package org.doorstep.common.inbox;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Urgent medicine does not wait for the rest of its poll, and no partition's order changes on the way: what goes
 * first is each urgent event with everything before it in its partition.
 */
class AheadOfTheRestTest {

    private static ConsumerRecord<String, String> record(int partition, long offset) {
        return new ConsumerRecord<>("doorstep.orders", partition, offset, "key", "event");
    }

    @Test
    void an_urgent_event_goes_first_with_what_came_before_it_in_its_partition_only() {
        List<ConsumerRecord<String, String>> poll = List.of(record(0, 10), record(0, 11), record(0, 12),
                record(1, 5), record(1, 6), record(2, 7));
        List<Boolean> urgent = List.of(false, true, false, false, false, false);

        assertEquals(List.of(0, 1), EventConsumers.aheadOfTheRest(poll, urgent));
    }

    @Test
    void urgent_events_of_several_partitions_each_take_their_partitions_beginning() {
        List<ConsumerRecord<String, String>> poll = List.of(record(0, 10), record(0, 11), record(1, 5), record(1, 6),
                record(1, 7), record(2, 3));
        List<Boolean> urgent = List.of(true, false, false, true, false, false);

        assertEquals(List.of(0, 2, 3), EventConsumers.aheadOfTheRest(poll, urgent));
    }

    @Test
    void a_poll_without_urgent_events_is_applied_whole() {
        List<ConsumerRecord<String, String>> poll = List.of(record(0, 10), record(1, 5));

        assertEquals(List.of(), EventConsumers.aheadOfTheRest(poll, List.of(false, false)));
    }
}
