package org.doorstep.common.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.doorstep.common.security.Caller;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Writes the audit trail in the transaction of the change, so an entry exists if and only if the change does.
 * Never pass a phone number or a handoff code in {@code detail}.
 */
@ApplicationScoped
public class Audit {

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

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
