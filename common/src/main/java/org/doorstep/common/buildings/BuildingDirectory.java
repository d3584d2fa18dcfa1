package org.doorstep.common.buildings;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.doorstep.common.audit.GridMap;
import org.doorstep.common.contracts.BuildingState;
import org.doorstep.common.contracts.BuildingStatus;
import org.doorstep.common.events.EventJson;
import org.doorstep.common.events.Topic;
import org.doorstep.common.events.EventEnvelope;
import org.doorstep.common.events.EventKeys;
import org.doorstep.common.inbox.EventConsumers;
import org.doorstep.common.inbox.EventHandler;
import org.doorstep.common.problem.DoorstepException;

import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A service's read-only copy of the buildings dispatch-service owns (table known_building, migration
 * db/buildings), fed by the doorstep.buildings topic. Used to refuse households and volunteers for buildings that do
 * not exist.
 */
@ApplicationScoped
@DefaultBean
public class BuildingDirectory implements GridMap {

    public record KnownBuilding(long buildingId, long compoundId, String name, BuildingStatus status, Long gridId) {
    }

    @Inject
    EntityManager em;

    @Inject
    EventConsumers consumers;

    @Inject
    EventJson json;

    /** Starts keeping the copy up to date; call once at start-up. */
    public void follow(String consumerGroup) {
        consumers.start(consumerGroup, List.of(Topic.BUILDINGS), new EventHandler() {
            @Override
            public boolean wants(String eventType) {
                return BuildingState.TYPE.equals(eventType);
            }

            @Override
            public void apply(EventEnvelope event) {
                BuildingDirectory.this.apply(json.payload(event, BuildingState.class));
            }
        });
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void apply(BuildingState state) {
        em.createNativeQuery("""
                        insert into known_building (building_id, compound_id, name, status, status_since, grid_id)
                        values (?1, ?2, ?3, ?4, ?5, ?6)
                        on duplicate key update compound_id = values(compound_id), name = values(name),
                            status = values(status), status_since = values(status_since),
                            grid_id = values(grid_id)""")
                .setParameter(1, state.buildingId())
                .setParameter(2, state.compoundId())
                .setParameter(3, state.name())
                .setParameter(4, state.status().name())
                .setParameter(5, state.statusSince().withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime())
                .setParameter(6, state.gridId())
                .executeUpdate();
    }

    /**
     * The key of an event about one of the building's orders ({@link EventKeys}); the building must be known, as every
     * building a household lives in is.
     */
    public String eventKey(long buildingId) {
        return eventKey(null, buildingId);
    }

    /** The same, with the building's compound if the caller already read it (null: read it here). */
    public String eventKey(Long compoundId, long buildingId) {
        if (compoundId != null) {
            return EventKeys.of(compoundId, buildingId);
        }
        long compound = find(buildingId).orElseThrow(() -> new IllegalStateException("building " + buildingId
                + " is not known here; its compound decides where its events go")).compoundId();
        return EventKeys.of(compound, buildingId);
    }

    public Optional<KnownBuilding> find(long buildingId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                        "select building_id, compound_id, name, status, grid_id from known_building where building_id = ?1")
                .setParameter(1, buildingId)
                .getResultList();
        return rows.stream().findFirst().map(row -> new KnownBuilding(((Number) row[0]).longValue(),
                ((Number) row[1]).longValue(), (String) row[2], BuildingStatus.valueOf((String) row[3]),
                row[4] == null ? null : ((Number) row[4]).longValue()));
    }

    @Override
    public Places placesOf(Collection<Long> gridIds) {
        if (gridIds.isEmpty()) {
            return Places.NONE;
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                        "select building_id, compound_id from known_building where grid_id in (?1)")
                .setParameter(1, gridIds)
                .getResultList();
        return new Places(rows.stream().map(row -> ((Number) row[0]).longValue()).collect(Collectors.toSet()),
                rows.stream().map(row -> ((Number) row[1]).longValue()).collect(Collectors.toSet()));
    }

    /** @throws DoorstepException 404 with a sentence saying the building is unknown (perhaps not yet here) */
    public KnownBuilding require(long buildingId) {
        return find(buildingId).orElseThrow(() -> DoorstepException.notFound("Building " + buildingId
                + " does not exist. If it was created a moment ago, try again in a few seconds."));
    }

}
