package org.doorstep.common.contracts;

public enum TestResult {
    NEGATIVE, POSITIVE
}
