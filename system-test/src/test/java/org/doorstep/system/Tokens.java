package org.doorstep.system;

import org.doorstep.testkit.TestIdentity;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The system tests' callers (docs/security.md): tokens of the test identity provider, whose public key
 * {@link Stack} gives every service. Each caller's token is made once and made again when half of its hour has passed,
 * so asking for one per request costs nothing and a long campaign never runs into an expired token.
 */
final class Tokens {

    private static final Duration RENEW_AFTER = Duration.ofMinutes(30);

    private record Minted(String token, Instant at) {
    }

    private static final Map<String, Minted> MINTED = new ConcurrentHashMap<>();

    private Tokens() {
    }

    static String admin() {
        return of("ADMIN", "root");
    }

    /** A resident's account; a household they register is theirs. */
    static String resident(String account) {
        return of("RESIDENT", account);
    }

    /** A volunteer: the subject is their id in volunteer-service. */
    static String volunteer(long volunteerId) {
        return of("VOLUNTEER", String.valueOf(volunteerId));
    }

    static String gridWorker(String name, long... grids) {
        return of("GRID_WORKER", name, grids);
    }

    static String of(String role, String subject, long... grids) {
        String key = role + " " + subject + " " + Arrays.toString(grids);
        return MINTED.compute(key, (k, held) -> held != null && held.at().plus(RENEW_AFTER).isAfter(Instant.now())
                ? held : new Minted(TestIdentity.token(role, subject, grids), Instant.now())).token();
    }
}
