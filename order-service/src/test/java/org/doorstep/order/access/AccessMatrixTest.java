package org.doorstep.order.access;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.doorstep.common.contracts.BuildingStatus;
import org.doorstep.order.OrderFixture;
import org.doorstep.testkit.FakeWeChat;
import org.doorstep.testkit.AccessMatrix;
import org.doorstep.testkit.AccessMatrix.Case;
import org.doorstep.testkit.AccessMatrix.Row;
import org.doorstep.testkit.As;
import org.doorstep.testkit.DoorstepTestServers;
import org.doorstep.testkit.TestIdentity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.doorstep.testkit.AccessMatrix.call;
import static org.doorstep.testkit.AccessMatrix.row;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every endpoint of order-service, called as every kind of caller; docs/security.md in one table. */
@QuarkusTest
@WithTestResource(value = DoorstepTestServers.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeWeChat.class, scope = TestResourceScope.GLOBAL)
class AccessMatrixTest {

    private static final String OWNER = "owner-" + OrderFixture.nextId();
    private static final long OTHER_GRID = OrderFixture.GRID + 1000;

    private static OrderFixture fixture;
    private static long building;

    @BeforeAll
    static void setUp() throws Exception {
        fixture = new OrderFixture();
        building = fixture.building(BuildingStatus.SEALED);
    }

    /** Once per test: the building has reached order-service (the app is up only once a test method runs). */
    static void awaitBuilding() {
        await().atMost(Duration.ofSeconds(20)).until(() -> household() > 0);
    }

    @AfterAll
    static void tearDown() {
        fixture.close();
    }

    private static final AccessMatrix.Callers CALLERS = new AccessMatrix.Callers(OWNER, "stranger", 4242, 4343,
            OrderFixture.GRID, OTHER_GRID);

    static RequestSpecification as(Case c) {
        return CALLERS.as(c);
    }

    /** A fresh household of the owner, in a building of the grid. */
    static long household() {
        var response = As.resident(OWNER).contentType(ContentType.JSON)
                .body(Map.of("buildingId", building, "room", "602", "contactName", "Chen Jie", "phone", "13912345678"))
                .post("/api/households");
        return response.statusCode() == 201 ? response.jsonPath().getLong("id") : -1;
    }

