package org.doorstep.common.audit;

import java.util.Collection;
import java.util.Set;

/** Which compounds lie (at least partly) in which grids, as far as this service knows its buildings. */
public interface GridMap {

    Set<Long> compoundsOf(Collection<Long> gridIds);
}
