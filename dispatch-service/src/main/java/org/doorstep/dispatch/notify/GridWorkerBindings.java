package org.doorstep.dispatch.notify;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.doorstep.common.audit.Audit;
import org.doorstep.common.problem.DoorstepException;
import org.doorstep.common.security.Role;
import org.doorstep.common.wechat.BindingCodes;
import org.doorstep.common.wechat.OpenIds;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

/**
 * Where a grid worker's alerts go in WeChat (issue 15). The signed-in grid worker asks for a one-time binding code and
 * enters it once in the mini-program; the WeChat user who brings it is bound to them (until another code binds another
 * phone). Unlike volunteers' binding (volunteer-service), this mints no token: a grid worker signs in to Doorstep with
 * the identity provider only, and the binding decides nothing but where their alerts are sent. Codes and openids are
 * kept as HMACs (each under a label of its own), the openid also sealed for the sends ({@link OpenIds}).
 *
 * <p>Guessing a code is bounded as volunteers' codes are: 31^8 codes, 24 hours each, and every try costs a fresh
 * wx.login code of a real WeChat user, which WeChat gives out one at a time.
 */
@ApplicationScoped
public class GridWorkerBindings {

    /** How long a binding code may be used. */
    public static final Duration CODE_LIFETIME = BindingCodes.LIFETIME;
    private static final String CODE_LABEL = "grid-worker-binding-code";
    static final String SUBJECT_TYPE = "GridWorker";

    @Schema(name = "GridWorkerBindingCode")
    public record IssuedCode(@Schema(description = "The one-time code to enter in the mini-program",
                                     example = "K7PM3QXA") String code,
                             OffsetDateTime expiresAt) {
    }

    @Inject
    EntityManager em;

    @Inject
    OpenIds openIds;

    @Inject
    Audit audit;

    /**
     * A new code for the grid worker, replacing any earlier one; their grids become those their token names now (the
     * grids whose alerts they are sent). The code itself is in the answer only.
     */
    @Transactional
    public IssuedCode issue(String subject, Set<Long> grids) {
        if (!openIds.configured()) {
            throw DoorstepException.unavailable("WeChat is not configured on this server; alerts stay on the "
                    + "console.", 3600);
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        OffsetDateTime expiresAt = now.plus(CODE_LIFETIME);
        String code = BindingCodes.newCode();
        // Delete, then insert: an upsert would also match another grid worker's row should the codes ever collide.
        em.createNativeQuery("delete from grid_worker_binding_code where subject = ?1").setParameter(1, subject)
                .executeUpdate();
        em.createNativeQuery("insert into grid_worker_binding_code (subject, code_hash, expires_at, created_at)"
                        + " values (?1, ?2, ?3, ?4)")
                .setParameter(1, subject)
                .setParameter(2, openIds.hash(CODE_LABEL, code))
                .setParameter(3, Timestamp.from(expiresAt.toInstant()))
                .setParameter(4, Timestamp.from(now.toInstant()))
                .executeUpdate();
        rememberGrids(subject, grids);
        audit.record("GRID_WORKER_WECHAT_BINDING_CODE_ISSUED", SUBJECT_TYPE, subject, Audit.Area.NOWHERE,
                "grids " + grids.stream().sorted().toList() + ", valid " + CODE_LIFETIME.toHours() + " h");
        return new IssuedCode(code, expiresAt);
    }

    /**
     * The grids as the token says now: a grid gone from it is no longer watched for them; a new one is watched from
     * the alert job's next look (what it finds older than the backlog is listed, not sent); one kept keeps its start.
     */
    private void rememberGrids(String subject, Set<Long> grids) {
        if (grids.isEmpty()) {
            em.createNativeQuery("delete from grid_worker_grid where subject = ?1").setParameter(1, subject)
                    .executeUpdate();
            return;
        }
        em.createNativeQuery("delete from grid_worker_grid where subject = ?1 and grid_id not in (?2)")
                .setParameter(1, subject).setParameter(2, List.copyOf(grids)).executeUpdate();
        for (Long grid : grids.stream().sorted().toList()) {
            em.createNativeQuery("insert into grid_worker_grid (subject, grid_id) values (?1, ?2)"
                            + " on duplicate key update grid_id = grid_id")
                    .setParameter(1, subject).setParameter(2, grid).executeUpdate();
        }
    }

    /**
     * The grid worker the WeChat user is: with a binding code that is valid, the code's grid worker (the code is used
     * up and the user bound to them); without one, the grid worker the user is bound to. Otherwise 401 of type
     * {@code urn:doorstep:wechat:not-bound}. Runs in the caller's transaction.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public String gridWorkerOf(String openId, String bindingCode) {
        String openIdHash = openIds.hash(openId);
        if (bindingCode != null && !bindingCode.isBlank()) {
            return bind(openId, openIdHash, BindingCodes.normalised(bindingCode));
        }
        @SuppressWarnings("unchecked")
        List<String> bound = em.createNativeQuery("select subject from wechat_grid_worker where openid_hash = ?1")
                .setParameter(1, openIdHash).getResultList();
        if (bound.isEmpty()) {
            throw notBound("This WeChat user is not bound to a grid worker; sign in to the console, ask for a binding "
                    + "code (POST /api/grid-workers/wechat-binding) and enter it once.");
        }
        return bound.get(0);
    }

    private String bind(String openId, String openIdHash, String code) {
        // Locked while used: two binds with one code bind once, and the second finds it gone.
        @SuppressWarnings("unchecked")
        List<String> rows = em.createNativeQuery("select subject from grid_worker_binding_code where code_hash = ?1"
                        + " and expires_at > ?2 for update")
                .setParameter(1, openIds.hash(CODE_LABEL, code))
                .setParameter(2, Timestamp.from(OffsetDateTime.now(ZoneOffset.UTC).toInstant()))
                .getResultList();
        if (rows.isEmpty()) {
            throw notBound("The binding code is wrong, used or expired (a code lasts " + CODE_LIFETIME.toHours()
                    + " hours); ask for a new one on the console.");
        }
        String subject = rows.get(0);
        em.createNativeQuery("delete from grid_worker_binding_code where subject = ?1").setParameter(1, subject)
                .executeUpdate();
        // One WeChat user per grid worker, and one grid worker per WeChat user: a new binding replaces the old.
        em.createNativeQuery("delete from wechat_grid_worker where subject = ?1 or openid_hash = ?2")
                .setParameter(1, subject).setParameter(2, openIdHash).executeUpdate();
        em.createNativeQuery("insert into wechat_grid_worker (openid_hash, subject, openid_sealed, bound_at)"
                        + " values (?1, ?2, ?3, ?4)")
                .setParameter(1, openIdHash).setParameter(2, subject).setParameter(3, openIds.seal(openId))
                .setParameter(4, Timestamp.from(OffsetDateTime.now(ZoneOffset.UTC).toInstant()))
                .executeUpdate();
        // Nobody is signed in here: the grid worker binding themself is the actor.
        audit.recordAll(List.of(new Audit.Entry(subject, Role.GRID_WORKER.name(), "GRID_WORKER_WECHAT_BOUND",
                SUBJECT_TYPE, subject, Audit.Area.NOWHERE, "a WeChat user bound for alerts")));
        return subject;
    }

    private static DoorstepException notBound(String detail) {
        return DoorstepException.unauthorized("urn:doorstep:wechat:not-bound", "Not bound to a grid worker", detail);
    }
}
