package org.doorstep.testkit;

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
import java.util.concurrent.Executors;

/**
 * WeChat's code2Session on loopback, real HTTP, answering the documented JSON. What it answers follows the code:
 * "user:ID" signs in the WeChat user ID (openid "o-ID", session_key "sk-ID"), "errcode:N" answers that error, "slow"
 * answers a user after 10 s. A call without the configured app id and secret answers errcode 40013 (invalid appid).
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

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
