package org.doorstep.common.contracts;

/** A building's lockdown level (DESIGN.md, "Building status drives everything"). */
public enum BuildingStatus {
    /** 封控: nobody leaves the flat. */
    SEALED,
    /** 管控: nobody leaves the compound. */
    CONTROLLED,
    /** 防范: limited movement. */
    PRECAUTION,
    OPEN
}
