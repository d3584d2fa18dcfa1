package org.doorstep.common.inbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.doorstep.common.jdbc.MultiRowInsert;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDateTime;
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

    @Inject
    DataSource dataSource;

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
        // Plain JDBC on the transaction's connection: a native query whose parameter count follows the batch size
        // would leave a parsed statement for every size in Hibernate's plan cache.
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        try (Connection connection = dataSource.getConnection()) {
            MultiRowInsert.insert(connection, "insert into processed_event (consumer, event_id, processed_at)", 3,
                    ids.stream().map(id -> new Object[] {consumer, id, now}).toList());
        } catch (SQLException e) {
            throw new IllegalStateException("could not record " + ids.size() + " event ids", e);
        }
        return ids.stream().map(UUID::fromString).collect(Collectors.toUnmodifiableSet());
    }
}
