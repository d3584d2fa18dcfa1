package org.doorstep.common.contracts;

/**
 * A phone number as anyone but its household and their grid worker sees it: 13812345678 becomes 138****5678; and free
 * text with the numbers taken out, for the audit trail.
 */
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

    /** A reason or note typed by a person: whatever looks like a phone number stays out of the audit trail. */
    public static String withoutNumbers(String text) {
        return text == null ? null : text.replaceAll("\\+?\\d[\\d ()-]{3,}\\d", "[number]");
    }
}
