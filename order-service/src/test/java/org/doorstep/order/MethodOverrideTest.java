package org.doorstep.order;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.doorstep.testkit.DoorstepTestServers;
import org.doorstep.testkit.TestIdentity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The mini-program sends PATCH as POST with X-HTTP-Method-Override (wx.request has no PATCH): the service treats it as
 * the PATCH it is, and a POST endpoint is not reached by it.
 */
@QuarkusTest
@WithTestResource(value = DoorstepTestServers.class, scope = TestResourceScope.GLOBAL)
class MethodOverrideTest {

    private static OrderFixture fixture;

    @TestHTTPResource("/")
    URL base;

    @BeforeAll
    static void setUp() throws Exception {
        fixture = new OrderFixture();
    }

    @AfterAll
    static void tearDown() {
        fixture.close();
    }

    @Test
    void a_post_saying_patch_is_handled_as_a_patch_and_never_as_the_post() throws Exception {
        long household = fixture.household(List.of());
        long order = OrderFixture.resident().contentType(ContentType.JSON).body(OrderFixture.medicineOrder(household))
                .post("/api/orders").then().statusCode(201).extract().jsonPath().getLong("id");

        // Cancelling is a POST; the same request saying PATCH is a PATCH, which that path does not take. Sent past
        // REST Assured: its OpenAPI check would read the 405 of the HTTP layer as an operation's answer.
        HttpResponse<String> disguised = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        base.toURI().resolve("api/orders/" + order + "/cancel"))
                .header("Authorization", "Bearer " + TestIdentity.token("RESIDENT", OrderFixture.RESIDENT))
                .header("X-HTTP-Method-Override", "PATCH")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, disguised.statusCode(), disguised.body());
        OrderFixture.resident().get("/api/orders/{id}", order).then().statusCode(200)
                .body("status", equalTo("PLACED"));

        // Any other override is ignored: the POST is what it says.
        OrderFixture.resident().header("X-HTTP-Method-Override", "DELETE")
                .post("/api/orders/{id}/cancel", order).then().statusCode(200).body("status", equalTo("CANCELLED"));
    }
}
