package org.doorstep.common.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.inject.Inject;
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
 * Never pass a phone number or a handoff code in {@code detail}.
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

    @Transactional(Transactional.TxType.MANDATORY)
    public void record(String action, String subjectType, Object subjectId, Area area, String detail) {
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
        entry.detail = detail == null ? null : truncate(detail, 1000);
        entry.persist();
    }

    /** An entry made on a thread that serves no request (an intake group), naming its actor itself. */
    public record Entry(String actor, String role, String action, String subjectType, Object subjectId, Area area,
                        String detail) {
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
                            e.area().buildingId(), e.detail() == null ? null : truncate(e.detail(), 1000)})
                    .toList());
        } catch (SQLException e) {
            throw new IllegalStateException("could not write " + entries.size() + " audit entries", e);
        }
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
