package org.doorstep.volunteer.wechat;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.doorstep.common.audit.Audit;
import org.doorstep.common.problem.DoorstepException;
import org.doorstep.common.security.Role;
import org.doorstep.common.wechat.BindingCodes;
import org.doorstep.common.wechat.OpenIds;
import org.doorstep.volunteer.volunteer.Volunteer;
import org.doorstep.volunteer.volunteer.VolunteerAccess;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Which volunteer a WeChat user signs in as. A grid worker issues a one-time binding code for a volunteer; the first
 * WeChat sign-in that brings it binds that WeChat user to the volunteer, for good (until another code binds them
 * elsewhere). Codes and openids are kept only as HMACs ({@link OpenIds}).
 */
@ApplicationScoped
public class WeChatBindings {

    /** How long a binding code may be used. */
    public static final Duration CODE_LIFETIME = BindingCodes.LIFETIME;
    private static final String CODE_LABEL = "volunteer-binding-code";

    public record IssuedCode(String code, OffsetDateTime expiresAt) {
    }

    @Inject
    EntityManager em;

    @Inject
    OpenIds openIds;

    @Inject
    Audit audit;

    /** A new code for the volunteer, replacing any earlier one; the code itself is in the answer only. */
    @Transactional
    public IssuedCode issue(Volunteer volunteer) {
        if (!openIds.configured()) {
            throw DoorstepException.unavailable("WeChat sign-in is not configured on this server; volunteers sign in "
                    + "another way.", 3600);
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        OffsetDateTime expiresAt = now.plus(CODE_LIFETIME);
        String code = BindingCodes.newCode();
        // Delete, then insert: an upsert would also match another volunteer's row should the codes ever collide.
        em.createNativeQuery("delete from wechat_binding_code where volunteer_id = ?1").setParameter(1, volunteer.id)
                .executeUpdate();
        em.createNativeQuery("insert into wechat_binding_code (volunteer_id, code_hash, expires_at, created_at)"
                        + " values (?1, ?2, ?3, ?4)")
                .setParameter(1, volunteer.id)
                .setParameter(2, openIds.hash(CODE_LABEL, code))
                .setParameter(3, Timestamp.from(expiresAt.toInstant()))
                .setParameter(4, Timestamp.from(now.toInstant()))
                .executeUpdate();
        audit.record("WECHAT_BINDING_CODE_ISSUED", Audit.VOLUNTEER, volunteer.id, VolunteerAccess.areaOf(volunteer),
                "valid " + CODE_LIFETIME.toHours() + " h");
        return new IssuedCode(code, expiresAt);
    }

    /**
     * The volunteer the WeChat user signs in as: with a binding code that is valid, the code's volunteer (the code
     * is used up and the user bound to them); without one, the volunteer the user is bound to. Otherwise 401 of type
     * {@code urn:doorstep:wechat:not-bound}.
     */
    @Transactional
    public long volunteerOf(String openId, String bindingCode) {
        String openIdHash = openIds.hash(openId);
        long volunteerId;
        if (bindingCode != null && !bindingCode.isBlank()) {
            volunteerId = bind(openIdHash, BindingCodes.normalised(bindingCode));
        } else {
            List<?> bound = em.createNativeQuery("select volunteer_id from wechat_volunteer where openid_hash = ?1")
                    .setParameter(1, openIdHash).getResultList();
            if (bound.isEmpty()) {
                throw notBound("This WeChat user is not bound to a volunteer; ask your grid worker for a binding code "
                        + "and enter it once.");
            }
            volunteerId = ((Number) bound.get(0)).longValue();
        }
        // Run calls (issue 15) need the openid itself: kept sealed, opened only to send one; a volunteer bound before
        // it was kept gets it here, at their next sign-in.
        em.createNativeQuery("update wechat_volunteer set openid_sealed = ?1 where openid_hash = ?2")
                .setParameter(1, openIds.seal(openId)).setParameter(2, openIdHash).executeUpdate();
        return volunteerId;
    }

    private long bind(String openIdHash, String code) {
        // Locked while used: two sign-ins with one code bind once, and the second finds it gone.
        List<?> rows = em.createNativeQuery("select volunteer_id from wechat_binding_code where code_hash = ?1"
                        + " and expires_at > ?2 for update")
                .setParameter(1, openIds.hash(CODE_LABEL, code))
                .setParameter(2, Timestamp.from(OffsetDateTime.now(ZoneOffset.UTC).toInstant()))
                .getResultList();
        if (rows.isEmpty()) {
            throw notBound("The binding code is wrong, used or expired (a code lasts " + CODE_LIFETIME.toHours()
                    + " hours); ask your grid worker for a new one.");
        }
        long volunteerId = ((Number) rows.get(0)).longValue();
        em.createNativeQuery("delete from wechat_binding_code where volunteer_id = ?1").setParameter(1, volunteerId)
                .executeUpdate();
        // One WeChat user per volunteer: a new phone's binding replaces the old one's.
        em.createNativeQuery("delete from wechat_volunteer where volunteer_id = ?1 and openid_hash <> ?2")
                .setParameter(1, volunteerId).setParameter(2, openIdHash).executeUpdate();
        em.createNativeQuery("insert into wechat_volunteer (openid_hash, volunteer_id, bound_at) values (?1, ?2, ?3)"
                        + " on duplicate key update volunteer_id = values(volunteer_id), bound_at = values(bound_at)")
                .setParameter(1, openIdHash).setParameter(2, volunteerId)
                .setParameter(3, Timestamp.from(OffsetDateTime.now(ZoneOffset.UTC).toInstant()))
                .executeUpdate();
        Volunteer volunteer = Volunteer.findById(volunteerId);
        // Nobody is signed in yet: the volunteer binding themself is the actor.
        audit.recordAll(List.of(new Audit.Entry(String.valueOf(volunteerId), Role.VOLUNTEER.name(), "WECHAT_BOUND",
                Audit.VOLUNTEER, volunteerId, VolunteerAccess.areaOf(volunteer), "a WeChat user bound")));
        return volunteerId;
    }

    private static DoorstepException notBound(String detail) {
        return DoorstepException.unauthorized("urn:doorstep:wechat:not-bound", "Not bound to a volunteer", detail);
    }
}
