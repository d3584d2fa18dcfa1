package org.doorstep.common.wechat;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.doorstep.common.problem.DoorstepException;
import org.doorstep.common.security.Role;
import org.doorstep.common.security.TokenSigner;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a service's WeChat sign-in shares with the other's (order-service for residents, volunteer-service for
 * volunteers): the check that it is configured at all, WeChat's code2Session, and a token of the service's own issuer.
 */
@ApplicationScoped
public class WeChatSignIn {

    /** The answer to a sign-in: a Doorstep token and how many seconds it is valid. */
    public record SignedIn(String token, long expiresIn) {
    }

    @Inject
    WeChat weChat;

    @Inject
    OpenIds openIds;

    @ConfigProperty(name = "doorstep.jwt.audience")
    String audience;

    /** A token lives no longer than the services accept it (DOORSTEP_JWT_MAX_AGE_SECONDS). */
    @ConfigProperty(name = "mp.jwt.verify.token.age")
    long maxAgeSeconds;

    private final ConcurrentHashMap<String, TokenSigner> signers = new ConcurrentHashMap<>();

    /**
     * The openid the wx.login code belongs to. Whether the service can sign in with WeChat at all (app id, secret,
     * HMAC key, its own signing key) is checked before WeChat is asked: a code exchanged for nothing is a code the
     * person has lost.
     */
    public String openId(String code, Optional<String> privateKeyLocation) {
        signer(privateKeyLocation);
        return weChat.openId(code.trim());
    }

    /** A token of the service's issuer for the role and subject. */
    public SignedIn token(Optional<String> privateKeyLocation, String issuer, Role role, String subject) {
        return new SignedIn(signer(privateKeyLocation).token(issuer, audience, role.name(), subject, List.of(),
                maxAgeSeconds), maxAgeSeconds);
    }

    private TokenSigner signer(Optional<String> privateKeyLocation) {
        Optional<String> key = privateKeyLocation.filter(s -> !s.isBlank());
        if (!weChat.configured() || !openIds.configured() || key.isEmpty()) {
            throw DoorstepException.unavailable("WeChat sign-in is not configured on this server; sign in another "
                    + "way (locally: the sign-in page).", 3600);
        }
        return signers.computeIfAbsent(key.get(), location -> TokenSigner.fromPem(Path.of(location)));
    }
}
