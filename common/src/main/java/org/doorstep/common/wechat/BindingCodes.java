package org.doorstep.common.wechat;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Locale;

/**
 * The one-time codes that bind a WeChat user to someone the identity provider knows: a volunteer (volunteer-service),
 * a grid worker (dispatch-service). Shown on a screen and typed into the mini-program once, so eight characters
 * without 0/O, 1/I/L, in any case, with spaces or dashes allowed; 31^8 codes, each valid a day. Services keep them
 * only as HMACs ({@link OpenIds#hash(String, String)}).
 */
public final class BindingCodes {

    /** How long a binding code may be used. */
    public static final Duration LIFETIME = Duration.ofHours(24);
    static final String ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    static final int LENGTH = 8;
    private static final SecureRandom RANDOM = new SecureRandom();

    private BindingCodes() {
    }

    /** A fresh code. */
    public static String newCode() {
        StringBuilder code = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            code.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return code.toString();
    }

    /** What was typed, as issued: capitals, without the spaces or dashes one may put in. */
    public static String normalised(String typed) {
        return typed.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
    }
}
