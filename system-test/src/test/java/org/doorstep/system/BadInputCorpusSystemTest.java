package org.doorstep.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

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
 * answers 5xx, every write is refused with a problem+json 4xx, and no table gains or loses a row.
 */
@Order(1)
class BadInputCorpusSystemTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Ids that name nothing, or are not ids at all. */
    private static final List<String> BAD_IDS = List.of("999999999", "0", "-1", "abc", "99999999999999999999999");
    private static final List<String> BAD_BODIES = List.of("", "not json", "{", "[]", "\"text\"", "42", "null", "{}",
            "{\"unknown\": true}", "[{}]");

    private record Attempt(String service, String method, String path, String body, String contentType) {
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
            var request = RestAssured.given().baseUri(stack.url(Stack.Service.valueOf(attempt.service())))
                    .urlEncodingEnabled(false);
            if (attempt.body() != null) {
                request = request.contentType(attempt.contentType()).body(attempt.body());
            }
            Response response = request.request(attempt.method(), attempt.path());
            int status = response.statusCode();
            statuses.merge(String.valueOf(status), 1, Integer::sum);
            boolean write = !attempt.method().equals("GET");
            if (status >= 500 || (write && (status < 400
                    || !String.valueOf(response.contentType()).startsWith("application/problem+json")))) {
                wrong.add(attempt + " -> " + status + " " + response.asString());
            }
        }
        System.out.printf("bad-input corpus: %d requests, statuses %s%n", corpus.size(), statuses);
        assertTrue(wrong.isEmpty(), wrong.size() + " requests not refused properly, e.g. "
                + wrong.subList(0, Math.min(5, wrong.size())));
        assertEquals(before, stack.rowCounts(), "no row written or lost by malformed requests");
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
                for (String url : urls) {
                    if (!hasBody) {
                        attempts.add(new Attempt(service.name(), method, url, null, null));
                        continue;
                    }
                    for (String body : bodies(op.getValue(), openapi)) {
                        attempts.add(new Attempt(service.name(), method, url, body, "application/json"));
                    }
                    attempts.add(new Attempt(service.name(), method, url, "name=x", "text/plain"));
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
