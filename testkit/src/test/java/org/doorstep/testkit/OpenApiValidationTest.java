package org.doorstep.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.doorstep.testkit.OpenApiValidation.invalidOnPurpose;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The check that every service test runs through: against a small service on loopback whose answers drift from its
 * own document on purpose, a drift fails the request that met it, and only what is meant to pass passes.
 */
class OpenApiValidationTest {

    private static final String DOCUMENT = """
            {"openapi": "3.0.3", "info": {"title": "things", "version": "1"},
             "components": {
               "securitySchemes": {"SecurityScheme": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}},
               "schemas": {
                 "Thing": {"type": "object", "required": ["id", "name"],
                   "properties": {"id": {"type": "integer", "format": "int64"}, "name": {"type": "string"},
                                  "note": {"type": "string", "nullable": true}}},
                 "NewThing": {"type": "object", "required": ["name"],
                   "properties": {"name": {"type": "string", "maxLength": 10}}},
                 "Problem": {"type": "object", "required": ["title", "status"],
                   "properties": {"title": {"type": "string"}, "status": {"type": "integer"}}}}},
             "paths": {
               "/api/things": {"post": {"security": [{"SecurityScheme": []}],
                 "requestBody": {"required": true,
                   "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NewThing"}}}},
                 "responses": {
                   "201": {"description": "made", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}},
                   "400": {"description": "bad", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
                   "401": {"description": "no token", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}}}},
               "/api/things/{id}": {"get": {"security": [{"SecurityScheme": []}],
                 "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
                 "responses": {
                   "200": {"description": "the thing", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}},
                   "401": {"description": "no token", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
                   "404": {"description": "none", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}}}}}}
            """;

    /** What the small service answers, by path: status, content type, body. */
    private static final Map<String, Object[]> ANSWERS = Map.of(
            "/api/things/1", new Object[]{200, "application/json", "{\"id\": 1, \"name\": \"kettle\", \"note\": null}"},
            "/api/things/2", new Object[]{200, "application/json", "{\"id\": \"two\"}"},
            "/api/things/3", new Object[]{409, "application/problem+json", "{\"title\": \"Conflict\", \"status\": 409}"},
            "/api/things/4", new Object[]{404, "application/json", "{\"title\": \"Not found\", \"status\": 404}"},
            "/api/things/abc", new Object[]{404, "application/problem+json", "{\"title\": \"Not found\", \"status\": 404}"},
            "/api/things", new Object[]{201, "application/json", "{\"id\": 5, \"name\": \"cup\", \"note\": null}"},
            "/page", new Object[]{200, "text/html", "<html></html>"});

    private static HttpServer server;

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", OpenApiValidationTest::answer);
        server.start();
        OpenApiValidation.install();
        OpenApiValidation.install();
    }

    @AfterAll
    static void stop() {
        RestAssured.reset();
        server.stop(0);
    }

    private static void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        Object[] answer = path.equals("/q/openapi") ? new Object[]{200, "application/json", DOCUMENT}
                : ANSWERS.getOrDefault(path, new Object[]{500, "text/plain", "no such answer"});
        byte[] body = ((String) answer[2]).getBytes(StandardCharsets.UTF_8);
        exchange.getRequestBody().readAllBytes();
        exchange.getResponseHeaders().add("Content-Type", (String) answer[1]);
        if ((int) answer[0] == 201) {
            exchange.getResponseHeaders().add("Location", "/api/things/5");
        }
        exchange.sendResponseHeaders((int) answer[0], body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private static RequestSpecification signedIn() {
        return RestAssured.given().baseUri("http://127.0.0.1").port(server.getAddress().getPort())
                .auth().oauth2("a-token");
    }

    private static RequestSpecification nobody() {
        return RestAssured.given().baseUri("http://127.0.0.1").port(server.getAddress().getPort());
    }

    @Test
    void installing_twice_puts_the_check_in_front_of_every_request_once() {
        assertEquals(1, RestAssured.filters().stream().filter(f -> f == OpenApiValidation.FILTER).count());
    }

    @Test
    void an_exchange_the_document_allows_passes() {
        signedIn().get("/api/things/{id}", 1).then().statusCode(200).body("name", equalTo("kettle"));
        signedIn().contentType(ContentType.JSON).body(Map.of("name", "cup")).post("/api/things").then()
                .statusCode(201);
    }

    @Test
    void a_body_that_breaks_the_document_fails_the_request_that_got_it() {
        AssertionError drift = assertThrows(AssertionError.class, () -> signedIn().get("/api/things/{id}", 2));
        assertTrue(drift.getMessage().contains("GET /api/things/2 answered 200"), drift.getMessage());
        assertTrue(drift.getMessage().contains("[RESPONSE]"), drift.getMessage());
        assertTrue(drift.getMessage().contains("name"), "the missing field is named: " + drift.getMessage());
    }

    @Test
    void a_status_the_document_does_not_name_fails() {
        AssertionError drift = assertThrows(AssertionError.class, () -> signedIn().get("/api/things/{id}", 3));
        assertTrue(drift.getMessage().contains("Response status 409 not defined"), drift.getMessage());
    }

    @Test
    void an_error_in_another_content_type_than_documented_fails() {
        AssertionError drift = assertThrows(AssertionError.class, () -> signedIn().get("/api/things/{id}", 4));
        assertTrue(drift.getMessage().contains("application/json"), drift.getMessage());
    }

    @Test
    void a_request_that_breaks_the_document_fails_unless_it_is_sent_invalid_on_purpose() {
        AssertionError drift = assertThrows(AssertionError.class, () -> signedIn().contentType(ContentType.JSON)
                .body(Map.of("name", "a name far too long")).post("/api/things"));
        assertTrue(drift.getMessage().contains("[REQUEST]"), drift.getMessage());
        invalidOnPurpose(signedIn()).contentType(ContentType.JSON).body(Map.of("name", "a name far too long"))
                .post("/api/things").then().statusCode(201);
        invalidOnPurpose(signedIn()).get("/api/things/abc").then().statusCode(404);
    }

    @Test
    void a_request_without_its_token_breaks_the_document() {
        AssertionError drift = assertThrows(AssertionError.class, () -> nobody().get("/api/things/{id}", 1));
        assertTrue(drift.getMessage().contains("requires security parameters"), drift.getMessage());
        invalidOnPurpose(nobody()).get("/api/things/{id}", 1).then().statusCode(200);
    }

    @Test
    void the_answer_to_a_request_sent_invalid_on_purpose_is_still_checked() {
        AssertionError drift = assertThrows(AssertionError.class,
                () -> invalidOnPurpose(nobody()).get("/api/things/{id}", 2));
        assertTrue(drift.getMessage().contains("[RESPONSE]"), drift.getMessage());
        assertTrue(drift.getMessage().contains("sent invalid on purpose"), drift.getMessage());
    }

    @Test
    void pages_outside_the_api_are_not_part_of_the_document_and_not_checked() {
        nobody().get("/page").then().statusCode(200).contentType(ContentType.HTML);
    }
}
