package org.doorstep.common.contracts;

public enum OrderCategory {
    FOOD, MEDICINE, MEAL
}
