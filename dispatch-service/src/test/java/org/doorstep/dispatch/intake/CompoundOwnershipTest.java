package org.doorstep.dispatch.intake;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.doorstep.common.events.EventKeys;
import org.doorstep.common.events.Topic;
import org.doorstep.common.kafka.CompoundPartitioner;
import org.doorstep.common.kafka.KafkaClients;
import org.doorstep.dispatch.WithFixture;
import org.doorstep.testkit.DoorstepTestServers;
import org.doorstep.testkit.EventProbe;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * A compound's events meet on one instance: its buildings' states leave dispatch keyed by compound and building, on
 * the compound's partition; and two instances of the group that reads orders and volunteers each hold the same
 * partition numbers of both topics.
 */
@QuarkusTest
@WithTestResource(value = DoorstepTestServers.class, scope = TestResourceScope.GLOBAL)
class CompoundOwnershipTest extends WithFixture {

    @Inject
    KafkaClients kafka;

    @Test
    void a_building_state_is_keyed_by_compound_and_building_on_the_compound_partition() {
        long compound = fixture.compound("Keyed Court");
        long building = fixture.building(compound, "Block A", "SEALED");

        ConsumerRecord<String, String> record = fixture.events.awaitRecord(Topic.BUILDINGS,
                r -> String.valueOf(building).equals(EventProbe.read(r.value()).aggregateId()), Duration.ofSeconds(20));

        assertNotNull(record, "BuildingState of building " + building);
        assertEquals(EventKeys.of(compound, building), record.key());
        int partitions = kafka.producer().partitionsFor(Topic.BUILDINGS.topicName()).size();
        assertEquals(CompoundPartitioner.partitionOf(String.valueOf(compound), partitions), record.partition());
    }

    @Test
    void two_instances_of_the_group_hold_the_same_partition_numbers_of_orders_and_volunteers() throws Exception {
        String group = "ownership-test-" + UUID.randomUUID();
        List<Topic> feeds = List.of(Topic.ORDERS, Topic.VOLUNTEERS);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Map<String, Set<Integer>>>> members = new ArrayList<>();
            CyclicBarrier bothLooked = new CyclicBarrier(2);
            for (int i = 0; i < 2; i++) {
                members.add(pool.submit(() -> assignmentOnceSettled(group, feeds, bothLooked)));
            }
            Set<Integer> all = new TreeSet<>();
            for (Future<Map<String, Set<Integer>>> member : members) {
                Map<String, Set<Integer>> held = member.get();
                Set<Integer> orders = held.get(Topic.ORDERS.topicName());
                assertFalse(orders.isEmpty(), "each member holds some partitions: " + held);
                assertEquals(orders, held.get(Topic.VOLUNTEERS.topicName()), "the same numbers of both topics");
                all.addAll(orders);
            }
            int partitions = kafka.producer().partitionsFor(Topic.ORDERS.topicName()).size();
            assertEquals(partitions, all.size(), "between them every partition: " + all);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Joins the group and polls until two members share it, then reports what this one holds per topic; leaves only
     * once the other member has looked too, so neither sees the partitions the other gives back.
     */
    private Map<String, Set<Integer>> assignmentOnceSettled(String group, List<Topic> topics, CyclicBarrier bothLooked)
            throws Exception {
        try (KafkaConsumer<String, String> consumer = kafka.consumer(group)) {
            consumer.subscribe(topics.stream().map(Topic::topicName).toList());
            int partitions = kafka.producer().partitionsFor(Topic.ORDERS.topicName()).size();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200));
                Set<TopicPartition> held = consumer.assignment();
                long ofOrders = held.stream().filter(p -> p.topic().equals(Topic.ORDERS.topicName())).count();
                if (!held.isEmpty() && ofOrders < partitions) {
                    // Polling on keeps this member in the group until the other one has seen its share too.
                    long settle = System.nanoTime() + Duration.ofSeconds(3).toNanos();
                    while (System.nanoTime() < settle) {
                        consumer.poll(Duration.ofMillis(200));
                    }
                    Map<String, Set<Integer>> mine = new TreeMap<>(consumer.assignment().stream().collect(
                            Collectors.groupingBy(TopicPartition::topic, Collectors.mapping(TopicPartition::partition,
                                    Collectors.toCollection(TreeSet::new)))));
                    bothLooked.await(60, java.util.concurrent.TimeUnit.SECONDS);
                    return mine;
                }
            }
            throw new AssertionError("no shared assignment within 60 s: " + consumer.assignment());
        }
    }
}
