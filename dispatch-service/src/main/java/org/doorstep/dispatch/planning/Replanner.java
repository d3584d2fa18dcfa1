package org.doorstep.dispatch.planning;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.doorstep.common.BackgroundLoop;
import org.doorstep.common.Failures;
import org.doorstep.common.contracts.DispatchStatus;
import org.doorstep.dispatch.model.DispatchOrder;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * Plans buildings outside the request or event that made them worth planning: after a handoff freed a place on a
 * volunteer's back, and, now and then, every building with queued orders (meals whose window comes near, volunteers
 * whose fitness changed with time alone). One thread does it, each building in its own transaction, so a hundred
 * handoffs in a second plan a building once, and a volunteer's handoff does not wait for planning or hold its locks.
 * A wish lost in a crash costs at most one tick; a plan that lost a race is tried again in the next round (within a
 * second).
 */
@ApplicationScoped
public class Replanner {

    private static final Logger LOG = Logger.getLogger(Replanner.class);

    @Inject
    Dispatcher dispatcher;

    @Inject
    TransactionSynchronizationRegistry transactions;

    /** Sorted: planners lock buildings, always in the same order. */
    private final ConcurrentSkipListSet<Long> waiting = new ConcurrentSkipListSet<>();
    private final BackgroundLoop loop = new BackgroundLoop("replanner", Duration.ofSeconds(1), this::planWaiting);

    void start(@Observes StartupEvent event) {
        loop.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        loop.stop();
    }

    /** Plans the buildings soon after the current transaction commits (not at all if it rolls back). */
    public void planAfterCommit(Collection<Long> buildingIds) {
        List<Long> buildings = List.copyOf(buildingIds);
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    plan(buildings);
                }
            }
        });
    }

    private void plan(Collection<Long> buildingIds) {
        waiting.addAll(buildingIds);
        loop.wake();
    }

    @Scheduled(every = "${doorstep.dispatch.tick:20s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        List<Long> buildings = QuarkusTransaction.requiringNew().call(() -> DispatchOrder.getEntityManager()
                .createQuery("select distinct o.buildingId from DispatchOrder o where o.status = :queued", Long.class)
                .setParameter("queued", DispatchStatus.QUEUED).getResultList());
        LOG.debugf("Tick: planning %s buildings with queued orders", buildings.size());
        plan(buildings);
    }

    private void planWaiting() {
        // A building whose plan failed is tried again in the next round, after every other waiting building: put
        // back at once, the lowest id would come first again and again, and the others would never be planned.
        Set<Long> again = new TreeSet<>();
        Long building;
        while (loop.running() && (building = waiting.pollFirst()) != null) {
            long id = building;
            try {
                QuarkusTransaction.requiringNew().run(() -> dispatcher.plan(id));
            } catch (RuntimeException e) {
                if (Failures.mayPass(e)) {
                    LOG.debugf("Planning building %s failed (%s); again in the next round", id, Failures.describe(e));
                    again.add(id);
                } else {
                    LOG.warnf(e, "Planning building %s failed; it waits for the next tick", id);
                }
            }
        }
        waiting.addAll(again);
    }
}
