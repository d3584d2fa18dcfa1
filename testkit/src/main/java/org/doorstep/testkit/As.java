package org.doorstep.testkit;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/** REST Assured requests signed in as someone: {@code As.resident("alice").get("/api/orders/1")}. */
public final class As {

    private As() {
    }

    public static RequestSpecification nobody() {
        return RestAssured.given();
    }

    public static RequestSpecification admin() {
        return role("ADMIN", "root");
    }

    public static RequestSpecification resident(String account) {
        return role("RESIDENT", account);
    }

    public static RequestSpecification volunteer(long volunteerId) {
        return role("VOLUNTEER", String.valueOf(volunteerId));
    }

    public static RequestSpecification gridWorker(String name, long... grids) {
        return role("GRID_WORKER", name, grids);
    }

    public static RequestSpecification role(String role, String subject, long... grids) {
        return RestAssured.given().auth().oauth2(TestIdentity.token(role, subject, grids));
    }
}
