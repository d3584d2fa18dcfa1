package org.doorstep.common.audit;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The audit trail as a chain of batches (migration db/audit/V0_6): a batch is the entries one transaction wrote, and
 * its hash is SHA-256 over the previous batch's hash, its own number and its entries in a canonical encoding (each
 * field as its length and UTF-8 bytes, null as "-", the time to the second, as it is written). {@link #verify}
 * recomputes the chain from the first batch.
 */
public final class AuditChain {

    /** The hash before the first batch. */
    public static final String GENESIS = "0".repeat(64);

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

    private AuditChain() {
    }

    /** One entry as it is stored (times in UTC, to the second). */
    public record Row(LocalDateTime at, String actor, String role, String action, String subjectType,
                      String subjectId, Long gridId, Long compoundId, Long buildingId, String detail) {

        Object[] columns(long batchId) {
            return new Object[] {at, actor, role, action, subjectType, subjectId, gridId, compoundId, buildingId,
                    detail, batchId};
        }
    }

    /** The insert of {@link Row#columns}. */
    static final String INSERT = "insert into audit_entry (at, actor, role, action, subject_type, subject_id,"
            + " grid_id, compound_id, building_id, detail, batch_id)";
    static final int WIDTH = 11;

    /** The hash of a batch of these entries, numbered so, after the batch whose hash is {@code previous}. */
    public static String hash(String previous, long batchId, List<Row> rows) {
        StringBuilder text = new StringBuilder(previous).append('|').append(batchId).append('|').append(rows.size());
        for (Row row : rows) {
            text.append('\n');
            field(text, SECONDS.format(row.at()));
            field(text, row.actor());
            field(text, row.role());
            field(text, row.action());
            field(text, row.subjectType());
            field(text, row.subjectId());
            field(text, row.gridId());
            field(text, row.compoundId());
            field(text, row.buildingId());
            field(text, row.detail());
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    private static void field(StringBuilder text, Object value) {
        if (value == null) {
            text.append('-');
            return;
        }
        String string = value.toString();
        text.append(string.getBytes(StandardCharsets.UTF_8).length).append(':').append(string);
    }

    /**
     * What a recomputation of the chain found: how many batches and chained entries, whether every batch's hash is what
     * its entries and the batch before make, and the first that is not (null when none). {@code unchained}: entries
     * written before the chain began, which it cannot vouch for.
     */
    public record Verification(long batches, long entries, boolean ok,
                               @Schema(nullable = true, description = "The first batch whose hash its entries and "
                                       + "the batch before do not make; none when the chain is whole")
                               Long firstBrokenBatch,
                               long unchained) {
    }

    /**
     * Recomputes the chain: batches in order, numbered without a gap from 1, each hash from its entries and the hash
     * recomputed for the batch before, the chain head naming the last. Reads the entries of one batch at a time.
     */
    public static Verification verify(Connection connection) throws SQLException {
        List<long[]> numbers = new ArrayList<>();
        List<String> hashes = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "select id, entries, hash from audit_batch order by id");
             ResultSet batch = select.executeQuery()) {
            while (batch.next()) {
                numbers.add(new long[] {batch.getLong(1), batch.getLong(2)});
                hashes.add(batch.getString(3));
            }
        }
        String previous = GENESIS;
        long entries = 0;
        Long broken = null;
        try (PreparedStatement select = connection.prepareStatement("select at, actor, role, action, subject_type,"
                + " subject_id, grid_id, compound_id, building_id, detail from audit_entry where batch_id = ?"
                + " order by id")) {
            for (int i = 0; i < numbers.size(); i++) {
                long batchId = numbers.get(i)[0];
                select.setLong(1, batchId);
                List<Row> rows = new ArrayList<>();
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        rows.add(new Row(row.getObject(1, LocalDateTime.class), row.getString(2), row.getString(3),
                                row.getString(4), row.getString(5), row.getString(6), row.getObject(7, Long.class),
                                row.getObject(8, Long.class), row.getObject(9, Long.class), row.getString(10)));
                    }
                }
                entries += rows.size();
                String recomputed = hash(previous, batchId, rows);
                if (broken == null && (batchId != i + 1 || rows.size() != numbers.get(i)[1]
                        || !recomputed.equals(hashes.get(i)))) {
                    broken = batchId;
                }
                previous = recomputed;
            }
        }
        long stray;
        try (PreparedStatement select = connection.prepareStatement("select count(*) from audit_entry e"
                + " where e.batch_id is not null and not exists (select 1 from audit_batch b where b.id = e.batch_id)");
             ResultSet row = select.executeQuery()) {
            row.next();
            stray = row.getLong(1);
        }
        if (broken == null && stray > 0) {
            // Entries naming a batch that does not exist: slipped in after the last batch, or their batch removed.
            broken = (long) numbers.size() + 1;
        }
        try (PreparedStatement select = connection.prepareStatement(
                "select batch_id, hash from audit_chain_head where id = 1");
             ResultSet head = select.executeQuery()) {
            if (broken == null && head.next() && (head.getLong(1) != numbers.size()
                    || !Objects.equals(head.getString(2), numbers.isEmpty() ? GENESIS : hashes.get(hashes.size() - 1)))) {
                // The last batches removed: the head still names the last one written.
                broken = (long) numbers.size() + 1;
            }
        }
        long unchained;
        try (PreparedStatement select = connection.prepareStatement(
                "select count(*) from audit_entry where batch_id is null");
             ResultSet row = select.executeQuery()) {
            row.next();
            unchained = row.getLong(1);
        }
        return new Verification(numbers.size(), entries, broken == null, broken, unchained);
    }

    /**
     * Appends one batch on the transaction's connection: takes the chain head's row (writers take turns here, only
     * for the moment of the commit), writes the entries numbered with the next batch, the batch and the new head.
     */
    static void append(Connection connection, List<Row> rows, LocalDateTime now) throws SQLException {
        long last;
        String previous;
        try (PreparedStatement select = connection.prepareStatement(
                "select batch_id, hash from audit_chain_head where id = 1 for update");
             ResultSet head = select.executeQuery()) {
            if (!head.next()) {
                throw new SQLException("audit_chain_head has no row: migration db/audit/V0_6 did not run");
            }
            last = head.getLong(1);
            previous = head.getString(2);
        }
        long batchId = last + 1;
        String hash = hash(previous, batchId, rows);
        org.doorstep.common.jdbc.MultiRowInsert.insert(connection, INSERT, WIDTH,
                rows.stream().map(row -> row.columns(batchId)).toList());
        try (PreparedStatement insert = connection.prepareStatement(
                "insert into audit_batch (id, entries, hash, written_at) values (?, ?, ?, ?)")) {
            insert.setLong(1, batchId);
            insert.setInt(2, rows.size());
            insert.setString(3, hash);
            insert.setObject(4, now);
            insert.executeUpdate();
        }
        try (PreparedStatement update = connection.prepareStatement(
                "update audit_chain_head set batch_id = ?, hash = ? where id = 1")) {
            update.setLong(1, batchId);
            update.setString(2, hash);
            update.executeUpdate();
        }
    }
}
