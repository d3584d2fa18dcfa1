package org.doorstep.order;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.doorstep.testkit.DoorstepTestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.doorstep.testkit.OpenApiValidation.invalidOnPurpose;
import static org.hamcrest.Matchers.equalTo;

/**
 * The mini-program sends PATCH as POST with X-HTTP-Method-Override (wx.request has no PATCH): the service treats it as
 * the PATCH it is, and a POST endpoint is not reached by it.
 */
@QuarkusTest
@WithTestResource(value = DoorstepTestServers.class, scope = TestResourceScope.GLOBAL)
class MethodOverrideTest {

    private static OrderFixture fixture;

    @BeforeAll
    static void setUp() throws Exception {
        fixture = new OrderFixture();
    }

    @AfterAll
    static void tearDown() {
        fixture.close();
    }

    @Test
    void a_post_saying_patch_is_handled_as_a_patch_and_never_as_the_post() {
        long household = fixture.household(List.of());
        long order = OrderFixture.resident().contentType(ContentType.JSON).body(OrderFixture.medicineOrder(household))
                .post("/api/orders").then().statusCode(201).extract().jsonPath().getLong("id");

        // Cancelling is a POST; the same request saying PATCH is a PATCH, which that path does not take.
        invalidOnPurpose(OrderFixture.resident()).header("X-HTTP-Method-Override", "PATCH")
                .post("/api/orders/{id}/cancel", order).then().statusCode(405);
        OrderFixture.resident().get("/api/orders/{id}", order).then().statusCode(200)
                .body("status", equalTo("PLACED"));

        // Any other override is ignored: the POST is what it says.
        OrderFixture.resident().header("X-HTTP-Method-Override", "DELETE")
                .post("/api/orders/{id}/cancel", order).then().statusCode(200).body("status", equalTo("CANCELLED"));
    }
}
