package org.doorstep.common.audit;

import java.util.Collection;
import java.util.Set;

/**
 * The volunteers who serve any of the buildings (the buildings they registered for, the same list dispatch checks
 * before a volunteer may carry there), in the service that keeps volunteers. A grid worker reads the audit entries
 * of the volunteers who serve their grids' buildings, and of no other.
 */
public interface ServingVolunteers {

    Set<Long> serving(Collection<Long> buildingIds);
}