    static long order() {
        return As.resident(OWNER).contentType(ContentType.JSON).body(OrderFixture.medicineOrder(household()))
                .post("/api/orders").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    static long mealPlan() {
        return As.resident(OWNER).contentType(ContentType.JSON).body(mealPlanOf(household()))
                .post("/api/meal-plans").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    static Map<String, Object> mealPlanOf(long household) {
        return Map.of("householdId", household, "days", List.of("MONDAY"), "windowStart", "11:30",
                "windowEnd", "12:30", "items", List.of(Map.of("name", "Lunch box", "quantity", 1)));
    }

    //                                      NO_TOKEN  RESIDENT       VOLUNTEER      GRID_WORKER    ADMIN
    //                                                owner other    owner other    in    out
    static final List<Row> TABLE = List.of(
            row("POST", "/api/households", c -> call("/api/households", Map.of("buildingId", building,
                    "room", "1", "contactName", "Wu Fang")),      "401  201 201  403 403  201 403  201"),
            row("GET", "/api/households", c -> call("/api/households?buildingId=" + building),
                    "401  200 200  403 403  200 403  200"),
            row("GET", "/api/households/{id}", c -> call("/api/households/" + household()),
                    "401  200 404  403 403  200 403  200"),
            row("PATCH", "/api/households/{id}", c -> call("/api/households/" + household(),
                    Map.of("room", "603", "people", 2)),
                    "401  200 404  403 403  200 403  200"),
            // Erasure on request is an admin's alone (README, Security).
            row("POST", "/api/households/{id}/erasure", c -> call("/api/households/" + household() + "/erasure"),
                    "401  403 403  403 403  403 403  200"),
            row("POST", "/api/orders", c -> call("/api/orders", OrderFixture.medicineOrder(household())),
                    "401  201 404  403 403  201 403  201"),
            row("GET", "/api/orders", c -> call("/api/orders?householdId=" + household()),
                    "401  200 404  403 403  200 403  200"),
            row("GET", "/api/orders/{id}", c -> call("/api/orders/" + order()),
                    "401  200 404  403 403  200 403  200"),
            row("POST", "/api/orders/{id}/cancel", c -> call("/api/orders/" + order() + "/cancel"),
                    "401  200 404  403 403  200 403  200"),
            row("POST", "/api/meal-plans", c -> call("/api/meal-plans", mealPlanOf(household())),
                    "401  201 404  403 403  201 403  201"),
            row("GET", "/api/meal-plans", c -> call("/api/meal-plans?householdId=" + household()),
                    "401  200 404  403 403  200 403  200"),
            row("GET", "/api/meal-plans/{id}", c -> call("/api/meal-plans/" + mealPlan()),
                    "401  200 404  403 403  200 403  200"),
            row("POST", "/api/meal-plans/{id}/pause", c -> call("/api/meal-plans/" + mealPlan() + "/pause"),
                    "401  200 404  403 403  200 403  200"),
            row("POST", "/api/meal-plans/{id}/resume", c -> call("/api/meal-plans/" + mealPlan() + "/resume"),
                    "401  200 404  403 403  200 403  200"),
            row("POST", "/api/meal-plans/{id}/end", c -> call("/api/meal-plans/" + mealPlan() + "/end"),
                    "401  200 404  403 403  200 403  200"),
            row("POST", "/api/meal-plans/generate", c -> call("/api/meal-plans/generate",
                    Map.of("date", LocalDate.now().plusDays(30).toString())),
                    "401  403 403  403 403  403 403  200"),
            row("GET", "/api/limits", c -> call("/api/limits"),
                    "401  200 200  403 403  200 200  200"),
            row("GET", "/api/audit", c -> call("/api/audit"),
                    "401  403 403  403 403  200 200  200"),
            row("GET", "/api/audit/verification", c -> call("/api/audit/verification"),
                    "401  403 403  403 403  403 403  200"),
            // Each resident's own consents and messages; the others have none yet (issue 15, residents first).
            row("GET", "/api/me/subscriptions", c -> call("/api/me/subscriptions"),
                    "401  200 200  403 403  403 403  403"),
            row("POST", "/api/me/subscriptions", c -> call("/api/me/subscriptions",
                    Map.of("tmpl-delivered", "accept")),          "401  200 200  403 403  403 403  403"),
            row("GET", "/api/me/notifications", c -> call("/api/me/notifications"),
                    "401  200 200  200 200  200 200  200"),
            // Sign-in needs no token: everyone gets what the code earns (this one WeChat does not know).
            row("POST", "/api/auth/wechat", c -> call("/api/auth/wechat", Map.of("code", "not-a-code")),
                    "401  401 401  401 401  401 401  401"));

    @Test
    void every_endpoint_answers_each_caller_as_the_rules_say() {
        awaitBuilding();
        String openApi = RestAssured.given().get("/q/openapi?format=json").then().statusCode(200).extract().asString();
        assertEquals(List.of(), AccessMatrix.uncovered(TABLE, openApi), "the table and the endpoints differ");
        assertEquals(List.of(), AccessMatrix.run(TABLE, AccessMatrixTest::as));
    }

    @Test
    void a_token_that_is_expired_from_another_issuer_or_badly_signed_is_refused() {
        long now = Instant.now().getEpochSecond();
        String expired = TestIdentity.sign(TestIdentity.claims(TestIdentity.ISSUER, TestIdentity.AUDIENCE, "RESIDENT",
                OWNER, now - 7200, now - 3600));
        String otherIssuer = TestIdentity.sign(TestIdentity.claims("https://elsewhere", TestIdentity.AUDIENCE,
                "RESIDENT", OWNER, now, now + 3600));
        String good = TestIdentity.token("RESIDENT", OWNER);
        String forged = good.substring(0, good.lastIndexOf('.') + 1) + "AAAA" + good.substring(good.lastIndexOf('.') + 5);
        for (String token : List.of(expired, otherIssuer, forged, "not-a-jwt")) {
            RestAssured.given().auth().oauth2(token).get("/api/households").then().statusCode(401)
                    .contentType("application/problem+json").body("detail", notNullValue());
        }
        RestAssured.given().auth().oauth2(good).get("/api/households").then().statusCode(200);
        RestAssured.given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void the_handoff_code_is_shown_to_the_resident_only_or_for_a_household_without_one_to_its_grid_worker() {
        awaitBuilding();
        long order = order();
        As.resident(OWNER).get("/api/orders/{id}", order).then().statusCode(200)
                .body("handoffCode", matchesPattern("\\d{6}"));
        as(Case.GRID_WORKER_IN).get("/api/orders/{id}", order).then().statusCode(200).body("handoffCode", nullValue());
        As.admin().get("/api/orders/{id}", order).then().statusCode(200).body("handoffCode", nullValue());

        // Nobody signs in for a household without a phone: its grid worker reads the code to them.
        long withoutAccount = as(Case.GRID_WORKER_IN).contentType(ContentType.JSON)
                .body(Map.of("buildingId", building, "room", "1101", "contactName", "Liu Guizhen"))
                .post("/api/households").then().statusCode(201).extract().jsonPath().getLong("id");
        long hotline = as(Case.GRID_WORKER_IN).contentType(ContentType.JSON)
                .body(OrderFixture.medicineOrder(withoutAccount)).post("/api/orders").then().statusCode(201)
                .body("channel", equalTo("HOTLINE")).extract().jsonPath().getLong("id");
        as(Case.GRID_WORKER_IN).get("/api/orders/{id}", hotline).then().body("handoffCode", matchesPattern("\\d{6}"));
        As.admin().get("/api/orders/{id}", hotline).then().body("handoffCode", nullValue());
    }

    @Test
    void changes_are_audited_with_actor_role_and_time_for_the_grid_they_happened_in() {
        awaitBuilding();
        long order = order();
        as(Case.GRID_WORKER_IN).post("/api/orders/{id}/cancel", order).then().statusCode(200);
        as(Case.GRID_WORKER_IN).get("/api/audit").then().statusCode(200)
                .body("findAll { it.subjectId == '" + order + "' }.action", hasItem("ORDER_PLACED"))
                .body("find { it.subjectId == '" + order + "' && it.action == 'ORDER_CANCELLED' }.actor",
                        equalTo("w-in"))
                .body("find { it.subjectId == '" + order + "' && it.action == 'ORDER_CANCELLED' }.role",
                        equalTo("GRID_WORKER"))
                .body("find { it.subjectId == '" + order + "' && it.action == 'ORDER_PLACED' }.actor", equalTo(OWNER))
                .body("find { it.subjectId == '" + order + "' }.at", notNullValue())
                .body("detail", not(hasItem(org.hamcrest.Matchers.containsString("13912345678"))));
        as(Case.GRID_WORKER_OUT).get("/api/audit").then().statusCode(200)
                .body("subjectId", not(hasItem(String.valueOf(order))));
        as(Case.GRID_WORKER_OUT).get("/api/audit?gridId=" + OrderFixture.GRID).then().statusCode(403);
        As.admin().get("/api/audit?gridId=" + OrderFixture.GRID).then().statusCode(200)
                .body("subjectId", hasItem(String.valueOf(order)));
    }
}
