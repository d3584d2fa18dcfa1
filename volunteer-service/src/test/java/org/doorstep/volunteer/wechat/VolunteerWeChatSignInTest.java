package org.doorstep.volunteer.wechat;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.doorstep.testkit.As;
import org.doorstep.testkit.AuditTrail;
import org.doorstep.testkit.DoorstepTestServers;
import org.doorstep.testkit.EventProbe;
import org.doorstep.testkit.FakeWeChat;
import org.doorstep.testkit.TestIdentity;
import org.doorstep.volunteer.VolunteerFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.doorstep.testkit.OpenApiValidation.invalidOnPurpose;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 14: a volunteer binds their WeChat once with a grid worker's one-time code, and from then on signs in with it,
 * against a fake WeChat on loopback.
 */
@QuarkusTest
@WithTestResource(value = DoorstepTestServers.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeWeChat.class, scope = TestResourceScope.GLOBAL)
class VolunteerWeChatSignInTest {

    private static final AtomicLong IDS = new AtomicLong(5_000_000_000L + System.nanoTime() % 1_000_000 * 1000);
    private static final String NOT_BOUND = "urn:doorstep:wechat:not-bound";

    private static EventProbe events;

    @Inject
    DataSource dataSource;

    @BeforeAll
    static void connect() throws Exception {
        events = new EventProbe(DoorstepTestServers.broker().bootstrapServers());
    }

    @AfterAll
    static void disconnect() {
        events.close();
    }

    /** A volunteer of a fresh compound with a building in no grid (an admin's to bind). */
    private static long volunteer() {
        long compound = IDS.incrementAndGet();
        long building = IDS.incrementAndGet();
        VolunteerFixture.announceBuilding(events, compound, building);
        return VolunteerFixture.volunteerOnceKnown(compound, building);
    }

    private static String bindingCode(long volunteer) {
        return As.admin().post("/api/volunteers/{id}/wechat-binding", volunteer).then().statusCode(201)
                .contentType(ContentType.JSON).extract().path("code");
    }

    private static Response signIn(String wxCode, String bindingCode) {
        Map<String, Object> body = new HashMap<>(Map.of("code", wxCode));
        if (bindingCode != null) {
            body.put("bindingCode", bindingCode);
        }
        return As.nobody().contentType(ContentType.JSON).body(body).post("/api/auth/wechat");
    }

    private static String user() {
        return "user:" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static JsonPath claims(String token) {
        return JsonPath.from(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
    }

    @Test
    void a_grid_worker_gives_a_one_time_code_and_the_volunteer_binds_once_then_signs_in_with_wechat_alone() {
        long volunteer = volunteer();
        Response issued = As.admin().post("/api/volunteers/{id}/wechat-binding", volunteer);
        issued.then().statusCode(201);
        String code = issued.path("code");
        assertTrue(code.matches("[A-HJ-NP-Z2-9]{8}"), "8 characters without 0/O, 1/I/L: " + code);
        Duration lifetime = Duration.between(Instant.now(), OffsetDateTime.parse(issued.path("expiresAt")).toInstant());
        assertTrue(lifetime.compareTo(Duration.ofHours(23)) > 0 && lifetime.compareTo(Duration.ofHours(25)) < 0,
                "valid about 24 h: " + lifetime);

        // Typed as people type it: small letters, a dash in the middle.
        String wxUser = user();
        String typed = code.substring(0, 4).toLowerCase() + "-" + code.substring(4);
        String token = signIn(wxUser, typed).then().statusCode(200)
                .body("expiresIn", equalTo((int) TestIdentity.MAX_AGE_SECONDS)).extract().path("token");
        JsonPath claims = claims(token);
        assertEquals(String.valueOf(volunteer), claims.getString("sub"), "the subject volunteer tokens always have");
        assertEquals(List.of("VOLUNTEER"), claims.getList("groups"));
        assertEquals(TestIdentity.VOLUNTEER_SERVICE_ISSUER, claims.getString("iss"));
        assertFalse(claims.prettify().contains(wxUser.substring(5)), "no openid in the token");
        As.nobody().auth().oauth2(token).get("/api/volunteers/{id}", volunteer).then().statusCode(200);
        As.nobody().auth().oauth2(token).get("/api/volunteers/{id}", volunteer()).then().statusCode(403);

        // From then on WeChat alone signs them in, as the same volunteer.
        String again = signIn(wxUser, null).then().statusCode(200).extract().path("token");
        assertEquals(String.valueOf(volunteer), claims(again).getString("sub"));
        // The code was for one binding: another WeChat user cannot use it again.
        signIn(user(), code).then().statusCode(401).contentType("application/problem+json")
                .body("type", equalTo(NOT_BOUND)).body("detail", containsString("binding code"));

        var actions = AuditTrail.readBy(As.admin()).about("Volunteer", volunteer).stream()
                .map(e -> e.get("action")).toList();
        assertTrue(actions.contains("WECHAT_BINDING_CODE_ISSUED") && actions.contains("WECHAT_BOUND"), "" + actions);
    }

    @Test
    void a_wechat_user_bound_to_nobody_or_with_a_wrong_code_is_told_so_and_nothing_is_bound() {
        signIn(user(), null).then().statusCode(401).contentType("application/problem+json")
                .body("type", equalTo(NOT_BOUND)).body("detail", containsString("grid worker"));
        String wxUser = user();
        signIn(wxUser, "ABCD2345").then().statusCode(401).body("type", equalTo(NOT_BOUND));
        signIn(wxUser, null).then().statusCode(401).body("type", equalTo(NOT_BOUND));
    }

    @Test
    void a_new_code_replaces_the_old_and_an_expired_one_is_refused() throws Exception {
        long volunteer = volunteer();
        String first = bindingCode(volunteer);
        String second = bindingCode(volunteer);
        assertNotEquals(first, second);
        signIn(user(), first).then().statusCode(401).body("type", equalTo(NOT_BOUND));

        // 24 hours pass.
        try (Connection connection = dataSource.getConnection();
             PreparedStatement age = connection.prepareStatement("update wechat_binding_code"
                     + " set expires_at = expires_at - interval 25 hour where volunteer_id = ?")) {
            age.setLong(1, volunteer);
            assertEquals(1, age.executeUpdate());
        }
        signIn(user(), second).then().statusCode(401).body("type", equalTo(NOT_BOUND))
                .body("detail", containsString("expired"));
    }

    @Test
    void the_code_is_kept_only_as_a_keyed_hash() throws Exception {
        long volunteer = volunteer();
        String code = bindingCode(volunteer);
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "select code_hash from wechat_binding_code where volunteer_id = ?")) {
            select.setLong(1, volunteer);
            try (ResultSet row = select.executeQuery()) {
                assertTrue(row.next());
                String stored = row.getString(1);
                assertFalse(stored.contains(code), stored);
                String plainSha256 = java.util.HexFormat.of().formatHex(java.security.MessageDigest
                        .getInstance("SHA-256").digest(code.getBytes(StandardCharsets.UTF_8)));
                assertNotEquals(plainSha256, stored, "a plain hash of 31^8 codes is tried in hours");
            }
        }
    }

