package org.doorstep.order.access;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.doorstep.testkit.DoorstepTestServers;
import org.junit.jupiter.api.Test;

import java.util.Map;

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
}
