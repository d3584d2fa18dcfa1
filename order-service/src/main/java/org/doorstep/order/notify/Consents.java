package org.doorstep.order.notify;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The subscribe-message consents residents gave in WeChat: each accepted request allows one message of that
 * template. A consent is taken when a message is about to be sent with it, and given back if the send did not reach
 * WeChat, so a message WeChat never got spends none.
 */
@ApplicationScoped
public class Consents {

    @Inject
    EntityManager em;

    @Transactional(Transactional.TxType.MANDATORY)
    public void accept(String account, String templateId) {
        em.createNativeQuery("insert into wechat_consent (account, template_id, remaining) values (?1, ?2, 1)"
                        + " on duplicate key update remaining = remaining + 1")
                .setParameter(1, account).setParameter(2, templateId).executeUpdate();
    }

    /** How many messages of each template the account still allows. */
    public Map<String, Integer> left(String account) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                        "select template_id, remaining from wechat_consent where account = ?1 and remaining > 0")
                .setParameter(1, account).getResultList();
        Map<String, Integer> left = new TreeMap<>();
        rows.forEach(row -> left.put((String) row[0], ((Number) row[1]).intValue()));
        return left;
    }

    /** Takes one consent; false when there is none left. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean take(String account, String templateId) {
        return em.createNativeQuery("update wechat_consent set remaining = remaining - 1"
                        + " where account = ?1 and template_id = ?2 and remaining > 0")
                .setParameter(1, account).setParameter(2, templateId).executeUpdate() == 1;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void giveBack(String account, String templateId) {
        accept(account, templateId);
    }

    /** WeChat says the resident allows none (43101): whatever was counted here is gone. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void noneLeft(String account, String templateId) {
        em.createNativeQuery("update wechat_consent set remaining = 0 where account = ?1 and template_id = ?2")
                .setParameter(1, account).setParameter(2, templateId).executeUpdate();
    }
}
