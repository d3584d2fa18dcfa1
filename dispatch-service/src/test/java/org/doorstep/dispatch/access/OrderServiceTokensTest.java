package org.doorstep.dispatch.access;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.doorstep.testkit.As;
import org.doorstep.testkit.DoorstepTestServers;
import org.doorstep.testkit.TestIdentity;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.hamcrest.Matchers.equalTo;

/**
 * Issue 14: residents who signed in with WeChat carry tokens order-service signed with its own key. dispatch-service
 * accepts them for residents, and refuses any other role of that issuer: a leaked order-service key mints no admin.
 */
@QuarkusTest
@WithTestResource(value = DoorstepTestServers.class, scope = TestResourceScope.GLOBAL)
class OrderServiceTokensTest {

    static String orderServiceToken(String role, String subject) {
        long now = Instant.now().getEpochSecond();
        return TestIdentity.signAsOrderService(TestIdentity.claims(TestIdentity.ORDER_SERVICE_ISSUER,
                TestIdentity.AUDIENCE, role, subject, now, now + 3600));
    }

    @Test
    void a_resident_token_of_order_service_is_accepted_and_one_claiming_admin_is_refused() {
        long compound = As.admin().contentType(ContentType.JSON).body(Map.of("name", "Sunrise Court"))
                .post("/api/compounds").then().statusCode(201).extract().jsonPath().getLong("id");

        As.nobody().auth().oauth2(orderServiceToken("RESIDENT", "wx-abcdefghijkmnpqr"))
                .get("/api/compounds/{id}", compound).then().statusCode(200).body("name", equalTo("Sunrise Court"));

        for (String role : new String[]{"ADMIN", "GRID_WORKER", "VOLUNTEER"}) {
            As.nobody().auth().oauth2(orderServiceToken(role, "root")).contentType(ContentType.JSON)
                    .body(Map.of("name", "Minted Court")).post("/api/compounds")
                    .then().statusCode(401).contentType("application/problem+json");
            As.nobody().auth().oauth2(orderServiceToken(role, "root")).get("/api/compounds/{id}", compound)
                    .then().statusCode(401).contentType("application/problem+json");
        }
    }

    static String volunteerServiceToken(String role, String subject) {
        long now = Instant.now().getEpochSecond();
        return TestIdentity.signAsVolunteerService(TestIdentity.claims(TestIdentity.VOLUNTEER_SERVICE_ISSUER,
                TestIdentity.AUDIENCE, role, subject, now, now + 3600));
    }

    /** Volunteers who signed in with WeChat carry volunteer-service's tokens: VOLUNTEER, and nothing else. */
    @Test
    void a_volunteer_token_of_volunteer_service_is_accepted_and_one_claiming_another_role_is_refused() {
        long compound = As.admin().contentType(ContentType.JSON).body(Map.of("name", "Moonrise Court"))
                .post("/api/compounds").then().statusCode(201).extract().jsonPath().getLong("id");

        As.nobody().auth().oauth2(volunteerServiceToken("VOLUNTEER", "42"))
                .queryParam("volunteerId", 42).get("/api/runs").then().statusCode(200);

        for (String role : new String[]{"ADMIN", "GRID_WORKER", "RESIDENT"}) {
            As.nobody().auth().oauth2(volunteerServiceToken(role, "42")).get("/api/compounds/{id}", compound)
                    .then().statusCode(401).contentType("application/problem+json");
        }
    }
}
