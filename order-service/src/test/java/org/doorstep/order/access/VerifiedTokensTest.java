package org.doorstep.order.access;

import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import org.doorstep.common.security.VerifiedTokens;
import org.doorstep.testkit.TestIdentity;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The services remember a verified token to save its signature check, but never trust it past its expiry. */
class VerifiedTokensTest {

    @Test
    void a_remembered_token_is_refused_once_it_has_expired_and_a_forged_one_is_never_let_in() throws Exception {
        JWTAuthContextInfo context = new JWTAuthContextInfo(
                (String) null, TestIdentity.ISSUER);
        context.setPublicKeyContent(Files.readString(TestIdentity.publicKeyFile()));
        context.setExpGracePeriodSecs(0);
        context.setClockSkew(0);
        VerifiedTokens tokens = new VerifiedTokens();
        long now = Instant.now().getEpochSecond();
        String shortLived = TestIdentity.sign("{\"iss\":\"" + TestIdentity.ISSUER + "\",\"sub\":\"chen\","
                + "\"groups\":[\"RESIDENT\"],\"iat\":" + now + ",\"exp\":" + (now + 2) + "}");

        assertEquals("chen", tokens.parse(shortLived, context).getSubject());
        assertEquals("chen", tokens.parse(shortLived, context).getSubject(), "remembered while valid");
        Thread.sleep(Math.max(0, (now + 3) * 1000 - System.currentTimeMillis()));
        assertThrows(ParseException.class, () -> tokens.parse(shortLived, context), "not trusted past exp");

        String forged = shortLived.substring(0, shortLived.lastIndexOf('.') + 1) + "AAAA";
        assertThrows(ParseException.class, () -> tokens.parse(forged, context));
    }
}