    @Test
    void wechat_refusing_the_code_answers_401_and_wechat_away_503_with_retry_after() {
        long volunteer = volunteer();
        String code = bindingCode(volunteer);
        signIn("errcode:40029", code).then().statusCode(401).contentType("application/problem+json")
                .body("title", equalTo("Unauthorized")).body("detail", containsString("sign-in code"));
        for (String busy : List.of("errcode:-1", "errcode:45011")) {
            signIn(busy, code).then().statusCode(503).header("Retry-After", "5");
        }
        // The code was not spent on the failed attempts.
        signIn(user(), code).then().statusCode(200);
    }

    @Test
    void a_service_issuer_mints_only_its_own_role() {
        long now = Instant.now().getEpochSecond();
        long volunteer = volunteer();
        // volunteer-service's key cannot make a resident (who may sign up) or an admin.
        for (String role : List.of("RESIDENT", "ADMIN", "GRID_WORKER")) {
            String minted = TestIdentity.signAsVolunteerService(TestIdentity.claims(
                    TestIdentity.VOLUNTEER_SERVICE_ISSUER, TestIdentity.AUDIENCE, role, String.valueOf(volunteer),
                    now, now + 3600));
            As.nobody().auth().oauth2(minted).get("/api/volunteers/{id}", volunteer).then().statusCode(401);
        }
        // Nor order-service's a volunteer.
        String fromOrderService = TestIdentity.signAsOrderService(TestIdentity.claims(
                TestIdentity.ORDER_SERVICE_ISSUER, TestIdentity.AUDIENCE, "VOLUNTEER", String.valueOf(volunteer),
                now, now + 3600));
        As.nobody().auth().oauth2(fromOrderService).get("/api/volunteers/{id}", volunteer).then().statusCode(401);
        // A VOLUNTEER token of volunteer-service's issuer is taken.
        String own = TestIdentity.signAsVolunteerService(TestIdentity.claims(TestIdentity.VOLUNTEER_SERVICE_ISSUER,
                TestIdentity.AUDIENCE, "VOLUNTEER", String.valueOf(volunteer), now, now + 3600));
        As.nobody().auth().oauth2(own).get("/api/volunteers/{id}", volunteer).then().statusCode(200);
    }

    @Test
    void a_binding_code_too_long_or_no_wx_code_answers_400() {
        invalidOnPurpose(As.nobody()).contentType(ContentType.JSON)
                .body(Map.of("code", user(), "bindingCode", "X".repeat(33))).post("/api/auth/wechat").then()
                .statusCode(400).contentType("application/problem+json");
        invalidOnPurpose(As.nobody()).contentType(ContentType.JSON).body(Map.of("bindingCode", "ABCD2345"))
                .post("/api/auth/wechat").then().statusCode(400).contentType("application/problem+json");
    }
}
