package org.doorstep.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Who may call what, as one table per service: each row is an endpoint and the exact status each kind of caller gets.
 * The table must name every endpoint of the service's OpenAPI document, so a new endpoint without a row fails.
 */
public final class AccessMatrix {

    /** The callers every endpoint is tried with; "owner" means the resident, volunteer or grid the thing belongs to. */
    public enum Case {
        NO_TOKEN, RESIDENT_OWNER, RESIDENT_OTHER, VOLUNTEER_OWNER, VOLUNTEER_OTHER, GRID_WORKER_IN, GRID_WORKER_OUT,
        ADMIN
    }

    /**
     * Who each case is: the resident and the volunteer the thing belongs to and another of each, and grid workers
     * serving its grid and another grid.
     */
    public record Callers(String residentOwner, String residentOther, long volunteerOwner, long volunteerOther,
                          long gridIn, long gridOut) {

        public RequestSpecification as(Case c) {
            return switch (c) {
                // No Authorization header breaks the document: only the answer is checked against it.
                case NO_TOKEN -> OpenApiValidation.invalidOnPurpose(As.nobody());
                case RESIDENT_OWNER -> As.resident(residentOwner);
                case RESIDENT_OTHER -> As.resident(residentOther);
                case VOLUNTEER_OWNER -> As.volunteer(volunteerOwner);
                case VOLUNTEER_OTHER -> As.volunteer(volunteerOther);
                case GRID_WORKER_IN -> As.gridWorker("w-in", gridIn);
                case GRID_WORKER_OUT -> As.gridWorker("w-out", gridOut);
                case ADMIN -> As.admin();
            };
        }
    }

    /** A concrete call: the path with ids filled in, and the body (null for none). */
    public record Call(String path, Object body) {
    }

    /**
     * @param setup makes fresh things for one case (so that one case's change does not decide the next one's status)
     *              and returns the call to make
     */
    public record Row(String method, String template, Function<Case, Call> setup, int[] expected) {
    }

    private AccessMatrix() {
    }

    /**
     * @param expected the status per case in {@link Case} order, e.g. "401 200 404 403 403 200 403 200"
     */
    public static Row row(String method, String template, Function<Case, Call> setup, String expected) {
        int[] statuses = java.util.Arrays.stream(expected.trim().split("\\s+")).mapToInt(Integer::parseInt).toArray();
        if (statuses.length != Case.values().length) {
            throw new IllegalArgumentException(method + " " + template + ": give one status per case "
                    + List.of(Case.values()));
        }
        return new Row(method.toUpperCase(Locale.ROOT), template, setup, statuses);
    }

    public static Call call(String path) {
        return new Call(path, null);
    }

    public static Call call(String path, Object body) {
        return new Call(path, body);
    }

    /** The endpoints under /api in the service's OpenAPI document that the table has no row for, and vice versa. */
    public static List<String> uncovered(List<Row> rows, String openApiJson) {
        Set<String> documented = new TreeSet<>();
        try {
            JsonNode paths = new ObjectMapper().readTree(openApiJson).path("paths");
            for (Iterator<String> names = paths.fieldNames(); names.hasNext(); ) {
                String path = names.next();
                if (!path.startsWith("/api")) {
                    continue;
                }
                for (Iterator<String> methods = paths.path(path).fieldNames(); methods.hasNext(); ) {
                    String method = methods.next().toUpperCase(Locale.ROOT);
                    if (Set.of("GET", "POST", "PUT", "DELETE", "PATCH").contains(method)) {
                        documented.add(method + " " + path);
                    }
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("Could not read the OpenAPI document", e);
        }
        Set<String> tabled = new TreeSet<>();
        rows.forEach(r -> tabled.add(r.method() + " " + r.template()));
        List<String> problems = new ArrayList<>();
        documented.stream().filter(e -> !tabled.contains(e)).forEach(e -> problems.add("no row for " + e));
        tabled.stream().filter(e -> !documented.contains(e)).forEach(e -> problems.add("no such endpoint: " + e));
        return problems;
    }

    /**
     * An administrator's tokens, signed by the test identity provider and right in every way but one: each endpoint
     * must answer them 401, as if no token had been sent.
     */
    public static Map<String, String> tokensWrongInOneWay() {
        long now = Instant.now().getEpochSecond();
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("a token for another audience", TestIdentity.sign(TestIdentity.claims(TestIdentity.ISSUER,
                "another-application", "ADMIN", "root", now, now + 3600)));
        tokens.put("a token without an audience", TestIdentity.sign(TestIdentity.claims(TestIdentity.ISSUER, null,
                "ADMIN", "root", now, now + 3600)));
        tokens.put("a token older than the maximum age, though not expired", TestIdentity.sign(TestIdentity.claims(
                TestIdentity.ISSUER, TestIdentity.AUDIENCE, "ADMIN", "root", now - TestIdentity.MAX_AGE_SECONDS - 60,
                now + 3600)));
        return tokens;
    }

    /**
     * Makes every call of the table as every case, and once more with each of {@link #tokensWrongInOneWay}
     * (expecting 401); returns what differed (empty: all as expected).
     */
    public static List<String> run(List<Row> rows, Function<Case, RequestSpecification> as) {
        List<String> wrong = new ArrayList<>();
        Map<String, String> badTokens = tokensWrongInOneWay();
        for (Row row : rows) {
            Call adminCall = row.setup().apply(Case.ADMIN);
            for (Map.Entry<String, String> bad : badTokens.entrySet()) {
                RequestSpecification request = As.nobody().auth().oauth2(bad.getValue()).contentType(ContentType.JSON);
                if (adminCall.body() != null) {
                    request.body(adminCall.body());
                }
                Response response = request.request(row.method(), adminCall.path());
                if (response.statusCode() != 401
                        || !String.valueOf(response.contentType()).startsWith("application/problem+json")) {
                    wrong.add(row.method() + " " + adminCall.path() + " with " + bad.getKey() + ": expected a 401"
                            + " problem, got " + response.statusCode() + " " + response.body().asString());
                }
            }
            for (Case c : Case.values()) {
                Call call = row.setup().apply(c);
                RequestSpecification request = as.apply(c).contentType(ContentType.JSON);
                if (call.body() != null) {
                    request.body(call.body());
                }
                Response response = request.request(row.method(), call.path());
                int expected = row.expected()[c.ordinal()];
                if (response.statusCode() != expected) {
                    wrong.add(row.method() + " " + call.path() + " as " + c + ": expected " + expected + ", got "
                            + response.statusCode() + " " + response.body().asString());
                } else if (expected >= 400 && !String.valueOf(response.contentType()).startsWith(
                        "application/problem+json")) {
                    wrong.add(row.method() + " " + call.path() + " as " + c + ": " + expected
                            + " without a problem+json body");
                }
            }
        }
        long endpoints = rows.stream().map(r -> r.method() + " " + r.template()).distinct().count();
        int calls = rows.size() * (Case.values().length + badTokens.size());
        System.out.printf("access matrix: %d rows (%d endpoints) x (%d cases + %d bad tokens) = %d calls, %d as"
                + " expected%n", rows.size(), endpoints, Case.values().length, badTokens.size(), calls,
                calls - wrong.size());
        return wrong;
    }
}
