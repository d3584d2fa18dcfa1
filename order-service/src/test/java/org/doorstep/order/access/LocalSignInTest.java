package org.doorstep.order.access;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.doorstep.testkit.DoorstepTestServers;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The local sign-in page and its endpoints exist in the local profile only: here (the test profile) they do not. */
@QuarkusTest
@WithTestResource(value = DoorstepTestServers.class, scope = TestResourceScope.GLOBAL)
class LocalSignInTest {

    @Test
    void outside_the_local_profile_there_is_no_sign_in_page_and_no_way_to_mint_a_token() {
        RestAssured.given().get("/signin").then().statusCode(404).contentType("application/problem+json");
        RestAssured.given().get("/local/people").then().statusCode(404);
        RestAssured.given().contentType(ContentType.JSON)
                .body(Map.of("role", "ADMIN", "subject", "root")).post("/local/token").then().statusCode(404);
        // The pages themselves are only files; without a token they show nothing of anyone.
        RestAssured.given().get("/resident/").then().statusCode(200);
    }

    @Test
    void whatever_is_sent_to_the_sign_in_the_answer_is_that_of_an_address_where_nothing_lives() {
        Response nothing = RestAssured.given().get("/no-such-address");
        assertEquals(404, nothing.statusCode());
        // A bad body would be a 400 and a wrong method a 405 if anything answered there: both tell a prober it does.
        for (Response response : new Response[]{
                RestAssured.given().contentType(ContentType.JSON).body(Map.of("role", "KING")).post("/local/token"),
                RestAssured.given().contentType(ContentType.JSON).body("not json").post("/local/token"),
                RestAssured.given().get("/local/token"),
                RestAssured.given().delete("/signin"),
                RestAssured.given().contentType(ContentType.JSON).body(Map.of("role", "ADMIN", "subject", "root"))
                        .post("/signin")}) {
            assertEquals(404, response.statusCode(), response.asString());
            assertEquals(nothing.contentType(), response.contentType());
            assertEquals(nothing.asString(), response.asString());
        }
    }
}
