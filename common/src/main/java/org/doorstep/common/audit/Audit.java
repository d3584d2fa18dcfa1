package org.doorstep.common.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import org.doorstep.common.contracts.Phones;
import org.doorstep.common.security.Caller;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the audit trail in the transaction of the change, so an entry exists if and only if the change does.
 * <p>
 * An entry names people and places by id (subject, actor, grid, compound, building), never by room or phone, so that
 * erasing a household's details never has to touch the trail. {@code detail} is what the code knows (ids, statuses,
 * counts) and is written as it is: never a room, a phone, a handoff code or a person's words in it. A person's words
 * (a reason, a note, a name they typed) go in {@code freeText}, which is written without phone numbers
 * ({@link Phones#withoutNumbers}).
 * <p>
 * The trail is append-only (the database refuses an update or delete, migration db/audit/V0_6) and chained: the
 * entries of one transaction are one batch of {@link AuditChain}, written as it commits.
 */
@ApplicationScoped
public class Audit {

    @Inject
    DataSource dataSource;

    @Inject
    TransactionSynchronizationRegistry transactions;

    /** Where a change happened, for reading the trail by area; any part may be null. */
    public record Area(Long gridId, Long compoundId, Long buildingId) {

        public static Area building(Long gridId, Long compoundId, long buildingId) {
            return new Area(gridId, compoundId, buildingId);
        }

        public static Area compound(long compoundId) {
            return new Area(null, compoundId, null);
        }

        public static Area grid(long gridId) {
            return new Area(gridId, null, null);
        }

        public static final Area NOWHERE = new Area(null, null, null);
    }

    /** The subject type of entries about a volunteer, read by the grid workers of the buildings they serve. */
    public static final String VOLUNTEER = "Volunteer";

    /** An entry whose detail is all facts (ids, statuses, counts). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(String action, String subjectType, Object subjectId, Area area, String detail) {
        record(action, subjectType, subjectId, area, detail, null);
    }

    /**
     * An entry with a person's words after its facts ("SEALED -> OPEN: " and the reason), written without phone
     * numbers.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(String action, String subjectType, Object subjectId, Area area, String detail,
                       String freeText) {
        Caller caller = Caller.current();
        rowsOfThisTransaction().add(row(now(), caller == null ? "system" : caller.subject(),
                caller == null ? "SYSTEM" : caller.role().name(), new Entry(null, null, action, subjectType,
                        subjectId, area, detail, freeText)));
    }

    /**
     * An entry made on a thread that serves no request (an intake group), naming its actor itself; {@code detail} and
     * {@code freeText} as in {@link #record(String, String, Object, Area, String, String)}.
     */
    public record Entry(String actor, String role, String action, String subjectType, Object subjectId, Area area,
                        String detail, String freeText) {

        /** An entry whose detail is all facts. */
        public Entry(String actor, String role, String action, String subjectType, Object subjectId, Area area,
                     String detail) {
            this(actor, role, action, subjectType, subjectId, area, detail, null);
        }
    }

    /**
     * Many entries of one transaction (an intake group of hundreds of orders): with the transaction's other entries,
     * they are written at its commit in one statement and one batch of the chain.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordAll(List<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        LocalDateTime at = now();
        List<AuditChain.Row> rows = rowsOfThisTransaction();
        for (Entry e : entries) {
            rows.add(row(at, e.actor(), e.role(), e));
        }
    }

    private static AuditChain.Row row(LocalDateTime at, String actor, String role, Entry e) {
        return new AuditChain.Row(at, truncate(actor, 100), role, e.action(), e.subjectType(),
                String.valueOf(e.subjectId()), e.area().gridId(), e.area().compoundId(), e.area().buildingId(),
                textOf(e.detail(), e.freeText()));
    }

    /**
     * Now in UTC, to the second: the chain hashes what is stored, and the MySQL driver drops the fraction of a second
     * when the server is MariaDB (which it takes for a MySQL 5.5), so a finer time would hash apart from the stored one.
     */
    private static LocalDateTime now() {
        return LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
    }

    /**
     * The entries of this transaction, appended as one batch of the chain ({@link AuditChain}) just before it commits:
     * the chain head is then locked only for the moment of the commit, and a transaction that rolls back writes none.
     */
    @SuppressWarnings("unchecked")
    private List<AuditChain.Row> rowsOfThisTransaction() {
        List<AuditChain.Row> rows = (List<AuditChain.Row>) transactions.getResource(Audit.class);
        if (rows == null) {
            List<AuditChain.Row> pending = new ArrayList<>();
            transactions.putResource(Audit.class, pending);
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                    if (transactions.getTransactionStatus() == Status.STATUS_ACTIVE && !pending.isEmpty()) {
                        append(pending);
                    }
                }

                @Override
                public void afterCompletion(int status) {
                }
            });
            rows = pending;
        }
        return rows;
    }

    private void append(List<AuditChain.Row> rows) {
        try (Connection connection = dataSource.getConnection()) {
            AuditChain.append(connection, rows, now());
        } catch (SQLException e) {
            // Thrown from here, the transaction rolls back: no change commits without its entries.
            throw new IllegalStateException("could not write " + rows.size() + " audit entries", e);
        }
    }

    private static String textOf(String facts, String freeText) {
        String text = detail(facts, freeText);
        return text == null ? null : truncate(text, 1000);
    }

    /** The facts, then the words without phone numbers. */
    static String detail(String facts, String freeText) {
        if (freeText == null || freeText.isBlank()) {
            return facts;
        }
        String words = Phones.withoutNumbers(freeText.trim());
        return facts == null || facts.isEmpty() ? words : facts + ": " + words;
    }

    /** At most {@code max} chars, never half of a character: a lone surrogate would be stored as "?" and hash apart. */
    private static String truncate(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end);
    }
}
