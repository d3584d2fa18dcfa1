package org.doorstep.order.order;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.doorstep.common.contracts.DistributionStarted;
import org.doorstep.common.contracts.OrderPlaced;
import org.doorstep.common.events.EventEnvelope;
import org.doorstep.common.events.Topic;
import org.doorstep.order.OrderFixture;
import org.doorstep.testkit.As;
import org.doorstep.testkit.DoorstepTestServers;
import org.doorstep.testkit.EventProbe;
import org.doorstep.testkit.Rfc3339;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.doorstep.testkit.OpenApiValidation.invalidOnPurpose;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Orders entered for households, meals with windows, meal plans and bulk distributions (issue 3). */
@QuarkusTest
@WithTestResource(value = DoorstepTestServers.class, scope = TestResourceScope.GLOBAL)
class OrderFeaturesTest {

    private static final ZoneId DISTRICT = ZoneId.of("Asia/Shanghai");
    private static OrderFixture fixture;

    @BeforeAll
    static void setUp() throws Exception {
        fixture = new OrderFixture();
    }

    @AfterAll
    static void tearDown() {
        fixture.close();
    }

    private static long buildingOf(long household) {
        return OrderFixture.resident().get("/api/households/{id}", household).then().extract().jsonPath().getLong("buildingId");
    }

    @Test
    void a_grid_worker_enters_an_order_for_a_household_without_a_phone_and_it_is_marked_as_such() {
        long household = fixture.household(List.of("ELDERLY_ALONE"));
        Map<String, Object> body = new HashMap<>(OrderFixture.medicineOrder(household));
        body.put("channel", "HOTLINE");
        body.put("enteredBy", "Zhang Wei (grid 7)");
        OrderFixture.gridWorker().contentType(ContentType.JSON).body(body).post("/api/orders").then().statusCode(201)
                .body("onBehalf", is(true))
                .body("channel", equalTo("HOTLINE"))
                .body("enteredBy", equalTo("Zhang Wei (grid 7)"))
                .body("history[0].by", equalTo("Zhang Wei (grid 7)"))
                .body("history[0].note", containsString("on the household's behalf"))
                .body("handoffCode", nullValue());

        body.remove("enteredBy");
        body.remove("channel");
        OrderFixture.gridWorker().contentType(ContentType.JSON).body(body).post("/api/orders").then().statusCode(201)
                .body("channel", equalTo("HOTLINE"))
                .body("enteredBy", equalTo("Zhang Wei"));
        body.put("channel", "DOOR_KNOCK");
        OrderFixture.resident().contentType(ContentType.JSON).body(body).post("/api/orders").then().statusCode(403)
                .body("detail", containsString("grid worker"));
        body.put("channel", "MEAL_PLAN");
        OrderFixture.gridWorker().contentType(ContentType.JSON).body(body).post("/api/orders").then().statusCode(400);
    }

