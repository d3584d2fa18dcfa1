package org.doorstep.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.doorstep.testkit.AccessMatrix;
import org.doorstep.testkit.TestIdentity;
import org.doorstep.testkit.OpenApiValidation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Malformed requests derived from each service's own OpenAPI document, replayed against the running services: not one
 * answers 5xx, every write is refused with a problem+json 4xx, and no table gains or loses a row. They carry a token
 * that may call the endpoint (an admin's; a volunteer's where only the run's volunteer may act), so that they reach
 * the service's checks of the input rather than stopping at the door. Apart from them, a few well-formed requests
 * without a token or with a bad one: 401, problem+json, nothing written.
 */
@Order(1)
class BadInputCorpusSystemTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Ids that name nothing, or are not ids at all. */
    private static final List<String> BAD_IDS = List.of("999999999", "0", "-1", "abc", "99999999999999999999999");
    private static final List<String> BAD_BODIES = List.of("", "not json", "{", "[]", "\"text\"", "42", "null", "{}",
            "{\"unknown\": true}", "[{}]");

    /** Only the run's volunteer picks up and confirms handoffs (docs/security.md); an admin would get 403 there. */
    private static final java.util.regex.Pattern VOLUNTEER_ONLY =
            java.util.regex.Pattern.compile("/api/runs/\\{[^}]+}/(pickup|handoffs)");

    /** A resident's own WeChat consents (issue 15): an admin has none and would get 403. */
    private static final java.util.regex.Pattern RESIDENT_ONLY = java.util.regex.Pattern.compile("/api/me/subscriptions");

    /** On volunteer-service, a volunteer's own messages and consents (issue 15): only a volunteer has them. */
    private static final java.util.regex.Pattern OWN_MESSAGES = java.util.regex.Pattern.compile("/api/me/.*");

    /** On dispatch-service, a grid worker's own messages (issue 15): only a grid worker has them. */
    private static final java.util.regex.Pattern GRID_WORKER_ONLY = java.util.regex.Pattern.compile("/api/me/.*");

    /**
     * @param caller ADMIN, or VOLUNTEER / RESIDENT / GRID_WORKER for what only a run's volunteer / a resident / a grid
     *               worker may call
     */
    private record Attempt(String service, String caller, String method, String path, String body,
                           String contentType) {
    }

    private static Stack stack;

    @BeforeAll
    static void start() throws Exception {
        stack = Stack.shared();
    }

    @Test
    void hundreds_of_malformed_requests_get_a_4xx_problem_and_change_nothing() throws Exception {
        List<Attempt> corpus = new ArrayList<>();
        for (Stack.Service service : Stack.Service.values()) {
            JsonNode openapi = JSON.readTree(RestAssured.given().baseUri(stack.url(service))
                    .get("/q/openapi?format=json").asString());
            corpus.addAll(corpus(service, openapi));
        }
        assertTrue(corpus.size() >= 500, "corpus of " + corpus.size() + " requests");

        Map<String, Long> before = stack.rowCounts();
        Map<String, Integer> statuses = new TreeMap<>();
        List<String> wrong = new ArrayList<>();
        for (Attempt attempt : corpus) {
            // Every answer must also be one the service's OpenAPI document lists for the operation.
            var request = checkedAnswer().baseUri(stack.url(Stack.Service.valueOf(attempt.service())))
                    .header("Authorization", "Bearer " + token(attempt.caller())).urlEncodingEnabled(false);
            if (attempt.body() != null) {
                request = request.contentType(attempt.contentType()).body(attempt.body());
            }
            Response response = request.request(attempt.method(), attempt.path());
            int status = response.statusCode();
            statuses.merge(String.valueOf(status), 1, Integer::sum);
            boolean write = !attempt.method().equals("GET");
            // 401, or 403 for an admin, would mean the request never reached the checks this corpus is about.
            boolean turnedAway = status == 401 || (status == 403 && attempt.caller().equals("ADMIN"));
            if (status >= 500 || turnedAway || (write && (status < 400
                    || !String.valueOf(response.contentType()).startsWith("application/problem+json")))) {
                wrong.add(attempt + " -> " + status + " " + response.asString());
            }
        }
        System.out.printf("bad-input corpus: %d requests, statuses %s%n", corpus.size(), statuses);
        assertTrue(wrong.isEmpty(), wrong.size() + " requests not refused properly, e.g. "
                + wrong.subList(0, Math.min(5, wrong.size())));
        assertEquals(before, stack.rowCounts(), "no row written or lost by malformed requests");
    }

    private static String token(String caller) {
        // The runs the bad ids name do not exist (or are not this volunteer's): 404, 403 or 400, never 5xx.
        return caller.equals("VOLUNTEER") ? Tokens.volunteer(1)
                : caller.equals("RESIDENT") ? Tokens.resident("bad-input-resident")
                : caller.equals("GRID_WORKER") ? Tokens.gridWorker("bad-input-grid-worker", 1) : Tokens.admin();
    }

    /** A well-formed call, body as JSON (null: none). */
    private record Call(Stack.Service service, String method, String path, Object body) {
    }

    /**
     * Well-formed requests that would write (or read what is not public) but carry no token, or one the services must
     * not trust: every one is 401 with a problem+json body, and nothing is written.
     */
    @Test
    void without_a_valid_token_every_call_is_401_and_changes_nothing() throws Exception {
        List<Call> calls = List.of(
                new Call(Stack.Service.DISPATCH, "POST", "/api/compounds", Map.of("name", "Nobody's Garden")),
                new Call(Stack.Service.DISPATCH, "POST", "/api/grids", Map.of("name", "Nobody's grid")),
                new Call(Stack.Service.DISPATCH, "PUT", "/api/buildings/1/status",
                        Map.of("status", "OPEN", "reason", "nobody said so")),
                new Call(Stack.Service.DISPATCH, "POST", "/api/runs/1/pickup", null),
                new Call(Stack.Service.DISPATCH, "GET", "/api/runs?volunteerId=1", null),
                new Call(Stack.Service.DISPATCH, "GET", "/api/buildings/1", null),
                new Call(Stack.Service.ORDER, "POST", "/api/households",
                        Map.of("buildingId", 1, "room", "101", "contactName", "Nobody")),
                new Call(Stack.Service.ORDER, "POST", "/api/orders", Map.of("householdId", 1, "category", "FOOD",
                        "items", List.of(Map.of("name", "rice", "quantity", 1)))),
                new Call(Stack.Service.ORDER, "GET", "/api/households", null),
                new Call(Stack.Service.ORDER, "POST", "/api/meal-plans/generate",
                        Map.of("date", java.time.LocalDate.now().toString())),
                new Call(Stack.Service.VOLUNTEER, "POST", "/api/volunteers", Map.of("name", "Nobody",
                        "phone", "13800138000", "compoundId", 1, "buildingIds", List.of(1), "capacity", 3)),
                new Call(Stack.Service.VOLUNTEER, "PUT", "/api/volunteers/1/duty", Map.of("onDuty", true)),
                new Call(Stack.Service.ORDER, "GET", "/api/audit", null),
                new Call(Stack.Service.DISPATCH, "GET", "/api/audit", null),
                new Call(Stack.Service.VOLUNTEER, "GET", "/api/audit", null));
        Map<String, String> badTokens = badTokens();

        Map<String, Long> before = stack.rowCounts();
        List<String> wrong = new ArrayList<>();
        for (Call call : calls) {
            for (Map.Entry<String, String> token : badTokens.entrySet()) {
                var request = checkedAnswer().baseUri(stack.url(call.service()));
                if (token.getValue() != null) {
                    request = request.header("Authorization", "Bearer " + token.getValue());
                }
                if (call.body() != null) {
                    request = request.contentType("application/json").body(JSON.writeValueAsString(call.body()));
                }
                Response response = request.request(call.method(), call.path());
                if (response.statusCode() != 401
                        || !String.valueOf(response.contentType()).startsWith("application/problem+json")) {
                    wrong.add(call.service() + " " + call.method() + " " + call.path() + " with " + token.getKey()
                            + " -> " + response.statusCode() + " " + response.contentType() + " "
                            + response.asString());
                }
            }
        }
        System.out.printf("without a valid token: %d requests%n", calls.size() * badTokens.size());
        assertTrue(wrong.isEmpty(), wrong.size() + " requests without a valid token not refused with 401, e.g. "
                + wrong.subList(0, Math.min(5, wrong.size())));
        assertEquals(before, stack.rowCounts(), "no row written by requests without a valid token");
    }

    /** Tokens the services must not trust, by what is wrong with them; null: no Authorization header at all. */
    private static Map<String, String> badTokens() {
        long now = java.time.Instant.now().getEpochSecond();
        String[] admin = Tokens.admin().split("\\.");
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("no token", null);
        tokens.put("a garbage token", "not-a-token");
        tokens.put("an expired token", TestIdentity.sign(adminClaims(TestIdentity.ISSUER, "root", now - 7200)));
        tokens.put("a token from another issuer",
                TestIdentity.sign(adminClaims("https://id.elsewhere.example", "root", now)));
        tokens.put("a token whose claims were changed after signing", admin[0] + "."
                + base64Url(adminClaims(TestIdentity.ISSUER, "someone-else", now)) + "." + admin[2]);
        tokens.put("an unsigned token (alg none)", base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + admin[1]
                + ".");
        tokens.putAll(AccessMatrix.tokensWrongInOneWay());
        return tokens;
    }

    /** An admin's claims, issued at the time given and valid for an hour from it. */
    private static String adminClaims(String issuer, String subject, long issuedAt) {
        return TestIdentity.claims(issuer, TestIdentity.AUDIENCE, "ADMIN", subject, issuedAt, issuedAt + 3600);
    }

    private static String base64Url(String text) {
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A request that breaks the document on purpose, whose answer is checked against it (testkit). */
    private static io.restassured.specification.RequestSpecification checkedAnswer() {
        return OpenApiValidation.invalidOnPurpose(RestAssured.given().filter(OpenApiValidation.FILTER));
    }

    /** For every operation: bad ids in the path, bad query values, and bodies that cannot be a valid request. */
    private static List<Attempt> corpus(Stack.Service service, JsonNode openapi) {
        List<Attempt> attempts = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = openapi.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            if (!path.getKey().startsWith("/api/")) {
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                String method = op.getKey().toUpperCase();
                if (!List.of("GET", "POST", "PUT", "DELETE").contains(method)) {
                    continue;
                }
                List<String> urls = urls(path.getKey(), op.getValue());
                boolean hasBody = op.getValue().has("requestBody");
                if (!method.equals("GET") && !hasBody && urls.size() == 1 && urls.get(0).equals(path.getKey())) {
                    // A write with no path id, query or body: nothing in it can be malformed, and it would do what it
                    // does (a grid worker's binding code).
                    continue;
                }
                String caller = VOLUNTEER_ONLY.matcher(path.getKey()).matches()
                        || (service == Stack.Service.VOLUNTEER && OWN_MESSAGES.matcher(path.getKey()).matches())
                        ? "VOLUNTEER" : RESIDENT_ONLY.matcher(path.getKey()).matches() ? "RESIDENT"
                        : service == Stack.Service.DISPATCH && GRID_WORKER_ONLY.matcher(path.getKey()).matches()
                        ? "GRID_WORKER" : "ADMIN";
                for (String url : urls) {
                    if (!hasBody) {
                        attempts.add(new Attempt(service.name(), caller, method, url, null, null));
                        continue;
                    }
                    for (String body : bodies(op.getValue(), openapi)) {
                        attempts.add(new Attempt(service.name(), caller, method, url, body, "application/json"));
                    }
                    attempts.add(new Attempt(service.name(), caller, method, url, "name=x", "text/plain"));
                }
            }
        }
        return attempts;
    }

    private static List<String> urls(String template, JsonNode operation) {
        List<String> urls = new ArrayList<>();
        if (template.contains("{")) {
            for (String id : BAD_IDS) {
                urls.add(template.replaceAll("\\{[^}]+}", id));
            }
        } else {
            urls.add(template);
        }
        List<String> withQueries = new ArrayList<>(urls);
        for (JsonNode parameter : operation.path("parameters")) {
            if ("query".equals(parameter.path("in").asText())) {
                for (String value : List.of("abc", "-1", "99999999999999999999999")) {
                    withQueries.add(urls.get(0) + "?" + parameter.path("name").asText() + "=" + value);
                }
            }
        }
        return withQueries;
    }

    /** Bodies no endpoint may accept: not JSON, the wrong shape, required fields missing, fields of the wrong type. */
    private static List<String> bodies(JsonNode operation, JsonNode openapi) {
        List<String> bodies = new ArrayList<>(BAD_BODIES);
        JsonNode schema = resolve(operation.path("requestBody").path("content").path("application/json")
                .path("schema"), openapi);
        for (Iterator<Map.Entry<String, JsonNode>> props = schema.path("properties").fields(); props.hasNext(); ) {
            Map.Entry<String, JsonNode> prop = props.next();
            String type = resolve(prop.getValue(), openapi).path("type").asText("object");
            for (String wrong : wrongValues(type)) {
                // Only this field, and of the wrong type: required fields are missing too.
                bodies.add("{\"" + prop.getKey() + "\": " + wrong + "}");
            }
        }
        Map<String, Object> huge = new LinkedHashMap<>();
        huge.put("name", "x".repeat(20_000));
        huge.put("items", java.util.Collections.nCopies(1000, Map.of("name", "rice", "quantity", -5)));
        try {
            bodies.add(JSON.writeValueAsString(huge));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return bodies;
    }

    private static List<String> wrongValues(String type) {
        return switch (type) {
            case "integer", "number" -> List.of("\"many\"", "-99999999999999999999", "{}");
            case "boolean" -> List.of("\"perhaps\"", "[]");
            case "array" -> List.of("\"list\"", "{}");
            case "string" -> List.of("{}", "[1,2]");
            default -> List.of("\"text\"", "[]");
        };
    }

    private static JsonNode resolve(JsonNode schema, JsonNode openapi) {
        JsonNode current = schema;
        for (int depth = 0; depth < 5 && current.has("$ref"); depth++) {
            String ref = current.path("$ref").asText();
            current = openapi.at(ref.substring(1));
        }
        if (current.has("allOf") && current.path("allOf").size() > 0) {
            return resolve(current.path("allOf").get(0), openapi);
        }
        return current;
    }
}
