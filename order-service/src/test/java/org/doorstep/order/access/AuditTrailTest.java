package org.doorstep.order.access;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.doorstep.common.contracts.BuildingStatus;
import org.doorstep.order.OrderFixture;
import org.doorstep.testkit.As;
import org.doorstep.testkit.AuditTrail;
import org.doorstep.testkit.DoorstepTestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * order-service's audit trail: a grid worker reads the entries of their grids' buildings and of no other building,
 * not even one of the same compound; entries name households and buildings by id, never by room or phone.
 */
@QuarkusTest
@WithTestResource(value = DoorstepTestServers.class, scope = TestResourceScope.GLOBAL)
class AuditTrailTest {

    private static final String RESIDENT = "audit-" + OrderFixture.nextId();
    private static final String ROOM = "Flat QX-17";
    private static final String PHONE = "13987654321";

    private static OrderFixture fixture;

    @BeforeAll
    static void setUp() throws Exception {
        fixture = new OrderFixture();
    }

    @AfterAll
    static void tearDown() {
        fixture.close();
    }

    /** A household of the resident in the building, once the building has reached order-service. */
    private static long household(long building) {
        Map<String, Object> body = Map.of("buildingId", building, "room", ROOM, "contactName", "Chen Jie",
                "phone", PHONE, "vulnerabilities", List.of("ELDERLY_ALONE"));
        return await().atMost(Duration.ofSeconds(20)).until(() -> {
            var response = As.resident(RESIDENT).contentType(ContentType.JSON).body(body).post("/api/households");
            return response.statusCode() == 201 ? response.jsonPath().getLong("id") : null;
        }, notNullValue());
    }

    /** A household with an order placed and cancelled: three entries in the building. */
    private static long orderCancelledIn(long building) {
        long order = As.resident(RESIDENT).contentType(ContentType.JSON)
                .body(OrderFixture.medicineOrder(household(building))).post("/api/orders").then().statusCode(201)
                .extract().jsonPath().getLong("id");
        As.resident(RESIDENT).post("/api/orders/{id}/cancel", order).then().statusCode(200);
        return order;
    }

    @Test
    void a_grid_worker_reads_only_their_grids_buildings_even_within_one_compound_and_no_room_or_phone() {
        long compound = OrderFixture.nextId();
        long gridA = OrderFixture.nextId();
        long gridB = OrderFixture.nextId();
        long inA = fixture.building(BuildingStatus.SEALED, compound, gridA);
        long inB = fixture.building(BuildingStatus.SEALED, compound, gridB);
        long inNone = fixture.building(BuildingStatus.SEALED, compound, null);
        long orderA = orderCancelledIn(inA);
        long orderB = orderCancelledIn(inB);
        long orderNone = orderCancelledIn(inNone);

        AuditTrail seenByA = AuditTrail.readBy(As.gridWorker("w-a", gridA));
        assertEquals(Set.of(inA), seenByA.buildings(), "grid A's worker reads building " + inA + " only");
        assertEquals(Set.of(String.valueOf(orderA)), seenByA.subjects("Order"));
        assertEquals(List.of("ORDER_CANCELLED", "ORDER_PLACED"),
                seenByA.about("Order", orderA).stream().map(e -> e.get("action")).toList());
        assertEquals("vulnerabilities [ELDERLY_ALONE]", seenByA.only("HOUSEHOLD_REGISTERED", inA).get("detail"));

        AuditTrail seenByB = AuditTrail.readBy(As.gridWorker("w-b", gridB));
        assertEquals(Set.of(inB), seenByB.buildings());
        assertEquals(Set.of(String.valueOf(orderB)), seenByB.subjects("Order"));

        // A building in no grid is an admin's alone; narrowed to grid A, an admin reads what grid A's worker reads.
        AuditTrail seenByAdmin = AuditTrail.readBy(As.admin());
        assertEquals(List.of("ORDER_CANCELLED", "ORDER_PLACED"),
                seenByAdmin.about("Order", orderNone).stream().map(e -> e.get("action")).toList());
        assertEquals(Set.of(inA), AuditTrail.readBy(As.admin().queryParam("gridId", gridA)).buildings());

        List<String> personal = List.of(ROOM, "QX-17", PHONE, "****4321");
        for (AuditTrail trail : List.of(seenByA, seenByB, seenByAdmin)) {
            assertEquals(List.of(), trail.containingAny(personal), "no room or phone in the audit trail");
        }
    }
}
