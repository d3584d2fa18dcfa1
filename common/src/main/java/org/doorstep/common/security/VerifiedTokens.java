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
 * Verifies a token once and remembers it until it expires: a resident's phone sends the same token with every call,
 * and checking its RS256 signature each time cost more CPU than placing the order. A token is never trusted past its
 * {@code exp}: an entry whose time is up is dropped and the token verified again (and refused). The map is bounded;
 * when it is full it is emptied, which costs only a verification per token in use.
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
            if (now < known.getExpirationTime()) {
                return known;
            }
            verified.remove(token);
        }
        JWTCallerPrincipal principal = verifier.parse(token, context);
        // Only a token with an expiry is remembered (the verifier requires one; this keeps it so if that changes).
        if (principal.getExpirationTime() > now) {
            if (verified.size() >= MAX_TOKENS) {
                verified.clear();
            }
            verified.put(token, principal);
        }
        return principal;
    }
}
