package org.doorstep.common.notify;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.doorstep.common.problem.DoorstepException;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The subscribe-message consents people (residents, volunteers) gave in WeChat, in the table wechat_consent
 * (order-service V9, common db/notify/V0_10): each accepted request allows one message of that template. A consent is
 * taken when a message is about to be sent with it, and given back if the send did not reach WeChat
 * ({@link NoticeSender}), so a message WeChat never got spends none.
 */
@ApplicationScoped
public class Consents {

    /** What WeChat's wx.requestSubscribeMessage answers per template; "ban" and "filter" allow nothing, like reject. */
    private static final Set<String> ANSWERS = Set.of("accept", "reject", "ban", "filter");

    @Inject
    EntityManager em;

    /** The WeChat template configured for each kind of message, by the kind's name; kinds without one are left out. */
    public static <K extends Enum<K>> Map<String, String> templates(K[] kinds,
                                                                    Function<K, Optional<String>> templateOf) {
        Map<String, String> templates = new TreeMap<>();
        for (K kind : kinds) {
            templateOf.apply(kind).ifPresent(id -> templates.put(kind.name(), id));
        }
        return templates;
    }

    /**
     * Records what the person answered in WeChat, per template (POST /api/me/subscriptions): each "accept" allows one
     * more message of it. 400 for an answer WeChat does not give, 422 for a template not among {@code known}; then
     * nothing is recorded.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void answer(String account, Map<String, String> answers, Set<String> known) {
        if (answers == null || answers.isEmpty()) {
            throw DoorstepException.badRequest("Send at least one template id with \"accept\" or \"reject\".");
        }
        for (Map.Entry<String, String> answer : answers.entrySet()) {
            if (answer.getValue() == null || !ANSWERS.contains(answer.getValue())) {
                throw DoorstepException.badRequest("The answer for template " + answer.getKey()
                        + " must be \"accept\" or \"reject\".");
            }
            if (!known.contains(answer.getKey())) {
                throw DoorstepException.unprocessable("Template " + answer.getKey() + " is not one of this server's "
                        + "(GET /api/me/subscriptions lists them); nothing was recorded.");
            }
        }
        answers.forEach((template, answer) -> {
            if (answer.equals("accept")) {
                accept(account, template);
            }
        });
    }

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
