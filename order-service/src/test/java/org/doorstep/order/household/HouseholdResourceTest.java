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

import org.doorstep.common.contracts.HouseholdChanged;
import org.doorstep.common.events.EventEnvelope;
import org.doorstep.common.events.Topic;
import org.doorstep.testkit.AuditTrail;
import org.doorstep.testkit.EventProbe;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.doorstep.testkit.OpenApiValidation.invalidOnPurpose;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Test
    void a_household_says_how_many_live_there_one_unless_told() {
        long household = fixture.household(List.of());
        OrderFixture.resident().get("/api/households/{id}", household).then().statusCode(200).body("people", equalTo(1));
        long building = OrderFixture.resident().get("/api/households/{id}", household).then().extract().jsonPath()
                .getLong("buildingId");
        OrderFixture.resident().contentType(ContentType.JSON)
                .body(Map.of("buildingId", building, "room", "701", "contactName", "Wu Fang", "people", 4))
                .post("/api/households").then().statusCode(201).body("people", equalTo(4));
        for (int people : new int[] {0, 21}) {
            invalidOnPurpose(OrderFixture.resident()).contentType(ContentType.JSON)
                    .body(Map.of("buildingId", building, "room", "702", "contactName", "Wu Fang", "people", people))
                    .post("/api/households").then().statusCode(400).contentType("application/problem+json")
                    .body("violations.field", hasItem("people"));
        }
    }

    @Test
    void the_resident_edits_their_household_and_dispatch_is_told_with_the_phone_masked() {
        long household = fixture.household(List.of());
        long building = OrderFixture.resident().get("/api/households/{id}", household).then().extract().jsonPath()
                .getLong("buildingId");

        OrderFixture.resident().contentType(ContentType.JSON)
                .body(Map.of("room", " 1203 ", "people", 3, "phone", "13800001234",
                        "vulnerabilities", List.of("ELDERLY_ALONE")))
                .patch("/api/households/{id}", household).then().statusCode(200)
                .body("room", equalTo("1203"))
                .body("contactName", equalTo("Chen Jie"))
                .body("phone", equalTo("13800001234"))
                .body("people", equalTo(3))
                .body("vulnerabilities", containsInAnyOrder("ELDERLY_ALONE"));
        OrderFixture.resident().get("/api/households/{id}", household).then()
                .body("room", equalTo("1203")).body("people", equalTo(3));

        var record = fixture.events.awaitRecord(Topic.ORDERS, r -> {
            EventEnvelope e = EventProbe.read(r.value());
            return e != null && HouseholdChanged.TYPE.equals(e.type()) && e.aggregateId().equals(String.valueOf(household));
        }, Duration.ofSeconds(20));
        assertNotNull(record, "HouseholdChanged for household " + household);
        assertEquals(OrderFixture.compoundOf(building) + "/" + building, record.key(),
                "keyed like the household's orders: by compound (the partition) and building");
        HouseholdChanged changed = EventProbe.payload(EventProbe.read(record.value()), HouseholdChanged.class);
        assertEquals("1203", changed.room());
        assertEquals("*******1234", changed.maskedPhone());
        assertEquals(3, changed.people());
        assertFalse(record.value().contains("13800001234"), "the phone leaves order-service masked only");

        // The trail says which fields changed, never the room or phone themselves.
        var entries = AuditTrail.readBy(As.admin()).about("Household", household);
        var entry = entries.stream().filter(e -> "HOUSEHOLD_CHANGED".equals(e.get("action"))).findFirst().orElseThrow();
        String detail = String.valueOf(entry.get("detail"));
        assertTrue(detail.contains("room") && detail.contains("phone"), detail);
        assertFalse(detail.contains("1203") || detail.contains("13800001234"), detail);
    }

    @Test
    void a_field_left_out_stays_and_phone_null_removes_the_phone() {
        long household = fixture.household(List.of("CHRONIC_ILLNESS"));
        Map<String, Object> noPhone = new HashMap<>();
        noPhone.put("phone", null);
        OrderFixture.gridWorker().contentType(ContentType.JSON).body(noPhone)
                .patch("/api/households/{id}", household).then().statusCode(200)
                .body("phone", nullValue())
                .body("room", equalTo("602"))
                .body("contactName", equalTo("Chen Jie"))
                .body("vulnerabilities", containsInAnyOrder("CHRONIC_ILLNESS"));
        As.admin().contentType(ContentType.JSON).body(Map.of("contactName", "Chen Min"))
                .patch("/api/households/{id}", household).then().statusCode(200)
                .body("contactName", equalTo("Chen Min"))
                .body("phone", nullValue());
    }

    @Test
    void a_bad_change_is_refused_whole_and_changes_nothing() {
        long household = fixture.household(List.of());
        Map<String, Object> roomRemoved = new HashMap<>(Map.of("people", 5));
        roomRemoved.put("room", null);
        invalidOnPurpose(OrderFixture.resident()).contentType(ContentType.JSON).body(roomRemoved)
                .patch("/api/households/{id}", household).then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("not removed"));
        invalidOnPurpose(OrderFixture.resident()).contentType(ContentType.JSON)
                .body(Map.of("people", 2, "phone", "call me", "room", " "))
                .patch("/api/households/{id}", household).then().statusCode(400)
                .contentType("application/problem+json")
                .body("violations.field", hasItem("phone"))
                .body("violations.field", hasItem("room"));
        invalidOnPurpose(OrderFixture.resident()).contentType(ContentType.JSON).body(Map.of("people", 21))
                .patch("/api/households/{id}", household).then().statusCode(400)
                .body("violations.field", hasItem("people"));
        OrderFixture.resident().get("/api/households/{id}", household).then()
                .body("people", equalTo(1))
                .body("room", equalTo("602"))
                .body("phone", equalTo("13912345678"));
        As.resident("someone-else").contentType(ContentType.JSON).body(Map.of("people", 2))
                .patch("/api/households/{id}", household).then().statusCode(404);
    }
}
