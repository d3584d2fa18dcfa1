package org.doorstep.order.household;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.doorstep.order.OrderFixture;
import org.doorstep.testkit.As;
import org.doorstep.testkit.DoorstepTestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.doorstep.testkit.OpenApiValidation.invalidOnPurpose;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

@QuarkusTest
@WithTestResource(value = DoorstepTestServers.class, scope = TestResourceScope.GLOBAL)
class HouseholdResourceTest {

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
    void a_resident_registers_a_household_with_its_vulnerabilities() {
        long id = fixture.household(List.of("ELDERLY_ALONE", "CHRONIC_ILLNESS"));
        OrderFixture.resident().get("/api/households/{id}", id).then().statusCode(200)
                .body("room", equalTo("602"))
                .body("contactName", equalTo("Chen Jie"))
                .body("vulnerabilities", containsInAnyOrder("ELDERLY_ALONE", "CHRONIC_ILLNESS"));
    }

    @Test
    void a_household_without_a_phone_can_be_registered() {
        long household = fixture.household(List.of());
        long building = OrderFixture.resident().get("/api/households/{id}", household).then().extract().jsonPath().getLong("buildingId");
        OrderFixture.resident().contentType(ContentType.JSON)
                .body(Map.of("buildingId", building, "room", "101", "contactName", "Grandma Liu"))
                .post("/api/households").then()
                .statusCode(201).header("Location", containsString("/api/households/"));
    }

    @Test
    void bad_households_get_a_problem() {
        OrderFixture.resident().contentType(ContentType.JSON)
                .body(Map.of("buildingId", 987654321, "room", "1", "contactName", "X"))
                .post("/api/households").then()
                .statusCode(404).contentType("application/problem+json")
                .body("detail", containsString("Building 987654321 does not exist"));
        invalidOnPurpose(OrderFixture.resident()).contentType(ContentType.JSON).body(Map.of("buildingId", 1,
                        "contactName", "X", "vulnerabilities", List.of("ALONE")))
                .post("/api/households").then()
                .statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("ELDERLY_ALONE"));
        invalidOnPurpose(OrderFixture.resident()).contentType(ContentType.JSON)
                .body(Map.of("buildingId", 1, "contactName", "X", "phone", "call me"))
                .post("/api/households").then()
                .statusCode(400).body("violations.field", hasItem("room"))
                .body("violations.field", hasItem("phone"));
        OrderFixture.resident().get("/api/households/{id}", 987654321).then().statusCode(404);
    }
}
