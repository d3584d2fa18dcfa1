package org.doorstep.testkit;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.Exit;

/** A real single-node KRaft Kafka broker (broker and controller in one), running inside the test JVM. */
public final class KafkaBroker implements AutoCloseable {

    private final KafkaClusterTestKit cluster;

    private KafkaBroker(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    public static KafkaBroker start() throws Exception {
        // Kafka deletes the broker's temporary folders in a shutdown hook of its own, while the broker may still run;
        // a broker that loses its log folder halts the JVM with a non-zero code, and Surefire then reports a failed
        // fork after every test passed. In a test JVM, Kafka does not end the process; it says why it wanted to.
        Exit.setHaltProcedure(onlySay("halt"));
        Exit.setExitProcedure(onlySay("exit"));
        KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "3")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("num.partitions", "3")
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        // No shutdown hook: closing a broker while the JVM exits can end in Kafka halting the JVM with a non-zero code,
        // which Surefire reports as a failed fork after every test passed. The broker's threads die with the JVM.
        return new KafkaBroker(cluster);
    }

    private static Exit.Procedure onlySay(String what) {
        return (code, message) -> System.err.println("Kafka asked to " + what + " (" + code + "): " + message);
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    @Override
    public void close() {
        try {
            cluster.close();
        } catch (Exception ignored) {
            // closing twice (test end, then JVM exit) is fine
        }
    }
}
