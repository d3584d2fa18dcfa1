package org.doorstep.common.inbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/** Remembers which events a consumer has applied, inside the transaction that applies them. */
@ApplicationScoped
public class ProcessedEvents {

    @Inject
    EntityManager em;

    /** @return true the first time this consumer sees the event id, false for a redelivery */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean markFirstSight(String consumer, UUID eventId) {
        int inserted = em.createNativeQuery(
                        "insert ignore into processed_event (consumer, event_id, processed_at) values (?1, ?2, ?3)")
                .setParameter(1, consumer)
                .setParameter(2, eventId.toString())
                .setParameter(3, OffsetDateTime.now(ZoneOffset.UTC))
                .executeUpdate();
        return inserted == 1;
    }
}
