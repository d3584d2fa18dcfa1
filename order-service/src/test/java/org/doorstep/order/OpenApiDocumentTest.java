package org.doorstep.order;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.doorstep.testkit.DoorstepTestServers;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.doorstep.testkit.OpenApiValidation.invalidOnPurpose;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every REST Assured exchange of this service's tests is checked against its own /q/openapi (testkit's
 * OpenApiValidation, installed for each Quarkus test without a line in the test): a request the document does not
 * allow fails the test that sends it, unless it is sent invalid on purpose, and then its answer is still checked.
 */
@QuarkusTest
@WithTestResource(value = DoorstepTestServers.class, scope = TestResourceScope.GLOBAL)
class OpenApiDocumentTest {

    private static final Map<String, Object> NO_HOUSEHOLD = Map.of("category", "MEDICINE",
            "items", List.of(Map.of("name", "Cetirizine syrup", "quantity", 1)));

    @Test
    void a_request_the_document_does_not_allow_fails_the_test_that_sends_it() {
        AssertionError drift = assertThrows(AssertionError.class, () -> OrderFixture.resident()
                .contentType(ContentType.JSON).body(NO_HOUSEHOLD).post("/api/orders"));
        assertTrue(drift.getMessage().contains("POST /api/orders answered 400"), drift.getMessage());
        assertTrue(drift.getMessage().contains("householdId"), drift.getMessage());
    }

    @Test
    void a_client_told_to_come_back_later_is_told_when() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("paths.'/api/orders'.post.responses.'503'.headers.'Retry-After'.required", equalTo(true))
                .body("paths.'/api/orders'.post.responses.'503'.headers.'Retry-After'.schema.type", equalTo("integer"));
    }

    @Test
    void the_same_request_sent_invalid_on_purpose_gets_its_documented_problem() {
        invalidOnPurpose(OrderFixture.resident()).contentType(ContentType.JSON).body(NO_HOUSEHOLD)
                .post("/api/orders").then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", hasItem("householdId"));
    }
}
