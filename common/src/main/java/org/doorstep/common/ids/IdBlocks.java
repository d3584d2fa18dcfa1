package org.doorstep.common.ids;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * Hands out ids for a table's new rows from blocks reserved in the database (table {@code id_block}), so that rows
 * whose ids other rows refer to can be written in one multi-row statement: an auto-increment id is known only after
 * its own insert, a round trip per row. One round trip reserves a block; ids of a block a crashed instance did not use
 * are skipped, never given twice (instances reserve disjoint blocks by an atomic update).
 */
@ApplicationScoped
public class IdBlocks {

    /** Ids reserved at once: a block lasts a busy second of intake. */
    static final int BLOCK = 1000;

    private static final Pattern TABLE = Pattern.compile("[a-z_]{1,64}");

    @Inject
    DataSource dataSource;

    /**
     * Reserves blocks on a thread of its own: there is no transaction there, so the reservation commits at once and
     * stands even when the caller's transaction rolls back (two callers never get the same ids).
     */
    private final ExecutorService reserver = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "id-blocks");
        thread.setDaemon(true);
        return thread;
    });

    private final Map<String, long[]> blocks = new HashMap<>();

    /** The next id for a new row of the table (whose primary key column is {@code id}). */
    public synchronized long next(String table) {
        long[] block = blocks.get(table);
        if (block == null || block[0] >= block[1]) {
            block = reserve(table);
            blocks.put(table, block);
        }
        return block[0]++;
    }

    /** @return {first, end} of a new block, end exclusive */
    private long[] reserve(String table) {
        if (!TABLE.matcher(table).matches()) {
            throw new IllegalArgumentException("not a table name: " + table);
        }
        try {
            return CompletableFuture.supplyAsync(() -> {
                try (Connection connection = dataSource.getConnection()) {
                    connection.setAutoCommit(true);
                    // The first block of a table starts after the rows it already has.
                    try (PreparedStatement seed = connection.prepareStatement("insert ignore into id_block (name,"
                            + " next_id) select ?, coalesce(max(id), 0) + 1 from " + table)) {
                        seed.setString(1, table);
                        seed.executeUpdate();
                    }
                    try (PreparedStatement take = connection.prepareStatement(
                            "update id_block set next_id = last_insert_id(next_id + ?) where name = ?")) {
                        take.setInt(1, BLOCK);
                        take.setString(2, table);
                        take.executeUpdate();
                    }
                    try (PreparedStatement end = connection.prepareStatement("select last_insert_id()");
                         ResultSet row = end.executeQuery()) {
                        row.next();
                        long next = row.getLong(1);
                        return new long[] {next - BLOCK, next};
                    }
                } catch (SQLException e) {
                    throw new IllegalStateException("could not reserve ids for " + table, e);
                }
            }, reserver).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
    }
}
