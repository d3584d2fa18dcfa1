package org.doorstep.dispatch.planning;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.doorstep.common.audit.Audit;
import org.doorstep.dispatch.model.DispatchOrder;
import org.doorstep.dispatch.model.rules.DispatchRules;

/** Counts wrong handoff codes, so that a code cannot be guessed by trying them all. */
@ApplicationScoped
public class WrongCodes {

    @Inject
    Audit audit;

    @Inject
    Areas areas;

    /**
     * Counts one wrong code in a transaction of its own: the handoff itself is refused (and rolled back), the count
     * stays.
     *
     * @return whether the order's handoff is now locked
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean count(long orderId, long runId) {
        DispatchOrder order = DispatchOrder.findById(orderId);
        order.wrongCodes++;
        order.handoffLocked = DispatchRules.handoffLocked(order.wrongCodes);
        audit.record(order.handoffLocked ? "HANDOFF_LOCKED" : "HANDOFF_WRONG_CODE", "Order", orderId,
                areas.areaOf(order.buildingId), "run " + runId + ", wrong code " + order.wrongCodes + " of "
                        + DispatchRules.WRONG_CODES_BEFORE_LOCK);
        return order.handoffLocked;
    }
}
