package org.doorstep.order.erasure;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.doorstep.common.BackgroundLoop;
import org.doorstep.order.household.Household;
import org.jboss.logging.Logger;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Personal data has an end: once every building of a compound has been OPEN for {@link ErasureConfig#afterOpenDays}
 * days, the households registered before the last one opened are erased ({@link HouseholdErasure}). order-service
 * decides from its own copy of the buildings' states (the BuildingState events it reads anyway), so no other service
 * has to say that a lockdown ended; dispatch follows each household's {@code HouseholdErased}.
 * <p>
 * Every instance sweeps, on a schedule; a batch locks its households with SKIP LOCKED, so two instances erase
 * different households at once, never one twice, and a sweep that stops half-way is finished by the next. A
 * household registered after the compound opened is kept until a later lockdown ends; one whose order is out for
 * delivery waits until it is delivered or failed.
 */
@ApplicationScoped
public class LockdownEnd {

    private static final Logger LOG = Logger.getLogger(LockdownEnd.class);

    /** Who cancels the open orders of a household whose lockdown ended. */
    static final String BY = "system";

    @Inject
    ErasureConfig config;

    @Inject
    HouseholdErasure erasure;

    @Inject
    EntityManager em;

    private BackgroundLoop loop;

    void start(@Observes StartupEvent event) {
        loop = new BackgroundLoop("lockdown-end", config.interval(), this::sweepQuietly);
        loop.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        loop.stop();
    }

    /**
     * The compounds whose lockdown ended long enough ago, each with the moment its last building opened (UTC): every
     * building order-service knows of them is OPEN, the last since at least the configured days.
     */
    public Map<Long, LocalDateTime> endedCompounds() {
        LocalDateTime openSince = LocalDateTime.now(ZoneOffset.UTC).minusDays(config.afterOpenDays());
        @SuppressWarnings("unchecked")
        List<Object[]> rows = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                        "select compound_id, max(status_since) from known_building group by compound_id"
                                + " having sum(status <> 'OPEN') = 0 and max(status_since) <= ?1")
                .setParameter(1, openSince).getResultList());
        Map<Long, LocalDateTime> ended = new LinkedHashMap<>();
        for (Object[] row : rows) {
            ended.put(((Number) row[0]).longValue(), row[1] instanceof java.sql.Timestamp t ? t.toLocalDateTime()
                    : (LocalDateTime) row[1]);
        }
        return ended;
    }

    /** One round: erases every household due, a batch per transaction; answers how many it erased. */
    public int sweep() {
        int erased = 0;
        for (Map.Entry<Long, LocalDateTime> compound : endedCompounds().entrySet()) {
            int batch;
            do {
                batch = QuarkusTransaction.requiringNew().call(() -> eraseBatch(compound.getKey(),
                        compound.getValue()));
                erased += batch;
            } while (batch == config.batchSize() && (loop == null || loop.running()));
        }
        return erased;
    }

    private int eraseBatch(long compoundId, LocalDateTime openedAt) {
        @SuppressWarnings("unchecked")
        List<Number> ids = em.createNativeQuery("select h.id from household h where h.erased_at is null"
                        + " and h.created_at <= ?1"
                        + " and h.building_id in (select b.building_id from known_building b where b.compound_id = ?2)"
                        + " and not exists (select 1 from resident_order o where o.household_id = h.id"
                        + " and o.status = 'OUT_FOR_DELIVERY')"
                        + " order by h.id limit ?3 for update skip locked")
                .setParameter(1, openedAt).setParameter(2, compoundId).setParameter(3, config.batchSize())
                .getResultList();
        for (Number id : ids) {
            erasure.erase(Household.findById(id.longValue()), BY,
                    "lockdown of compound " + compoundId + " ended");
        }
        return ids.size();
    }

    private void sweepQuietly() {
        int erased = sweep();
        if (erased > 0) {
            LOG.infof("Lockdown end: erased %d households", erased);
        }
    }
}
