package org.doorstep.common.security;

import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies a token once and remembers it while it may be used: a resident's phone sends the same token with every
 * call, and checking its RS256 signature each time cost more CPU than placing the order. The verifier checks the
 * signature, the issuer, the audience ({@code mp.jwt.verify.audiences}, from DOORSTEP_JWT_AUDIENCE), the expiry and
 * the age ({@code mp.jwt.verify.token.age}, from DOORSTEP_JWT_MAX_AGE_SECONDS: seconds since {@code iat}). A
 * remembered token is trusted neither past its {@code exp} nor past that age: its entry is dropped and the token
 * verified again (and refused). The map is bounded; when it is full it is emptied, which costs only a verification
 * per token in use.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedTokens extends JWTCallerPrincipalFactory {

    static final int MAX_TOKENS = 20_000;

    private final JWTCallerPrincipalFactory verifier = new DefaultJWTCallerPrincipalFactory();
    private final ConcurrentHashMap<String, JWTCallerPrincipal> verified = new ConcurrentHashMap<>();

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
        JWTCallerPrincipal principal = verifier.parse(token, context);
        // Only a token with an expiry is remembered (the verifier requires one; this keeps it so if that changes).
        if (principal.getExpirationTime() > now && usable(principal, context, now)) {
            if (verified.size() >= MAX_TOKENS) {
                verified.clear();
            }
            verified.put(token, principal);
        }
        return principal;
    }

    /** Before its exp and, with a maximum age, no older than it: the verifier's own age rule, at this second. */
    private static boolean usable(JWTCallerPrincipal principal, JWTAuthContextInfo context, long now) {
        Long maxAge = context.getTokenAge();
        return now < principal.getExpirationTime() && (maxAge == null || now - principal.getIssuedAtTime() <= maxAge);
    }
}
