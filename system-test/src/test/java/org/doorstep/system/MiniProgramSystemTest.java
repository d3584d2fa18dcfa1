package org.doorstep.system;

import org.doorstep.testkit.FakeWeChatServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.RestAssured;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 14: the WeChat mini-program against the real services. Its list of operations must all exist in the owning
 * service's OpenAPI document, and its own API module and outbox (miniprogram/test/system/deliver.js, run with Node,
 * WeChat's client played over real HTTP, WeChat's code2Session by {@link FakeWeChatServer}) take a resident from WeChat
 * sign-in to a delivered order, confirmed without signal by a volunteer signed in with WeChat, the household moved
 * upstairs on the way.
 */
@Order(3)
class MiniProgramSystemTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Stack stack;
    private static final Path MINIPROGRAM = Path.of(System.getProperty("doorstep.root", ".."))
            .toAbsolutePath().normalize().resolve("miniprogram");

    @BeforeAll
    static void start() throws Exception {
        stack = Stack.shared();
    }

    @Test
    void every_operation_the_mini_program_calls_is_in_its_services_openapi_document() throws Exception {
        // utils/operations.js is plain JSON after `module.exports =` (the mini-program cannot require a .json file).
        String source = Files.readString(MINIPROGRAM.resolve("utils/operations.js"), StandardCharsets.UTF_8);
        int start = source.indexOf('{', source.indexOf("module.exports ="));
        JsonNode operations = JSON.readTree(source.substring(start, source.lastIndexOf('}') + 1));
        assertTrue(operations.size() >= 20, "the operations list was read: " + operations.size());

        Map<String, JsonNode> documents = new HashMap<>();
        List<String> missing = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = operations.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> operation = it.next();
            String service = operation.getValue().path("service").asText();
            JsonNode document = documents.computeIfAbsent(service, s -> openApi(Stack.Service.valueOf(
                    s.toUpperCase(Locale.ROOT))));
            String path = operation.getValue().path("path").asText();
            String method = operation.getValue().path("method").asText().toLowerCase(Locale.ROOT);
            if (document.path("paths").path(path).path(method).isMissingNode()) {
                missing.add(operation.getKey() + ": " + method.toUpperCase(Locale.ROOT) + " " + path + " on " + service);
            }
        }
        assertEquals(List.of(), missing, "operations the mini-program calls that its services do not document");
    }

    private static JsonNode openApi(Stack.Service service) {
        try {
            return JSON.readTree(RestAssured.given().baseUri(stack.url(service)).get("/q/openapi?format=json")
                    .then().statusCode(200).extract().asString());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void a_resident_signed_in_with_wechat_orders_and_sees_it_delivered_by_a_volunteer_who_confirmed_without_signal()
            throws Exception {
        String compoundName = "Mini-program Court " + UUID.randomUUID();
        long compound = stack.as(Stack.Service.DISPATCH, Tokens.admin()).body(Map.of("name", compoundName))
                .post("/api/compounds").then().statusCode(201).extract().jsonPath().getLong("id");
        long building = stack.as(Stack.Service.DISPATCH, Tokens.admin()).body(Map.of("compoundId", compound,
                        "name", "Building 3", "status", "SEALED")).post("/api/buildings").then().statusCode(201)
                .extract().jsonPath().getLong("id");
        stack.as(Stack.Service.DISPATCH, Tokens.admin()).body(Map.of("name", compoundName,
                "buildingIds", List.of(building))).post("/api/grids").then().statusCode(201);
        long volunteer = stack.createWhenKnown(Stack.Service.VOLUNTEER, Tokens.admin(), "/api/volunteers",
                Map.of("name", "Li Na", "phone", "13900139000", "compoundId", compound,
                        "buildingIds", List.of(building), "capacity", 3)).getLong("id");
        stack.as(Stack.Service.VOLUNTEER, Tokens.volunteer(volunteer)).body(Map.of("result", "NEGATIVE",
                        "takenAt", OffsetDateTime.now().minusHours(2).toString()))
                .post("/api/volunteers/{id}/tests", volunteer).then().statusCode(200);
        stack.as(Stack.Service.VOLUNTEER, Tokens.volunteer(volunteer)).body(Map.of("onDuty", true))
                .put("/api/volunteers/{id}/duty", volunteer).then().statusCode(200);

        // The grid worker's one-time code, which the volunteer types once into the mini-program.
        String bindingCode = stack.as(Stack.Service.VOLUNTEER, Tokens.admin())
                .post("/api/volunteers/{id}/wechat-binding", volunteer).then().statusCode(201)
                .extract().path("code");

        ProcessBuilder node = new ProcessBuilder("node", "test/system/deliver.js").directory(MINIPROGRAM.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        node.environment().putAll(Map.of(
                "ORDER_URL", stack.url(Stack.Service.ORDER),
                "DISPATCH_URL", stack.url(Stack.Service.DISPATCH),
                "VOLUNTEER_URL", stack.url(Stack.Service.VOLUNTEER),
                "COMPOUND_NAME", compoundName,
                "VOLUNTEER_ID", String.valueOf(volunteer),
                "BINDING_CODE", bindingCode,
                "WECHAT_USER", "resident-" + UUID.randomUUID()));
        Process process = node.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(process.waitFor(3, TimeUnit.MINUTES), "the mini-program's script ended");
        assertEquals(0, process.exitValue(), "the mini-program's script went through (its error is above): " + output);

        JsonNode seen = JSON.readTree(output.substring(output.lastIndexOf('\n') + 1));
        long order = seen.path("orderId").asLong();
        // What the resident saw, as the services hold it: one order, of the WeChat account's household, delivered once.
        stack.as(Stack.Service.ORDER, Tokens.admin()).get("/api/households/{id}", seen.path("householdId").asLong())
                .then().statusCode(200).body("account", equalTo(seen.path("account").asText()))
                .body("buildingId", equalTo((int) building)).body("room", equalTo("603")).body("people", equalTo(4));
        var answer = stack.as(Stack.Service.ORDER, Tokens.admin()).get("/api/orders/{id}", order).then()
                .statusCode(200).body("status", equalTo("DELIVERED")).extract().jsonPath();
        assertEquals(1, answer.getList("history.status").stream().filter("DELIVERED"::equals).count(),
                "delivered once, though the handoff was sent twice");
        assertEquals(1, stack.as(Stack.Service.ORDER, Tokens.admin())
                .queryParam("householdId", seen.path("householdId").asLong()).get("/api/orders").then().statusCode(200)
                .extract().jsonPath().getList("id").size(), "one order, though it was placed twice with its key");
        // The handoff's time is when the volunteer confirmed it in the stairwell, not when the signal came back.
        String deliveredAt = answer.getString("history.find { it.status == 'DELIVERED' }.at");
        // (The signal came back 2.5 s after; within a second allows for a column that keeps whole seconds.)
        long apart = java.time.Duration.between(java.time.OffsetDateTime.parse(seen.path("confirmedAt").asText()),
                java.time.OffsetDateTime.parse(deliveredAt)).abs().toMillis();
        assertTrue(apart < 1000, "delivered at " + deliveredAt + ", confirmed at " + seen.path("confirmedAt"));
        assertEquals(answer.getList("history.status"), JSON.convertValue(seen.path("history").findValuesAsText("status"),
                List.class), "the resident's mini-program showed the same steps");
    }
}
