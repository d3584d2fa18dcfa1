package org.doorstep.common.security;

/**
 * Who a caller is, from the {@code groups} claim of their token. Resources name them in
 * {@code @RolesAllowed}; the access-matrix tests prove each endpoint's list.
 */
public enum Role {
    /** Subject: the resident's account; owns the households it registered. */
    RESIDENT,
    /** Subject: the volunteer's id as volunteer-service gave it. */
    VOLUNTEER,
    /** Subject: the grid worker; claim {@code grids}: the ids of the grids they serve. */
    GRID_WORKER,
    /** Everything a grid worker may do, everywhere; compounds, grids and buildings. */
    ADMIN
}
