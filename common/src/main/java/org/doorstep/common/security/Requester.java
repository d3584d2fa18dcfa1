package org.doorstep.common.security;

import java.util.Set;

/**
 * The caller of a request, taken out of the request: work done for many requests at once on another thread (an
 * intake group) still answers each as its own caller. {@link Caller} asks its area question here, so it is one rule.
 */
public record Requester(String subject, Role role, Set<Long> grids) {

    /** Whether an ADMIN, or a GRID_WORKER serving the grid (null: a building in no grid, an admin's alone). */
    public boolean servesGrid(Long gridId) {
        return switch (role) {
            case ADMIN -> true;
            case GRID_WORKER -> gridId != null && grids.contains(gridId);
            default -> false;
        };
    }

    public boolean is(Role role) {
        return this.role == role;
    }
}
