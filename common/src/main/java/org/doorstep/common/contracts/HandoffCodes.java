package org.doorstep.common.contracts;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Handoff codes: six digits the resident reads out (or shows) at the door. Only order-service knows the code; the
 * event carries an HMAC of it under a key that order-service and dispatch-service share, so a reader of the topic
 * cannot recover a code by trying all million of them.
 */
public final class HandoffCodes {

    private static final SecureRandom RANDOM = new SecureRandom();

    private HandoffCodes() {
    }

    public static String newCode() {
        return String.format("%06d", RANDOM.nextInt(1_000_000));
    }

    public static String digest(String secret, long orderId, String code) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] sum = mac.doFinal((orderId + ":" + code.trim()).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(sum);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    public static boolean matches(String secret, long orderId, String typedCode, String expectedDigest) {
        if (typedCode == null || expectedDigest == null) {
            return false;
        }
        byte[] typed = digest(secret, orderId, typedCode).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(typed, expectedDigest.getBytes(StandardCharsets.US_ASCII));
    }
}
