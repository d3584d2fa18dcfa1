package org.doorstep.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Where the bench gets the token of each person it plays (docs/security.md): from the local stack's private key
 * ({@link #pem}, what deploy/local/token.sh signs with) or, in system-test, from the test identity provider
 * ({@code TestIdentity::token}).
 */
@FunctionalInterface
public interface TokenSource {

    /** A signed JWT for the role (RESIDENT, VOLUNTEER, GRID_WORKER, ADMIN) and subject; grids for a grid worker. */
    String token(String role, String subject, long... grids);

    /** The same tokens, each minted once and again after {@code renewAfter} (signing costs a millisecond or so). */
    default TokenSource cached(Duration renewAfter) {
        record Minted(String token, Instant at) {
        }
        Map<String, Minted> minted = new ConcurrentHashMap<>();
        TokenSource self = this;
        return (role, subject, grids) -> minted.compute(role + " " + subject + " " + Arrays.toString(grids),
                (key, held) -> held != null && held.at().plus(renewAfter).isAfter(Instant.now()) ? held
                        : new Minted(self.token(role, subject, grids), Instant.now())).token();
    }

    /**
     * Tokens signed RS256 with a PKCS#8 private key in PEM ("BEGIN PRIVATE KEY", as openssl genpkey writes it), with
     * the claims deploy/local/token.sh writes: iss, aud, sub, groups [ROLE], grids for a grid worker, iat, exp, jti.
     */
    static TokenSource pem(Path privateKeyPem, String issuer, String audience, Duration ttl) {
        PrivateKey key = readPrivateKey(privateKeyPem);
        return (role, subject, grids) -> {
            long now = Instant.now().getEpochSecond();
            String gridClaim = grids.length == 0 ? "" : ",\"grids\":["
                    + Arrays.stream(grids).mapToObj(Long::toString).collect(Collectors.joining(",")) + "]";
            String payload = "{\"iss\":" + Json.quote(issuer) + ",\"aud\":" + Json.quote(audience)
                    + ",\"sub\":" + Json.quote(subject)
                    + ",\"groups\":[" + Json.quote(role) + "]" + gridClaim + ",\"iat\":" + now
                    + ",\"exp\":" + (now + ttl.toSeconds()) + ",\"jti\":\"" + UUID.randomUUID() + "\"}";
            return sign(key, payload);
        };
    }

    private static PrivateKey readPrivateKey(Path pem) {
        try {
            String text = Files.readString(pem, StandardCharsets.US_ASCII);
            if (!text.contains("-----BEGIN PRIVATE KEY-----")) {
                throw new IllegalArgumentException(pem + " is not a PKCS#8 PEM private key (BEGIN PRIVATE KEY); "
                        + "deploy/local/up.sh makes one with openssl genpkey");
            }
            String base64 = text.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the signing key " + pem + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(pem + " is not an RSA private key: " + e.getMessage(), e);
        }
    }

    private static String sign(PrivateKey key, String payloadJson) {
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String input = url.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                + "." + url.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8));
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key);
            signature.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + url.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing a token failed", e);
        }
    }
}
