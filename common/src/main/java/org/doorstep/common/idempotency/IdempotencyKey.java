package org.doorstep.common.idempotency;

import org.doorstep.common.problem.DoorstepException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An Idempotency-Key as its caller's: the pair of the token's subject and the key. Keys are chosen by clients, so two
 * people's phones may well send the same one; scoped by caller, the same key from another person is another request
 * and never a replay of someone else's order or handoff, while one person's retry is still recognised. Orders
 * (order-service) and handoffs (dispatch-service) store, look up and compare keys this way.
 */
public record IdempotencyKey(String subject, String key) {

    /** The longest key accepted (a longer header is refused with 400); the key columns hold this much. */
    public static final int MAX_LENGTH = 100;

    public IdempotencyKey {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(key, "key");
    }

    /** The request's key as its caller's, or null when the request has none (no header, or a blank one). */
    public static IdempotencyKey of(String subject, String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        if (subject == null || subject.isBlank()) {
            // Without a subject the key would be everyone's again.
            throw DoorstepException.forbidden("An Idempotency-Key needs a token that names its subject (sub).");
        }
        return new IdempotencyKey(subject, header.trim());
    }

    /**
     * What a request asked for, stored with its key to tell a retry from another request under the same key:
     * HMAC-SHA256 under a server secret, in hex (64 characters). Keyed, because a request may hold a secret (a
     * handoff's six-digit code) that a plain hash would give to anyone who reads the table and tries every value.
     */
    public static String fingerprint(String secret, byte[] request) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            // A label of its own, so that no fingerprint can ever equal a handoff-code digest under the same secret.
            mac.update("idempotency\n".getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(request));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    public static String fingerprint(String secret, String request) {
        return fingerprint(secret, request.getBytes(StandardCharsets.UTF_8));
    }

    /** 422: the caller already used this key for another request ({@code firstRequest} says which). */
    public static DoorstepException usedFor(String firstRequest) {
        return DoorstepException.unprocessable("This Idempotency-Key was already used for " + firstRequest
                + "; use a new key for each new request.");
    }
}
