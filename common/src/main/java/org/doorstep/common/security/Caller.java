package org.doorstep.common.security;

import io.quarkus.arc.Arc;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.doorstep.common.problem.DoorstepException;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The person behind the current request, from their verified token: one role, a subject, and for a grid worker the
 * grids they serve. Area and ownership checks live here so that every resource asks the same question the same way.
 */
@RequestScoped
public class Caller {

    /** The claim that lists a grid worker's grid ids. */
    public static final String GRIDS_CLAIM = "grids";

    @Inject
    JsonWebToken token;

    /** The caller of the request on this thread, or null on a thread that serves no request (a consumer, a tick). */
    public static Caller current() {
        if (!Arc.container().requestContext().isActive()) {
            return null;
        }
        Caller caller = Arc.container().instance(Caller.class).get();
        return caller.signedIn() ? caller : null;
    }

    /** Whether the request carried a verified token (a method, not a field: callers hold a client proxy). */
    public boolean signedIn() {
        return token != null && token.getRawToken() != null;
    }

    public Role role() {
        Set<String> groups = token.getGroups();
        // A token names one role; should it name several, the strongest one counts.
        for (Role role : new Role[]{Role.ADMIN, Role.GRID_WORKER, Role.VOLUNTEER, Role.RESIDENT}) {
            if (groups.contains(role.name())) {
                return role;
            }
        }
        throw DoorstepException.forbidden("Your token names no Doorstep role.");
    }

    public boolean is(Role role) {
        return role() == role;
    }

    public String subject() {
        return token.getSubject();
    }

    /** How the caller appears in histories and the audit: "w1 (GRID_WORKER)". */
    public String actor() {
        return subject() + " (" + role() + ")";
    }

    public Set<Long> grids() {
        Object claim = token.getClaim(GRIDS_CLAIM);
        Set<Long> grids = new LinkedHashSet<>();
        if (claim instanceof Collection<?> values) {
            for (Object value : values) {
                Long id = asLong(value);
                if (id != null) {
                    grids.add(id);
                }
            }
        } else if (claim != null) {
            Long id = asLong(claim);
            if (id != null) {
                grids.add(id);
            }
        }
        return grids;
    }

    /** The volunteer id of a VOLUNTEER caller. */
    public long volunteerId() {
        try {
            return Long.parseLong(subject());
        } catch (NumberFormatException e) {
            throw DoorstepException.forbidden("A volunteer's token must have the volunteer's id as its subject.");
        }
    }

    /** Whether an ADMIN, or a GRID_WORKER serving the grid (null: a building in no grid, an admin's alone). */
    public boolean servesGrid(Long gridId) {
        return requester().servesGrid(gridId);
    }

    /** This caller as a value that outlives the request. */
    public Requester requester() {
        return new Requester(subject(), role(), grids());
    }

    /** 403 unless {@link #servesGrid}. */
    public void requireGrid(Long gridId) {
        if (!servesGrid(gridId)) {
            throw outsideArea();
        }
    }

    /** 403 unless the caller serves at least one of the grids. */
    public void requireAnyGrid(Collection<Long> gridIds) {
        if (!is(Role.ADMIN) && gridIds.stream().noneMatch(this::servesGrid)) {
            throw outsideArea();
        }
    }

    public static DoorstepException outsideArea() {
        return DoorstepException.forbidden("This is outside the grids you serve.");
    }

    private static Long asLong(Object value) {
        if (value instanceof Number number) {
            return number.longValue();
        }
        if (value instanceof jakarta.json.JsonNumber number) {
            return number.longValue();
        }
        String text = value instanceof jakarta.json.JsonString s ? s.getString() : String.valueOf(value);
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
