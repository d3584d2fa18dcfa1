package org.doorstep.order.access;

import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import org.doorstep.common.security.VerifiedTokens;
import org.doorstep.testkit.AccessMatrix;
import org.doorstep.testkit.TestIdentity;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Instant;
import java.util.Map;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The services remember a verified token to save its signature check, but never trust it past its expiry or its
 * maximum age, and never one for another audience. (Each service's AccessMatrixTest sends the same bad tokens to
 * every endpoint, with the services' own settings.)
 */
class VerifiedTokensTest {

    /** The verifier's settings as the services have them (common's config), with the maximum age given. */
    private static JWTAuthContextInfo context(long maxAgeSeconds) throws Exception {
        JWTAuthContextInfo context = new JWTAuthContextInfo((String) null, TestIdentity.ISSUER);
        context.setPublicKeyContent(Files.readString(TestIdentity.publicKeyFile()));
        context.setExpectedAudience(Set.of(TestIdentity.AUDIENCE));
        context.setTokenAge(maxAgeSeconds);
        context.setExpGracePeriodSecs(0);
        context.setClockSkew(0);
        return context;
    }

    @Test
    void a_remembered_token_is_refused_once_expired_or_too_old_and_a_forged_one_is_never_let_in() throws Exception {
        JWTAuthContextInfo context = context(3);
        VerifiedTokens tokens = new VerifiedTokens();
        long now = Instant.now().getEpochSecond();
        String shortLived = TestIdentity.sign(TestIdentity.claims(TestIdentity.ISSUER, TestIdentity.AUDIENCE,
                "RESIDENT", "chen", now, now + 2));
        String longLived = TestIdentity.sign(TestIdentity.claims(TestIdentity.ISSUER, TestIdentity.AUDIENCE,
                "RESIDENT", "wang", now, now + 3600));

        assertEquals("chen", tokens.parse(shortLived, context).getSubject());
        assertEquals("chen", tokens.parse(shortLived, context).getSubject(), "remembered while valid");
        assertEquals("wang", tokens.parse(longLived, context).getSubject());
        assertEquals("wang", tokens.parse(longLived, context).getSubject(), "remembered while young enough");
        sleepUntil(now + 3);
        assertThrows(ParseException.class, () -> tokens.parse(shortLived, context), "not trusted past exp");
        sleepUntil(now + 5);
        assertThrows(ParseException.class, () -> tokens.parse(longLived, context),
                "not trusted past the maximum age, though its exp is an hour away");

        String forged = shortLived.substring(0, shortLived.lastIndexOf('.') + 1) + "AAAA";
        assertThrows(ParseException.class, () -> tokens.parse(forged, context));
    }

    @Test
    void a_token_for_another_audience_without_one_or_older_than_the_maximum_age_is_refused() throws Exception {
        JWTAuthContextInfo context = context(TestIdentity.MAX_AGE_SECONDS);
        VerifiedTokens tokens = new VerifiedTokens();
        Map<String, String> bad = AccessMatrix.tokensWrongInOneWay();
        assertEquals(3, bad.size());
        for (Map.Entry<String, String> token : bad.entrySet()) {
            assertThrows(ParseException.class, () -> tokens.parse(token.getValue(), context), token.getKey());
        }
        long now = Instant.now().getEpochSecond();
        String almostTooOld = TestIdentity.sign(TestIdentity.claims(TestIdentity.ISSUER, TestIdentity.AUDIENCE,
                "ADMIN", "root", now - TestIdentity.MAX_AGE_SECONDS + 60, now + 3600));
        assertEquals("root", tokens.parse(almostTooOld, context).getSubject(), "a minute short of the maximum age");
        assertEquals("root", tokens.parse(TestIdentity.token("ADMIN", "root"), context).getSubject());
    }

    private static void sleepUntil(long epochSecond) throws InterruptedException {
        Thread.sleep(Math.max(0, epochSecond * 1000 - System.currentTimeMillis()));
    }

    @Test
    void a_token_of_order_services_issuer_is_verified_with_its_key_and_may_name_the_resident_role_only()
            throws Exception {
        JWTAuthContextInfo context = context(TestIdentity.MAX_AGE_SECONDS);
        VerifiedTokens tokens = new VerifiedTokens(TestIdentity.ORDER_SERVICE_ISSUER,
                TestIdentity.orderServicePublicKeyFile().toString());
        long now = Instant.now().getEpochSecond();
        String resident = TestIdentity.signAsOrderService(TestIdentity.claims(TestIdentity.ORDER_SERVICE_ISSUER,
                TestIdentity.AUDIENCE, "RESIDENT", "wx-abc", now, now + 3600));
        assertEquals("wx-abc", tokens.parse(resident, context).getSubject());
        assertEquals("root", tokens.parse(TestIdentity.token("ADMIN", "root"), context).getSubject(),
                "the identity provider's tokens are still verified with its own key");

        for (String role : new String[]{"ADMIN", "GRID_WORKER", "VOLUNTEER"}) {
            String minted = TestIdentity.signAsOrderService(TestIdentity.claims(TestIdentity.ORDER_SERVICE_ISSUER,
                    TestIdentity.AUDIENCE, role, "root", now, now + 3600));
            assertThrows(ParseException.class, () -> tokens.parse(minted, context), role);
        }
        String residentAndAdmin = TestIdentity.signAsOrderService("{\"iss\":\"" + TestIdentity.ORDER_SERVICE_ISSUER
                + "\",\"aud\":\"doorstep\",\"sub\":\"root\",\"groups\":[\"RESIDENT\",\"ADMIN\"],\"iat\":" + now
                + ",\"exp\":" + (now + 3600) + "}");
        assertThrows(ParseException.class, () -> tokens.parse(residentAndAdmin, context));
        // Each issuer with its own key only: the identity provider's key does not make a token of order-service's.
        String crossed = TestIdentity.sign(TestIdentity.claims(TestIdentity.ORDER_SERVICE_ISSUER,
                TestIdentity.AUDIENCE, "RESIDENT", "wx-abc", now, now + 3600));
        assertThrows(ParseException.class, () -> tokens.parse(crossed, context));
        String crossedBack = TestIdentity.signAsOrderService(TestIdentity.claims(TestIdentity.ISSUER,
                TestIdentity.AUDIENCE, "RESIDENT", "chen", now, now + 3600));
        assertThrows(ParseException.class, () -> tokens.parse(crossedBack, context));
        // Without order-service's key configured, its tokens are not trusted at all.
        assertThrows(ParseException.class, () -> new VerifiedTokens(TestIdentity.ORDER_SERVICE_ISSUER, null)
                .parse(resident, context));
    }

    @Test
    void each_service_issuer_is_verified_with_its_own_key_and_mints_only_its_own_role() throws Exception {
        JWTAuthContextInfo context = context(TestIdentity.MAX_AGE_SECONDS);
        VerifiedTokens tokens = new VerifiedTokens(List.of(
                new VerifiedTokens.TrustedIssuer(TestIdentity.ORDER_SERVICE_ISSUER,
                        TestIdentity.orderServicePublicKeyFile().toString(), Set.of("RESIDENT")),
                new VerifiedTokens.TrustedIssuer(TestIdentity.VOLUNTEER_SERVICE_ISSUER,
                        TestIdentity.volunteerServicePublicKeyFile().toString(), Set.of("VOLUNTEER"))));
        long now = Instant.now().getEpochSecond();
        String volunteer = TestIdentity.signAsVolunteerService(TestIdentity.claims(
                TestIdentity.VOLUNTEER_SERVICE_ISSUER, TestIdentity.AUDIENCE, "VOLUNTEER", "42", now, now + 3600));
        assertEquals("42", tokens.parse(volunteer, context).getSubject());
        String resident = TestIdentity.signAsOrderService(TestIdentity.claims(TestIdentity.ORDER_SERVICE_ISSUER,
                TestIdentity.AUDIENCE, "RESIDENT", "wx-abc", now, now + 3600));
        assertEquals("wx-abc", tokens.parse(resident, context).getSubject());

        // A resident never comes from volunteer-service, nor a volunteer from order-service.
        String residentOfVolunteerService = TestIdentity.signAsVolunteerService(TestIdentity.claims(
                TestIdentity.VOLUNTEER_SERVICE_ISSUER, TestIdentity.AUDIENCE, "RESIDENT", "wx-abc", now, now + 3600));
        assertThrows(ParseException.class, () -> tokens.parse(residentOfVolunteerService, context));
        String volunteerOfOrderService = TestIdentity.signAsOrderService(TestIdentity.claims(
                TestIdentity.ORDER_SERVICE_ISSUER, TestIdentity.AUDIENCE, "VOLUNTEER", "42", now, now + 3600));
        assertThrows(ParseException.class, () -> tokens.parse(volunteerOfOrderService, context));
        // One service's key does not sign for the other's issuer.
        String crossed = TestIdentity.signAsOrderService(TestIdentity.claims(TestIdentity.VOLUNTEER_SERVICE_ISSUER,
                TestIdentity.AUDIENCE, "VOLUNTEER", "42", now, now + 3600));
        assertThrows(ParseException.class, () -> tokens.parse(crossed, context));
    }
}
