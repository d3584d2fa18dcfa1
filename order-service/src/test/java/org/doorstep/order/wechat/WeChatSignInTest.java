package org.doorstep.order.wechat;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.doorstep.common.contracts.BuildingStatus;
import org.doorstep.order.OrderFixture;
import org.doorstep.testkit.As;
import org.doorstep.testkit.DoorstepTestServers;
import org.doorstep.testkit.FakeWeChat;
import org.doorstep.testkit.TestIdentity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.awaitility.Awaitility.await;
import static org.doorstep.testkit.OpenApiValidation.invalidOnPurpose;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 14: a resident signs in with WeChat's wx.login code, against a fake WeChat on loopback. */
@QuarkusTest
@WithTestResource(value = DoorstepTestServers.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeWeChat.class, scope = TestResourceScope.GLOBAL)
class WeChatSignInTest {

    private static OrderFixture fixture;
    private static long building;

    @BeforeAll
    static void setUp() throws Exception {
        fixture = new OrderFixture();
        building = fixture.building(BuildingStatus.SEALED);
    }

    @AfterAll
    static void tearDown() {
        fixture.close();
    }

    static Response signIn(Object body) {
        return As.nobody().contentType(ContentType.JSON).body(body).post("/api/auth/wechat");
    }

    static String user() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /** The token's claims as JSON text (the middle part). */
    static String claims(String token) {
        return new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
    }

    @Test
    void the_first_sign_in_makes_an_account_whose_token_registers_a_household_and_the_same_user_keeps_it() {
        String user = user();
        Response first = signIn(Map.of("code", "user:" + user));
        first.then().statusCode(200).contentType(ContentType.JSON)
                .body("expiresIn", equalTo((int) TestIdentity.MAX_AGE_SECONDS));
        String token = first.path("token");
        var claims = io.restassured.path.json.JsonPath.from(claims(token));
        String account = claims.getString("sub");
        assertTrue(account.matches("wx-[a-z2-9]{16}"), account);
        assertEquals(TestIdentity.ORDER_SERVICE_ISSUER, claims.getString("iss"));
        assertEquals(TestIdentity.AUDIENCE, claims.getString("aud"));
        assertEquals(List.of("RESIDENT"), claims.getList("groups"));
        long now = Instant.now().getEpochSecond();
        assertTrue(claims.getLong("exp") <= now + TestIdentity.MAX_AGE_SECONDS + 5);

        // The token works: the resident registers a household and sees it as theirs.
        Map<String, Object> household = Map.of("buildingId", building, "room", "1201", "contactName", "Li Na");
        long id = await().atMost(Duration.ofSeconds(20)).until(() -> {
            Response r = As.nobody().auth().oauth2(token).contentType(ContentType.JSON).body(household)
                    .post("/api/households");
            return r.statusCode() == 201 ? r.jsonPath().getLong("id") : null;
        }, org.hamcrest.Matchers.notNullValue());
        As.nobody().auth().oauth2(token).get("/api/households/{id}", id).then().statusCode(200)
                .body("room", equalTo("1201"));

        // The same WeChat user again: the same account, so the household is still theirs.
        String again = signIn(Map.of("code", "user:" + user)).then().statusCode(200).extract().path("token");
        assertNotEquals(token, again);
        assertEquals(account, io.restassured.path.json.JsonPath.from(claims(again)).getString("sub"));
        As.nobody().auth().oauth2(again).get("/api/households/{id}", id).then().statusCode(200);

        // Another WeChat user: another account, which does not see the first one's household.
        String other = signIn(Map.of("code", "user:" + user())).then().statusCode(200).extract().path("token");
        assertNotEquals(account, io.restassured.path.json.JsonPath.from(claims(other)).getString("sub"));
        As.nobody().auth().oauth2(other).get("/api/households/{id}", id).then().statusCode(404);
    }

    @Test
    void neither_the_openid_nor_the_session_key_leaves_the_server() {
        String user = user();
        Response response = signIn(Map.of("code", "user:" + user));
        response.then().statusCode(200);
        String body = response.asString();
        String claims = claims(response.path("token"));
        for (String secret : List.of("o-" + user, "sk-" + user, "u-" + user)) {
            assertFalse(body.contains(secret), "the answer carries " + secret + ": " + body);
            assertFalse(claims.contains(secret), "the token carries " + secret + ": " + claims);
        }
    }

    @Test
    void first_sign_ins_of_one_user_at_the_same_moment_get_one_account() throws Exception {
        String user = user();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<String>> tokens = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                tokens.add(pool.submit(() -> signIn(Map.of("code", "user:" + user)).then().statusCode(200)
                        .extract().<String>path("token")));
            }
            List<String> subjects = new ArrayList<>();
            for (Future<String> token : tokens) {
                subjects.add(io.restassured.path.json.JsonPath.from(claims(token.get())).getString("sub"));
            }
            assertEquals(1, subjects.stream().distinct().count(), subjects.toString());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void a_wrong_or_used_code_answers_401() {
        for (String code : List.of("errcode:40029", "errcode:40163", "not-a-code-wechat-knows")) {
            signIn(Map.of("code", code)).then().statusCode(401).contentType("application/problem+json")
                    .body("title", equalTo("Unauthorized")).body("detail", containsString("sign-in code"));
        }
    }

    @Test
    void wechat_busy_or_rate_limited_answers_503_with_retry_after() {
        for (String code : List.of("errcode:-1", "errcode:45011")) {
            signIn(Map.of("code", code)).then().statusCode(503).contentType("application/problem+json")
                    .header("Retry-After", "5").body("title", equalTo("Temporarily unavailable"));
        }
    }

    @Test
    void a_slow_wechat_answers_503_within_5_seconds() {
        long start = System.nanoTime();
        signIn(Map.of("code", "slow")).then().statusCode(503).contentType("application/problem+json")
                .header("Retry-After", "5");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 5_000, "answered after " + millis + " ms");
    }

    @Test
    void no_code_an_empty_one_or_one_too_long_answers_400_and_asks_nothing_of_wechat() {
        for (Object body : List.of(Map.of(), Map.of("code", ""), Map.of("code", "   "), Map.of("code", "x".repeat(129)),
                "not json")) {
            invalidOnPurpose(As.nobody()).contentType(ContentType.JSON).body(body).post("/api/auth/wechat").then()
                    .statusCode(400).contentType("application/problem+json");
        }
        invalidOnPurpose(As.nobody()).contentType(ContentType.JSON).post("/api/auth/wechat").then().statusCode(400)
                .contentType("application/problem+json");
    }
}
