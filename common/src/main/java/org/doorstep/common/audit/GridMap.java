package org.doorstep.common.audit;

import java.util.Collection;
import java.util.Set;

/** Which buildings are in which grids now, as far as this service knows its buildings. */
public interface GridMap {

    /** The buildings now in the grids, and the compounds they stand in. */
    Places placesOf(Collection<Long> gridIds);

    record Places(Set<Long> buildings, Set<Long> compounds) {

        public static final Places NONE = new Places(Set.of(), Set.of());
    }
}
