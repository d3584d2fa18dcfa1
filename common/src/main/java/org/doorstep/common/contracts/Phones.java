package org.doorstep.common.contracts;

import java.util.regex.Pattern;

/**
 * A phone number as anyone but its household and their grid worker sees it: its digits (spaces, dashes and a plus
 * dropped), each shown as a star but for the last third, rounded, and at most four: 13812345678 becomes
 * {@code *******5678}, 1234567 becomes {@code *****67}. A number of fewer than seven digits shows none: so short, even
 * two digits would leave few enough to try. The length stays, so a volunteer can tell a mobile from a landline.
 * Also: free text with the numbers taken out, for the audit trail.
 */
public final class Phones {

    /** Numbers shorter than this show no digit. */
    static final int SHORTEST_SHOWN = 7;
    /** No number shows more digits than this. */
    static final int MOST_SHOWN = 4;

    private Phones() {
    }

    public static String mask(String phone) {
        if (phone == null) {
            return null;
        }
        String digits = phone.replaceAll("[^0-9]", "");
        int shown = shown(digits.length());
        return "*".repeat(digits.length() - shown) + digits.substring(digits.length() - shown);
    }

    /**
     * A phone that should already be masked, masked again under this rule: what another service sent or an older
     * version stored (which showed the first three and last four digits) shows no more than {@link #mask} would. The
     * length stays; of the last characters it may show, a digit stays and anything else becomes a star.
     * (dispatch-service's V7 migration does the same to the phones it stored.)
     */
    public static String remask(String masked) {
        if (masked == null) {
            return null;
        }
        int shown = shown(masked.length());
        return "*".repeat(masked.length() - shown)
                + masked.substring(masked.length() - shown).replaceAll("[^0-9]", "*");
    }

    /** How many trailing digits a number of this many digits shows; (n + 1) / 3 is n / 3 rounded to the nearest. */
    static int shown(int digits) {
        return digits < SHORTEST_SHOWN ? 0 : Math.min(MOST_SHOWN, (digits + 1) / 3);
    }

    /**
     * Five digits and more, with spaces, dashes, dots or brackets between them and a leading + or not (a mobile, a
     * landline with or without its area code, +86 …), in ASCII or the full-width digits a Chinese keyboard types. A
     * room, a floor, a count or a code of four digits stays.
     */
    private static final Pattern NUMBER = Pattern.compile("[+＋]?[0-9０-９][0-9０-９ ()（）.\\-－]{3,}[0-9０-９]");

    /**
     * A reason or note typed by a person: whatever looks like a phone number stays out of the audit trail. A long
     * number that is not a phone (a date written in digits) goes too; better that than a phone kept.
     */
    public static String withoutNumbers(String text) {
        return text == null ? null : NUMBER.matcher(text).replaceAll("[number]");
    }
}
