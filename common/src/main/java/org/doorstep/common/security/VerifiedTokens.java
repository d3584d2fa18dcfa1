package org.doorstep.common.security;

import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jose4j.json.JsonUtil;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies a token once and remembers it while it may be used: a resident's phone sends the same token with every
 * call, and checking its RS256 signature each time cost more CPU than placing the order. The verifier checks the
 * signature, the issuer, the audience ({@code mp.jwt.verify.audiences}, from DOORSTEP_JWT_AUDIENCE), the expiry and
 * the age ({@code mp.jwt.verify.token.age}, from DOORSTEP_JWT_MAX_AGE_SECONDS: seconds since {@code iat}). A
 * remembered token is trusted neither past its {@code exp} nor past that age: its entry is dropped and the token
 * verified again (and refused). The map is bounded; when it is full it is emptied, which costs only a verification
 * per token in use.
 * <p>
 * Two issuers are trusted: the identity provider ({@code mp.jwt.verify.issuer} and its key) and order-service's
 * WeChat sign-in ({@code doorstep.resident-tokens.issuer}, DOORSTEP_WECHAT_TOKEN_ISSUER, verified with its own key,
 * DOORSTEP_WECHAT_TOKEN_PUBLIC_KEY_LOCATION). The token's unverified {@code iss} only chooses which key checks it;
 * the verifier then checks that key's issuer too. A token of order-service's issuer must name the RESIDENT role and
 * nothing else: a leak of that key must not mint grid workers or administrators.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedTokens extends JWTCallerPrincipalFactory {

    static final int MAX_TOKENS = 20_000;

    private static final Set<String> RESIDENT_ONLY = Set.of(Role.RESIDENT.name());

    @Inject
    @ConfigProperty(name = "doorstep.resident-tokens.issuer")
    Optional<String> residentIssuer;

    @Inject
    @ConfigProperty(name = "doorstep.resident-tokens.publickey.location")
    Optional<String> residentKeyLocation;

    private final JWTCallerPrincipalFactory verifier = new DefaultJWTCallerPrincipalFactory();
    // Its own verifier: smallrye's parser keeps the first key it resolved, whatever context it is given next.
    private final JWTCallerPrincipalFactory residentVerifier = new DefaultJWTCallerPrincipalFactory();
    private volatile JWTAuthContextInfo residentContext;
    private final ConcurrentHashMap<String, JWTCallerPrincipal> verified = new ConcurrentHashMap<>();

    /** For CDI: the second issuer from configuration. */
    public VerifiedTokens() {
    }

    /** With order-service's issuer and the location of its public key given (null: that issuer is not trusted). */
    public VerifiedTokens(String residentIssuer, String residentKeyLocation) {
        this.residentIssuer = Optional.ofNullable(residentIssuer);
        this.residentKeyLocation = Optional.ofNullable(residentKeyLocation);
    }

    @Override
    public JWTCallerPrincipal parse(String token, JWTAuthContextInfo context) throws ParseException {
        JWTCallerPrincipal known = verified.get(token);
        long now = System.currentTimeMillis() / 1000;
        if (known != null) {
            if (usable(known, context, now)) {
                return known;
            }
            verified.remove(token);
        }
        JWTCallerPrincipal principal;
        JWTAuthContextInfo resident = residentContext(context);
        if (resident != null && resident.getIssuedBy().equals(unverifiedIssuer(token))) {
            principal = residentVerifier.parse(token, resident);
            if (!RESIDENT_ONLY.equals(principal.getGroups())) {
                throw new ParseException("A token of " + resident.getIssuedBy() + " may name the RESIDENT role only");
            }
        } else {
            principal = verifier.parse(token, context);
        }
        // Only a token with an expiry is remembered (the verifier requires one; this keeps it so if that changes).
        if (principal.getExpirationTime() > now && usable(principal, context, now)) {
            if (verified.size() >= MAX_TOKENS) {
                verified.clear();
            }
            verified.put(token, principal);
        }
        return principal;
    }

    /**
     * The identity provider's settings (audience, age, algorithms) with order-service's issuer and key; null when
     * that issuer is not configured, or names the identity provider itself (its tokens keep their own key).
     */
    private JWTAuthContextInfo residentContext(JWTAuthContextInfo context) {
        JWTAuthContextInfo made = residentContext;
        if (made != null) {
            return made;
        }
        String issuer = blankToNull(residentIssuer);
        String location = blankToNull(residentKeyLocation);
        if (issuer == null || location == null || issuer.equals(context.getIssuedBy())) {
            return null;
        }
        made = new JWTAuthContextInfo(context);
        made.setIssuedBy(issuer);
        made.setPublicKeyContent(null);
        made.setPublicVerificationKey(null);
        made.setPublicKeyLocation(location);
        residentContext = made;
        return made;
    }

    /** The {@code iss} the token claims, before any check; null if it cannot be read (the verifier then refuses it). */
    private static String unverifiedIssuer(String token) {
        try {
            String[] parts = token.split("\\.", -1);
            if (parts.length != 3) {
                return null;
            }
            Map<String, Object> claims = JsonUtil.parseJson(
                    new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            return claims.get("iss") instanceof String issuer ? issuer : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static String blankToNull(Optional<String> value) {
        return value == null ? null : value.filter(v -> !v.isBlank()).orElse(null);
    }

    /** Before its exp and, with a maximum age, no older than it: the verifier's own age rule, at this second. */
    private static boolean usable(JWTCallerPrincipal principal, JWTAuthContextInfo context, long now) {
        Long maxAge = context.getTokenAge();
        return now < principal.getExpirationTime() && (maxAge == null || now - principal.getIssuedAtTime() <= maxAge);
    }
}
