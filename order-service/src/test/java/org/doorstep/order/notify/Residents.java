package org.doorstep.order.notify;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.doorstep.common.contracts.BuildingStatus;
import org.doorstep.common.contracts.DispatchStatus;
import org.doorstep.common.events.EventEnvelope;
import org.doorstep.order.OrderFixture;
import org.doorstep.testkit.FakeWeChat;
import org.doorstep.testkit.FakeWeChatServer;
import org.doorstep.testkit.As;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.notNullValue;

/**
 * Residents, their households and orders as notification tests need them: signed in with WeChat at the fake (or not),
 * consenting, and their orders moved by dispatch-service's events ({@link OrderFixture} plays dispatch).
 */
final class Residents {

    static final Duration WAIT = Duration.ofSeconds(30);
    private static final AtomicLong SEQ = new AtomicLong();

    private static OrderFixture fixture;

    private Residents() {
    }

    static OrderFixture fixture() throws Exception {
        if (fixture == null) {
            fixture = new OrderFixture();
        }
        return fixture;
    }

    /** A resident who signed in with WeChat: their openid at the fake, and their requests. */
    record WeChatResident(String openId, String token) {
        RequestSpecification as() {
            return As.nobody().auth().oauth2(token);
        }
    }

    static WeChatResident signedInWithWeChat() {
        String user = UUID.randomUUID().toString().substring(0, 8);
        String token = As.nobody().contentType(ContentType.JSON).body(Map.of("code", "user:" + user))
                .post("/api/auth/wechat").then().statusCode(200).extract().path("token");
        return new WeChatResident(FakeWeChatServer.openIdOf(user), token);
    }

    /** A household of the caller in a new building; phone may be null. Returns {household, building}. */
    static long[] household(RequestSpecification as, String phone) {
        long building = fixture.building(BuildingStatus.SEALED);
        Map<String, Object> body = new HashMap<>(Map.of("buildingId", building, "room", "301",
                "contactName", "Wang Fang"));
        if (phone != null) {
            body.put("phone", phone);
        }
        long id = await().atMost(WAIT).until(() -> {
            Response r = as.contentType(ContentType.JSON).body(body).post("/api/households");
            return r.statusCode() == 201 ? r.jsonPath().getLong("id") : null;
        }, notNullValue());
        return new long[] {id, building};
    }

    static long order(RequestSpecification as, long household, boolean urgentMedicine) {
        Map<String, Object> body = urgentMedicine ? OrderFixture.medicineOrder(household)
                : Map.of("householdId", household, "category", "FOOD",
                "items", List.of(Map.of("name", "Rice 5 kg", "quantity", 1)), "urgent", false);
        return as.contentType(ContentType.JSON).body(body).post("/api/orders").then().statusCode(201).extract()
                .jsonPath().getLong("id");
    }

    static void consent(RequestSpecification as, Map<String, String> answers) {
        as.contentType(ContentType.JSON).body(answers).post("/api/me/subscriptions").then().statusCode(200);
    }

    /** dispatch-service moves the order (a seq of its own, growing). */
    static EventEnvelope step(long order, long building, DispatchStatus status) {
        return fixture.progress(order, building, status, 5L, SEQ.incrementAndGet());
    }

    static List<Map<String, Object>> list(RequestSpecification as) {
        return as.get("/api/me/notifications").then().statusCode(200).extract().jsonPath().getList("$");
    }

    /** The caller's entry of that kind for the order, once it is sent or given up on. */
    static Map<String, Object> settled(RequestSpecification as, long order, String kind) {
        return await().atMost(WAIT).until(() -> list(as).stream()
                .filter(n -> kind.equals(n.get("kind")) && Long.valueOf(order).equals(number(n.get("orderId"))))
                .filter(n -> Boolean.TRUE.equals(n.get("sent")) || !String.valueOf(n.get("reason"))
                        .startsWith("will try again") && !"not sent yet".equals(n.get("reason")))
                .findFirst().orElse(null), notNullValue());
    }

    static Long number(Object value) {
        return value == null ? null : ((Number) value).longValue();
    }

    static List<FakeWeChatServer.Message> messages(String openId, String template) {
        return FakeWeChatServer.messagesTo(openId).stream().filter(m -> m.templateId().equals(template)).toList();
    }
}
