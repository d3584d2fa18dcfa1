package org.doorstep.common.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.inject.Inject;
import org.doorstep.common.contracts.Phones;
import org.doorstep.common.jdbc.MultiRowInsert;
import org.doorstep.common.security.Caller;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.List;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Writes the audit trail in the transaction of the change, so an entry exists if and only if the change does.
 * <p>
 * An entry names people and places by id (subject, actor, grid, compound, building), never by room or phone, so that
 * erasing a household's details never has to touch the trail. {@code detail} is what the code knows (ids, statuses,
 * counts) and is written as it is: never a room, a phone, a handoff code or a person's words in it. A person's words
 * (a reason, a note, a name they typed) go in {@code freeText}, which is written without phone numbers
 * ({@link Phones#withoutNumbers}).
 */
@ApplicationScoped
public class Audit {

    @Inject
    DataSource dataSource;

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
        AuditEntry entry = new AuditEntry();
        entry.at = OffsetDateTime.now(ZoneOffset.UTC);
        entry.actor = caller == null ? "system" : truncate(caller.subject(), 100);
        entry.role = caller == null ? "SYSTEM" : caller.role().name();
        entry.action = action;
        entry.subjectType = subjectType;
        entry.subjectId = String.valueOf(subjectId);
        entry.gridId = area.gridId();
        entry.compoundId = area.compoundId();
        entry.buildingId = area.buildingId();
        entry.detail = textOf(detail, freeText);
        entry.persist();
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
     * Writes many entries in one statement on the transaction's connection: an intake group of hundreds of orders
     * would otherwise spend a round trip on each entry (Hibernate cannot batch rows with generated ids).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordAll(List<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        LocalDateTime at = LocalDateTime.now(ZoneOffset.UTC);
        try (Connection connection = dataSource.getConnection()) {
            MultiRowInsert.insert(connection, "insert into audit_entry (at, actor, role, action, subject_type,"
                    + " subject_id, grid_id, compound_id, building_id, detail)", 10, entries.stream()
                    .map(e -> new Object[] {at, truncate(e.actor(), 100), e.role(), e.action(), e.subjectType(),
                            String.valueOf(e.subjectId()), e.area().gridId(), e.area().compoundId(),
                            e.area().buildingId(), textOf(e.detail(), e.freeText())})
                    .toList());
        } catch (SQLException e) {
            throw new IllegalStateException("could not write " + entries.size() + " audit entries", e);
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

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
