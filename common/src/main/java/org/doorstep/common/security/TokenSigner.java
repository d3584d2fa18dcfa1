package org.doorstep.common.security;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Signs Doorstep tokens (RS256) with the claims docs/security.md names: the local sign-in and order-service's WeChat
 * sign-in both issue tokens, and both must write them the way the services verify them.
 */
public final class TokenSigner {

    private final PrivateKey key;

    private TokenSigner(PrivateKey key) {
        this.key = key;
    }

    /** A signer with the PKCS#8 PEM private key at the path (openssl genpkey writes this form). */
    public static TokenSigner fromPem(Path location) {
        try {
            String pem = Files.readString(location);
            byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
            return new TokenSigner(KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der)));
        } catch (Exception e) {
            throw new IllegalStateException("Could not read a private key from " + location, e);
        }
    }

    /** A token of the issuer for the audience: the subject, one role, a grid worker's grids, lasting the lifetime. */
    public String token(String issuer, String audience, String role, String subject, List<Long> grids,
                        long lifetimeSeconds) {
        long now = Instant.now().getEpochSecond();
        String gridClaim = grids == null || grids.isEmpty() ? ""
                : ",\"grids\":[" + grids.stream().map(String::valueOf).collect(Collectors.joining(",")) + "]";
        String payload = "{\"iss\":\"" + json(issuer) + "\",\"aud\":\"" + json(audience) + "\",\"sub\":\""
                + json(subject) + "\",\"groups\":[\"" + json(role) + "\"]" + gridClaim + ",\"iat\":" + now
                + ",\"exp\":" + (now + lifetimeSeconds) + ",\"jti\":\"" + UUID.randomUUID() + "\"}";
        return sign(key, payload);
    }

    /** Any claims as a compact RS256 JWT under the key (tests sign bad claims with it too). */
    public static String sign(PrivateKey key, String payloadJson) {
        String header = base64Url("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String body = base64Url(payloadJson.getBytes(StandardCharsets.UTF_8));
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key);
            signature.update((header + "." + body).getBytes(StandardCharsets.US_ASCII));
            return header + "." + body + "." + base64Url(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not sign a token", e);
        }
    }

    private static String json(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
