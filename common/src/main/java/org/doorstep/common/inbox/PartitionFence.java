package org.doorstep.common.inbox;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * One writer per partition, enforced by the database. An instance that is handed a partition takes it with a new
 * epoch; every transaction that applies the partition's events moves its offset forward only while that epoch is
 * still the partition's. An instance paused past its session and resumed still believes it holds its old partitions:
 * its next commit finds a newer epoch and is refused, whatever Kafka has not yet told it.
 */
@ApplicationScoped
public class PartitionFence {

    @Inject
    DataSource dataSource;

    /** What an instance holds of one partition: the epoch it took it with, and where to go on reading (or -1). */
    public record Hold(long epoch, long nextOffset) {
    }

    /** A partition was taken by another instance since this one took it: none of this transaction may commit. */
    public static final class FencedOut extends RuntimeException {
        public FencedOut(String message) {
            super(message);
        }
    }

    /**
     * Takes the partitions for this instance, in a transaction of its own: raises each one's epoch, which refuses
     * the commits of whoever held it before.
     *
     * @return per partition number, the epoch taken and the offset stored by the last holder
     */
    public Map<Integer, Hold> take(String group, String topic, Collection<Integer> partitions) {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection connection = dataSource.getConnection()) {
                try (PreparedStatement insert = connection.prepareStatement(
                        "insert into consumer_partition (consumer_group, topic, partition_no, next_offset, epoch) "
                                + "values " + rows(partitions.size(), "(?, ?, ?, -1, 1)")
                                + " on duplicate key update epoch = epoch + 1")) {
                    int i = 1;
                    for (int partition : partitions) {
                        insert.setString(i++, group);
                        insert.setString(i++, topic);
                        insert.setInt(i++, partition);
                    }
                    insert.executeUpdate();
                }
                Map<Integer, Hold> held = new HashMap<>();
                try (PreparedStatement select = connection.prepareStatement(
                        "select partition_no, epoch, next_offset from consumer_partition where consumer_group = ? "
                                + "and topic = ? and partition_no in (" + rows(partitions.size(), "?") + ")")) {
                    int i = 1;
                    select.setString(i++, group);
                    select.setString(i++, topic);
                    for (int partition : partitions) {
                        select.setInt(i++, partition);
                    }
                    try (ResultSet rs = select.executeQuery()) {
                        while (rs.next()) {
                            held.put(rs.getInt(1), new Hold(rs.getLong(2), rs.getLong(3)));
                        }
                    }
                }
                return held;
            }
        });
    }

    /**
     * In the caller's transaction, which applied events of these partitions: moves their stored offsets forward,
     * one statement whatever their number.
     *
     * @param nextOffsets per partition number, the offset after the last record applied
     * @param epochs      per partition number, the epoch this instance took it with
     * @throws FencedOut when another instance took one of them since: the caller's transaction must roll back
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void advance(String group, String topic, Map<Integer, Long> nextOffsets, Map<Integer, Long> epochs) {
        if (nextOffsets.isEmpty()) {
            return;
        }
        List<Integer> partitions = new ArrayList<>(nextOffsets.keySet());
        for (int partition : partitions) {
            if (!epochs.containsKey(partition)) {
                throw new FencedOut(group + " does not hold " + topic + "-" + partition);
            }
        }
        StringJoiner cases = new StringJoiner(" ", "case partition_no ", " end");
        partitions.forEach(p -> cases.add("when ? then ?"));
        String sql = "update consumer_partition set next_offset = greatest(next_offset, " + cases + ") "
                + "where consumer_group = ? and topic = ? and (" + rows(partitions.size(), "(partition_no = ? and epoch = ?)", " or ") + ")";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement(sql)) {
            int i = 1;
            for (int partition : partitions) {
                update.setInt(i++, partition);
                update.setLong(i++, nextOffsets.get(partition));
            }
            update.setString(i++, group);
            update.setString(i++, topic);
            for (int partition : partitions) {
                update.setInt(i++, partition);
                update.setLong(i++, epochs.get(partition));
            }
            // The driver reports rows found, not rows changed: a partition whose epoch moved on is the one missing.
            int held = update.executeUpdate();
            if (held != partitions.size()) {
                throw new FencedOut(group + " lost " + (partitions.size() - held) + " of " + topic + " partitions "
                        + partitions + " to another instance");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not store the offsets of " + topic + " " + partitions, e);
        }
    }

    private static String rows(int count, String row) {
        return rows(count, row, ", ");
    }

    private static String rows(int count, String row, String separator) {
        StringJoiner joined = new StringJoiner(separator);
        for (int i = 0; i < count; i++) {
            joined.add(row);
        }
        return joined.toString();
    }
}
