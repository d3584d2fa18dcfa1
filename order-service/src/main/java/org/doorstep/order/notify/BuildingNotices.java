package org.doorstep.order.notify;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.doorstep.common.contracts.BuildingState;
import org.doorstep.common.events.EventEnvelope;
import org.doorstep.common.events.EventJson;
import org.doorstep.common.events.Topic;
import org.doorstep.common.inbox.EventConsumers;
import org.doorstep.common.inbox.EventHandler;

import java.util.List;

/**
 * Tells a building's households when its status changes (sealed, controlled, precaution, lifted), from
 * doorstep.buildings in a consumer group of its own. A building's first state seen is only remembered: a new
 * deployment reading the compacted topic from the start tells nobody of old news.
 */
@ApplicationScoped
public class BuildingNotices implements EventHandler {

    @Inject
    EventConsumers consumers;

    @Inject
    EventJson json;

    @Inject
    EntityManager em;

    @Inject
    Notifications notifications;

    void start(@Observes StartupEvent event) {
        consumers.start("order-service.building-notices", List.of(Topic.BUILDINGS), this);
    }

    @Override
    public boolean wants(String eventType) {
        return BuildingState.TYPE.equals(eventType);
    }

    @Override
    public void apply(EventEnvelope event) {
        BuildingState state = json.payload(event, BuildingState.class);
        @SuppressWarnings("unchecked")
        List<String> seen = em.createNativeQuery(
                        "select status from notice_building_status where building_id = ?1 for update")
                .setParameter(1, state.buildingId()).getResultList();
        if (!seen.isEmpty() && seen.get(0).equals(state.status().name())) {
            return;
        }
        em.createNativeQuery("insert into notice_building_status (building_id, status) values (?1, ?2)"
                        + " on duplicate key update status = values(status)")
                .setParameter(1, state.buildingId()).setParameter(2, state.status().name()).executeUpdate();
        if (!seen.isEmpty()) {
            notifications.buildingChanged(state.buildingId(), state.compoundId(), Kind.ofBuilding(state.status()),
                    state.statusSince());
        }
    }
}
