package org.doorstep.dispatch.run;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.doorstep.common.contracts.DispatchStatus;
import org.doorstep.dispatch.order.DispatchOrder;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * Plans again, now and then, every building with queued orders: meals whose window comes near, volunteers whose
 * fitness changed with time alone. Events plan at once; this only catches what time changes.
 */
@ApplicationScoped
public class DispatchTicker {

    private static final Logger LOG = Logger.getLogger(DispatchTicker.class);

    @Inject
    Dispatcher dispatcher;

    @Scheduled(every = "${doorstep.dispatch.tick:20s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        List<Long> buildings = QuarkusTransaction.requiringNew().call(() -> DispatchOrder.getEntityManager()
                .createQuery("select distinct o.buildingId from DispatchOrder o where o.status = :queued", Long.class)
                .setParameter("queued", DispatchStatus.QUEUED).getResultList());
        LOG.debugf("Tick: planning %s buildings with queued orders", buildings.size());
        for (Long building : buildings.stream().sorted().toList()) {
            try {
                QuarkusTransaction.requiringNew().run(() -> dispatcher.plan(building));
            } catch (RuntimeException e) {
                LOG.warnf("Planning building %s failed (%s); the next tick tries again", building, e.toString());
            }
        }
    }
}
