package org.doorstep.common.contracts;

public enum Vetting {
    PENDING, APPROVED, REJECTED
}
