package org.doorstep.common.contracts;

/** A phone number as anyone but its household and their grid worker sees it: 13812345678 becomes 138****5678. */
public final class Phones {

    private Phones() {
    }

    public static String mask(String phone) {
        if (phone == null) {
            return null;
        }
        String digits = phone.replaceAll("[^0-9]", "");
        if (digits.length() < 7) {
            return "*".repeat(digits.length());
        }
        return digits.substring(0, 3) + "*".repeat(digits.length() - 7) + digits.substring(digits.length() - 4);
    }
}
