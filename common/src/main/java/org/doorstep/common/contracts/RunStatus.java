package org.doorstep.common.contracts;

public enum RunStatus {
    ASSIGNED, PICKED_UP, DONE
}
