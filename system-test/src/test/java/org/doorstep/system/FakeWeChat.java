package org.doorstep.system;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * WeChat's code2Session for the whole stack, on loopback, real HTTP, answering the documented JSON the way
 * order-service's own tests' fake does: the code "user:ID" signs in the WeChat user ID (openid "o-ID"); any other
 * code is refused as invalid (errcode 40029); a call without the stack's app id and secret gets errcode 40013.
 * Started once with the {@link Stack}, which gives every service its address, app id and secret.
 */
final class FakeWeChat {

    static final String APP_ID = "wx-system-test";
    static final String SECRET = "wx-system-secret-" + UUID.randomUUID();
    static final String BINDING_SECRET = "wx-binding-" + UUID.randomUUID();

    private static HttpServer server;

    private FakeWeChat() {
    }

    static synchronized String base() throws IOException {
        if (server == null) {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/sns/jscode2session", FakeWeChat::code2Session);
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
        if (!APP_ID.equals(query.get("appid")) || !SECRET.equals(query.get("secret"))) {
            body = "{\"errcode\":40013,\"errmsg\":\"invalid appid\"}";
        } else if (code.startsWith("user:") && code.length() > 5) {
            String user = code.substring(5);
            body = "{\"openid\":\"o-" + user + "\",\"session_key\":\"sk-" + user + "\"}";
        } else {
            body = "{\"errcode\":40029,\"errmsg\":\"invalid code\"}";
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
