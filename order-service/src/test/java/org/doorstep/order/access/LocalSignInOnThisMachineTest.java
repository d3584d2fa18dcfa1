package org.doorstep.order.access;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.doorstep.testkit.DoorstepTestServers;
import org.doorstep.testkit.TestIdentity;
import org.junit.jupiter.api.Test;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * In the local profile the sign-in signs any role for whoever asks, so it answers only callers on this machine. Here
 * the service listens on every interface (as with DOORSTEP_BIND_ADDRESS=0.0.0.0) and honours forwarded headers, and
 * is called once through loopback and once through this machine's network address, as a neighbour would call it.
 */
@QuarkusTest
@TestProfile(LocalSignInOnThisMachineTest.LocalStack.class)
@WithTestResource(value = DoorstepTestServers.class, scope = TestResourceScope.GLOBAL)
class LocalSignInOnThisMachineTest {

    public static class LocalStack implements QuarkusTestProfile {

        @Override
        public String getConfigProfile() {
            return "local,test";
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("doorstep.local-identity.private-key-location", TestIdentity.privateKeyFile().toString(),
                    "quarkus.http.host", "0.0.0.0",
                    // Were the sign-in to believe these headers, any caller could say it is 127.0.0.1.
                    "quarkus.http.proxy.proxy-address-forwarding", "true",
                    "quarkus.http.proxy.allow-x-forwarded", "true",
                    "quarkus.http.proxy.enable-forwarded-host", "true");
        }
    }

    @Test
    void a_caller_on_this_machine_signs_in_and_the_token_opens_the_api_for_no_longer_than_the_maximum_age() {
        RestAssured.given().get("/signin").then().statusCode(200).contentType(ContentType.HTML)
                .body(containsString("/local/token"));
        RestAssured.given().get("/local/people").then().statusCode(200).body("subject", hasItem("root"));
        String token = RestAssured.given().contentType(ContentType.JSON)
                .body(Map.of("role", "ADMIN", "subject", "root")).post("/local/token")
                .then().statusCode(200).extract().path("token");

        RestAssured.given().auth().oauth2(token).get("/api/audit").then().statusCode(200);
        String claims = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        assertTrue(claims.contains("\"aud\":\"" + TestIdentity.AUDIENCE + "\""), claims);
        long issued = Long.parseLong(claims.replaceAll(".*\"iat\":(\\d+).*", "$1"));
        long expires = Long.parseLong(claims.replaceAll(".*\"exp\":(\\d+).*", "$1"));
        assertEquals(TestIdentity.MAX_AGE_SECONDS, expires - issued, claims);
    }

    @Test
    void a_caller_from_another_machine_finds_nothing_there_even_when_claiming_to_be_this_one() throws Exception {
        InetAddress network = networkAddress();
        assumeTrue(network != null, "this machine has no network address besides loopback to call itself through");
        Function<Map<String, String>, RequestSpecification> neighbour = headers -> RestAssured.given()
                .baseUri("http://" + network.getHostAddress()).port(RestAssured.port).headers(headers);
        Map<String, String> plain = Map.of();
        Map<String, String> claimingLoopback = Map.of("X-Forwarded-For", "127.0.0.1", "Forwarded", "for=127.0.0.1",
                "X-Real-IP", "127.0.0.1", "Host", "localhost");

        // The service does answer there, and this is what it says of an address where nothing lives.
        neighbour.apply(plain).get("/resident/").then().statusCode(200);
        Response nothing = neighbour.apply(plain).get("/no-such-address");
        assertEquals(404, nothing.statusCode());

        for (Map<String, String> headers : List.of(plain, claimingLoopback)) {
            for (Response response : List.of(
                    neighbour.apply(headers).contentType(ContentType.JSON)
                            .body(Map.of("role", "ADMIN", "subject", "root")).post("/local/token"),
                    neighbour.apply(headers).get("/local/people"),
                    neighbour.apply(headers).get("/signin"),
                    neighbour.apply(headers).get("/signin/"),
                    neighbour.apply(headers).urlEncodingEnabled(false).get("/%73ignin"),
                    neighbour.apply(headers).urlEncodingEnabled(false).get("/ui/../signin"),
                    neighbour.apply(headers).urlEncodingEnabled(false).get("//local/people"),
                    neighbour.apply(headers).get("/local/token"),
                    neighbour.apply(headers).contentType(ContentType.JSON).body("{").post("/local/token"))) {
                assertEquals(404, response.statusCode(), headers + ": " + response.asString());
                assertEquals(nothing.contentType(), response.contentType());
                assertEquals(nothing.asString(), response.asString());
            }
        }
    }

    /** An IPv4 address of this machine that is not loopback: calls to it come from it, not from 127.0.0.1. */
    private static InetAddress networkAddress() throws Exception {
        return NetworkInterface.networkInterfaces()
                .filter(i -> {
                    try {
                        return i.isUp() && !i.isLoopback();
                    } catch (java.net.SocketException e) {
                        return false;
                    }
                })
                .flatMap(NetworkInterface::inetAddresses)
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                .findFirst().orElse(null);
    }
}
