package org.doorstep.common.inbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** Remembers which events a consumer has applied, inside the transaction that applies them. */
@ApplicationScoped
public class ProcessedEvents {

    @Inject
    EntityManager em;

    /**
     * Records the event ids of a batch (or of one event) in two statements, whatever its size.
     *
     * @return the ids this consumer had not seen before (unmodifiable); a concurrent consumer recording the same id
     * makes the insert fail rather than pass silently, so the batch is applied again one event at a time
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Set<UUID> markFirstSight(String consumer, Collection<UUID> eventIds) {
        Set<String> ids = eventIds.stream().map(UUID::toString).collect(Collectors.toCollection(LinkedHashSet::new));
        if (ids.isEmpty()) {
            return Set.of();
        }
        @SuppressWarnings("unchecked")
        List<String> seen = em.createNativeQuery(
                        "select event_id from processed_event where consumer = ?1 and event_id in (?2)")
                .setParameter(1, consumer)
                .setParameter(2, ids)
                .getResultList();
        seen.forEach(ids::remove);
        if (ids.isEmpty()) {
            return Set.of();
        }
        StringBuilder sql = new StringBuilder("insert into processed_event (consumer, event_id, processed_at) values ");
        for (int i = 0; i < ids.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(?1, ?").append(i + 3).append(", ?2)");
        }
        var insert = em.createNativeQuery(sql.toString())
                .setParameter(1, consumer)
                .setParameter(2, OffsetDateTime.now(ZoneOffset.UTC));
        int position = 3;
        for (String id : ids) {
            insert.setParameter(position++, id);
        }
        insert.executeUpdate();
        return ids.stream().map(UUID::fromString).collect(Collectors.toUnmodifiableSet());
    }
}
