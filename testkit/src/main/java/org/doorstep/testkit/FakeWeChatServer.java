package org.doorstep.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * WeChat's code2Session on loopback, real HTTP, answering the documented JSON. What it answers follows the code:
 * "user:ID" signs in the WeChat user ID (openid "o-ID", session_key "sk-ID"), "errcode:N" answers that error, "slow"
 * answers a user after 10 s. A call without the configured app id and secret answers errcode 40013 (invalid appid).
 * Also the subscribe messages (issue 15): stable_token hands out the current access token, subscribe/send takes a
 * message sent with it and keeps it; {@link #expireToken()} makes the token WeChat had handed out invalid (40001), and
 * {@link #answerSends} makes the sends fail as WeChat does when it is down or busy.
 * Plain HTTP, no Quarkus: the system tests give its address to the packaged services; {@link FakeWeChat} gives it to
 * a Quarkus test.
 */
public final class FakeWeChatServer {

    public static final String APP_ID = "wx-test-app";
    public static final String SECRET = "wx-test-secret-" + java.util.UUID.randomUUID();
    public static final String BINDING_SECRET = "binding-" + java.util.UUID.randomUUID();

    private static HttpServer server;

    private FakeWeChatServer() {
    }

    /** The fake's address, started on first use and kept for the JVM's lifetime (Quarkus tests and the system tests). */
    public static synchronized String base() throws IOException {
        if (server == null) {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            // One thread per call: a slow answer must not hold up the next test's call.
            server.setExecutor(Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "fake-wechat");
                t.setDaemon(true);
                return t;
            }));
            server.createContext("/sns/jscode2session", FakeWeChatServer::code2Session);
            server.createContext("/cgi-bin/stable_token", FakeWeChatServer::stableToken);
            server.createContext("/cgi-bin/message/subscribe/send", FakeWeChatServer::subscribeSend);
            server.start();
        }
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static void code2Session(HttpExchange exchange) throws IOException {
        Map<String, String> query = new HashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        for (String pair : raw == null ? new String[0] : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                query.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        String code = query.getOrDefault("js_code", "");
        String body;
        if (!APP_ID.equals(query.get("appid")) || !SECRET.equals(query.get("secret"))
                || !"authorization_code".equals(query.get("grant_type"))) {
            body = "{\"errcode\":40013,\"errmsg\":\"invalid appid\"}";
        } else if (code.startsWith("errcode:")) {
            body = "{\"errcode\":" + Integer.parseInt(code.substring(8)) + ",\"errmsg\":\"fake error\"}";
        } else if (code.startsWith("user:") || code.equals("slow")) {
            if (code.equals("slow")) {
                sleep(10_000);
            }
            String user = code.equals("slow") ? "slow" : code.substring(5);
            body = "{\"openid\":\"o-" + user + "\",\"session_key\":\"sk-" + user + "\",\"unionid\":\"u-" + user + "\"}";
        } else {
            body = "{\"errcode\":40029,\"errmsg\":\"invalid code\"}";
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        try (OutputStream out = exchange.getResponseBody()) {
            exchange.sendResponseHeaders(200, bytes.length);
            out.write(bytes);
        } catch (IOException e) {
            // The client gave up waiting (the slow case): nothing to answer.
        }
    }

    /** A subscribe message as WeChat received it. */
    public record Message(String toUser, String templateId, String page, JsonNode data) {
    }

    /** How subscribe/send answers a send with a valid token. */
    public enum Answer {
        OK, HTTP_500, BUSY
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Message> MESSAGES = new CopyOnWriteArrayList<>();
    private static final AtomicInteger TOKENS_ISSUED = new AtomicInteger();
    private static volatile String currentToken = "token-" + UUID.randomUUID();
    /** Tests only: answers every valid send this way until set back to OK. */
    public static volatile Answer answerSends = Answer.OK;

    /** The messages WeChat took for this openid, oldest first. */
    public static List<Message> messagesTo(String openId) {
        return MESSAGES.stream().filter(m -> m.toUser().equals(openId)).toList();
    }

    /** The openid the fake gives the WeChat user of code "user:ID". */
    public static String openIdOf(String user) {
        return "o-" + user;
    }

    /** The access token handed out so far stops working (as after its 2 hours, or a forced refresh elsewhere). */
    public static void expireToken() {
        currentToken = "token-" + UUID.randomUUID();
    }

    public static int tokensIssued() {
        return TOKENS_ISSUED.get();
    }

    private static void stableToken(HttpExchange exchange) throws IOException {
        JsonNode body = JSON.readTree(exchange.getRequestBody());
        if (!APP_ID.equals(body.path("appid").asText()) || !SECRET.equals(body.path("secret").asText())
                || !"client_credential".equals(body.path("grant_type").asText())) {
            answer(exchange, 200, "{\"errcode\":40013,\"errmsg\":\"invalid appid\"}");
            return;
        }
        if (body.path("force_refresh").asBoolean(false)) {
            expireToken();
        }
        TOKENS_ISSUED.incrementAndGet();
        answer(exchange, 200, "{\"access_token\":\"" + currentToken + "\",\"expires_in\":7200}");
    }

    private static void subscribeSend(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        String token = query != null && query.startsWith("access_token=")
                ? URLDecoder.decode(query.substring(13), StandardCharsets.UTF_8) : "";
        JsonNode body = JSON.readTree(exchange.getRequestBody());
        if (!token.equals(currentToken)) {
            answer(exchange, 200, "{\"errcode\":40001,\"errmsg\":\"invalid credential, access_token is invalid\"}");
            return;
        }
        switch (answerSends) {
            case HTTP_500 -> answer(exchange, 500, "busy");
            case BUSY -> answer(exchange, 200, "{\"errcode\":-1,\"errmsg\":\"system error\"}");
            case OK -> {
                MESSAGES.add(new Message(body.path("touser").asText(), body.path("template_id").asText(),
                        body.path("page").asText(), body.path("data")));
                answer(exchange, 200, "{\"errcode\":0,\"errmsg\":\"ok\"}");
            }
        }
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        try (OutputStream out = exchange.getResponseBody()) {
            exchange.sendResponseHeaders(status, bytes.length);
            out.write(bytes);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