    @Test
    void a_meal_carries_its_delivery_window_to_dispatch() {
        long household = fixture.household(List.of("ELDERLY_ALONE"));
        OffsetDateTime from = OffsetDateTime.now(ZoneOffset.UTC).plusHours(3).truncatedTo(ChronoUnit.SECONDS);
        OffsetDateTime to = from.plusHours(1);
        Map<String, Object> meal = new HashMap<>(Map.of("householdId", household, "category", "MEAL",
                "items", List.of(Map.of("name", "Lunch box (soft food)", "quantity", 1)),
                "deliveryWindow", Map.of("from", Rfc3339.of(from), "to", Rfc3339.of(to))));
        long order = OrderFixture.resident().contentType(ContentType.JSON).body(meal).post("/api/orders").then()
                .statusCode(201)
                .body("category", equalTo("MEAL"))
                .body("deliveryWindow.from", notNullValue())
                .extract().jsonPath().getLong("id");

        EventEnvelope event = fixture.events.await(Topic.ORDERS, e -> OrderPlaced.TYPE.equals(e.type())
                && e.aggregateId().equals(String.valueOf(order)), Duration.ofSeconds(20));
        assertNotNull(event, "OrderPlaced for meal " + order);
        OrderPlaced placed = EventProbe.payload(event, OrderPlaced.class);
        assertEquals(from.toInstant(), placed.deliverFrom().toInstant(), "dispatch sends it out when the window nears");
        assertEquals(to.toInstant(), placed.deliverBy().toInstant(), "and counts it late after the window");

        // No window, a window backwards or one already over: refused, and nothing is ordered.
        meal.remove("deliveryWindow");
        OrderFixture.resident().contentType(ContentType.JSON).body(meal).post("/api/orders").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("needs a deliveryWindow"));
        meal.put("deliveryWindow", Map.of("from", Rfc3339.of(to), "to", Rfc3339.of(from)));
        OrderFixture.resident().contentType(ContentType.JSON).body(meal).post("/api/orders").then().statusCode(400)
                .body("detail", containsString("must end after it starts"));
        meal.put("deliveryWindow", Map.of("from", Rfc3339.of(from.minusHours(6)),
                "to", Rfc3339.of(from.minusHours(5))));
        OrderFixture.resident().contentType(ContentType.JSON).body(meal).post("/api/orders").then().statusCode(422)
                .body("detail", containsString("window ended"));
        OrderFixture.resident().queryParam("householdId", household).get("/api/orders").then()
                .body("id", contains((int) order));
    }

    @Test
    void a_meal_plan_makes_one_order_per_plan_and_day_and_stops_when_paused() {
        long household = fixture.household(List.of("ELDERLY_ALONE"));
        LocalDate tomorrow = LocalDate.now(DISTRICT).plusDays(1);
        long plan = OrderFixture.resident().contentType(ContentType.JSON).body(Map.of("householdId", household,
                        "days", List.of(tomorrow.getDayOfWeek().name()), "windowStart", "11:30", "windowEnd", "12:30",
                        "items", List.of(Map.of("name", "Lunch box (soft food)", "quantity", 1)),
                        "note", "canteen lunch"))
                .post("/api/meal-plans").then().statusCode(201)
                .body("status", equalTo("ACTIVE"))
                .extract().jsonPath().getLong("id");

        As.admin().contentType(ContentType.JSON).body(Map.of("date", tomorrow.toString()))
                .post("/api/meal-plans/generate").then().statusCode(200);
        As.admin().contentType(ContentType.JSON).body(Map.of("date", tomorrow.toString()))
                .post("/api/meal-plans/generate").then().statusCode(200).body("created", equalTo(0));
        OrderFixture.resident().queryParam("householdId", household).get("/api/orders").then()
                .body("$", hasSize(1))
                .body("[0].category", equalTo("MEAL"))
                .body("[0].channel", equalTo("MEAL_PLAN"))
                .body("[0].mealPlanId", equalTo((int) plan))
                .body("[0].deliveryWindow.from", containsString(tomorrow.toString()));

        OrderFixture.resident().post("/api/meal-plans/{id}/pause", plan).then().statusCode(200).body("status", equalTo("PAUSED"));
        As.admin().contentType(ContentType.JSON).body(Map.of("date", tomorrow.plusDays(7).toString()))
                .post("/api/meal-plans/generate").then().statusCode(200);
        OrderFixture.resident().queryParam("householdId", household).get("/api/orders").then().body("$", hasSize(1));

        OrderFixture.resident().post("/api/meal-plans/{id}/resume", plan).then().statusCode(200).body("status", equalTo("ACTIVE"));
        OrderFixture.resident().post("/api/meal-plans/{id}/end", plan).then().statusCode(200).body("status", equalTo("ENDED"));
        OrderFixture.resident().post("/api/meal-plans/{id}/resume", plan).then().statusCode(409);
        OrderFixture.resident().queryParam("householdId", household).get("/api/meal-plans").then().body("id", contains((int) plan));

        invalidOnPurpose(OrderFixture.resident()).contentType(ContentType.JSON).body(Map.of("householdId", household,
                "days", List.of("FUNDAY"),
                "windowStart", "11:30", "windowEnd", "12:30", "items", List.of(Map.of("name", "x", "quantity", 1))))
                .post("/api/meal-plans").then().statusCode(400).body("detail", containsString("MONDAY"));
        OrderFixture.resident().contentType(ContentType.JSON).body(Map.of("householdId", household, "days", List.of("MONDAY"),
                "windowStart", "12:30", "windowEnd", "11:30", "items", List.of(Map.of("name", "x", "quantity", 1))))
                .post("/api/meal-plans").then().statusCode(400).body("detail", containsString("windowEnd"));
        OrderFixture.resident().get("/api/meal-plans/{id}", 987654321).then().statusCode(404);
    }

    @Test
    void a_bulk_distribution_becomes_one_order_per_household_of_the_building_even_when_delivered_twice() {
        long first = fixture.household(List.of());
        long building = buildingOf(first);
        long second = await().atMost(Duration.ofSeconds(20)).until(() -> {
            var response = OrderFixture.resident().contentType(ContentType.JSON).body(Map.of("buildingId", building, "room", "702",
                    "contactName", "Wu Fang")).post("/api/households");
            return response.statusCode() == 201 ? response.jsonPath().getLong("id") : null;
        }, org.hamcrest.Matchers.notNullValue());

        long distribution = OrderFixture.nextId();
        EventEnvelope started = fixture.events.send(Topic.DISPATCH, String.valueOf(building), DistributionStarted.TYPE,
                "dispatch-service", "Distribution", distribution, new DistributionStarted(distribution,
                        "Vegetable pack 5 kg", building, List.of(new DistributionStarted.Item("Vegetable pack", 1))));
        fixture.events.sendRaw(Topic.DISPATCH, String.valueOf(building), EventProbe.write(
                new EventEnvelope(java.util.UUID.randomUUID(), started.type(), started.occurredAt(), started.source(),
                        started.aggregateType(), started.aggregateId(), started.payload())));

        for (long household : List.of(first, second)) {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> OrderFixture.resident().queryParam("householdId", household)
                    .get("/api/orders").then()
                    .body("$", hasSize(1))
                    .body("[0].distributionId", equalTo((int) distribution))
                    .body("[0].channel", equalTo("DISTRIBUTION"))
                    .body("[0].items.name", everyItem(equalTo("Vegetable pack")))
                    .body("history[0].status", hasItem("PLACED")));
        }
    }
}
