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
import java.util.List;
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
 * Beside the identity provider ({@code mp.jwt.verify.issuer} and its key), the services' own sign-ins are trusted,
 * each for one role only and with a key of its own: order-service's WeChat sign-in for RESIDENT
 * ({@code doorstep.resident-tokens.issuer}, DOORSTEP_WECHAT_TOKEN_ISSUER, key DOORSTEP_WECHAT_TOKEN_PUBLIC_KEY_LOCATION)
 * and volunteer-service's for VOLUNTEER ({@code doorstep.volunteer-tokens.issuer}, DOORSTEP_VOLUNTEER_TOKEN_ISSUER,
 * key DOORSTEP_VOLUNTEER_TOKEN_PUBLIC_KEY_LOCATION). The token's unverified {@code iss} only chooses which key checks
 * it; the verifier then checks that key's issuer too. A token of such an issuer must name its role and nothing else:
 * a leak of order-service's key must not mint volunteers, grid workers or administrators, nor volunteer-service's
 * residents.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedTokens extends JWTCallerPrincipalFactory {

    static final int MAX_TOKENS = 20_000;

    /** An issuer of the services' own, the roles its tokens may name, and where its public key is. */
    public record TrustedIssuer(String issuer, String publicKeyLocation, Set<String> roles) {
    }

    @Inject
    @ConfigProperty(name = "doorstep.resident-tokens.issuer")
    Optional<String> residentIssuer;

    @Inject
    @ConfigProperty(name = "doorstep.resident-tokens.publickey.location")
    Optional<String> residentKeyLocation;

    @Inject
    @ConfigProperty(name = "doorstep.volunteer-tokens.issuer")
    Optional<String> volunteerIssuer;

    @Inject
    @ConfigProperty(name = "doorstep.volunteer-tokens.publickey.location")
    Optional<String> volunteerKeyLocation;

    private final JWTCallerPrincipalFactory verifier = new DefaultJWTCallerPrincipalFactory();
    private volatile List<Issuer> issuers;
    private final ConcurrentHashMap<String, JWTCallerPrincipal> verified = new ConcurrentHashMap<>();

    /** A trusted issuer with its own verifier: smallrye's parser keeps the first key it resolved, whatever context
     * it is given next. */
    private static final class Issuer {
        final TrustedIssuer trusted;
        final JWTCallerPrincipalFactory verifier = new DefaultJWTCallerPrincipalFactory();
        volatile JWTAuthContextInfo context;

        Issuer(TrustedIssuer trusted) {
            this.trusted = trusted;
        }
    }

    /** For CDI: the services' issuers from configuration. */
    public VerifiedTokens() {
    }

    /** With the services' issuers given (an issuer without a key location is not trusted). */
    public VerifiedTokens(List<TrustedIssuer> trusted) {
        this.issuers = configured(trusted);
    }

    private static List<Issuer> configured(List<TrustedIssuer> trusted) {
        return trusted.stream().filter(t -> t.issuer() != null && !t.issuer().isBlank()
                && t.publicKeyLocation() != null && !t.publicKeyLocation().isBlank()).map(Issuer::new).toList();
    }

    /** With order-service's issuer and the location of its public key given (null: that issuer is not trusted). */
    public VerifiedTokens(String residentIssuer, String residentKeyLocation) {
        this(List.of(new TrustedIssuer(residentIssuer, residentKeyLocation, Set.of(Role.RESIDENT.name()))));
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
        Issuer issuer = issuerOf(unverifiedIssuer(token), context);
        if (issuer != null) {
            principal = issuer.verifier.parse(token, contextOf(issuer, context));
            Set<String> groups = principal.getGroups();
            if (groups == null || groups.isEmpty() || !issuer.trusted.roles().containsAll(groups)) {
                throw new ParseException("A token of " + issuer.trusted.issuer() + " may name only the role(s) "
                        + issuer.trusted.roles());
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

    /** The service issuer the token names; null for the identity provider's or any other issuer. */
    private Issuer issuerOf(String claimed, JWTAuthContextInfo context) {
        if (claimed == null || claimed.equals(context.getIssuedBy())) {
            return null; // the identity provider's tokens keep its own key, whatever a service's issuer is named
        }
        for (Issuer issuer : issuers()) {
            if (issuer.trusted.issuer().equals(claimed)) {
                return issuer;
            }
        }
        return null;
    }

    private List<Issuer> issuers() {
        List<Issuer> made = issuers;
        if (made == null) {
            made = configured(List.of(
                    new TrustedIssuer(blankToNull(residentIssuer), blankToNull(residentKeyLocation),
                            Set.of(Role.RESIDENT.name())),
                    new TrustedIssuer(blankToNull(volunteerIssuer), blankToNull(volunteerKeyLocation),
                            Set.of(Role.VOLUNTEER.name()))));
            issuers = made;
        }
        return made;
    }

    /** The identity provider's settings (audience, age, algorithms) with the issuer's name and key. */
    private static JWTAuthContextInfo contextOf(Issuer issuer, JWTAuthContextInfo context) {
        JWTAuthContextInfo made = issuer.context;
        if (made == null) {
            made = new JWTAuthContextInfo(context);
            made.setIssuedBy(issuer.trusted.issuer());
            made.setPublicKeyContent(null);
            made.setPublicVerificationKey(null);
            made.setPublicKeyLocation(issuer.trusted.publicKeyLocation());
            issuer.context = made;
        }
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
