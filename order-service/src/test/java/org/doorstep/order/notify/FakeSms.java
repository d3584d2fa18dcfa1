package org.doorstep.order.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * Alibaba Cloud SMS's SendSms on loopback, real HTTP: a form POST signed as the API documents (checked here with its
 * own reading of the rule), answering {"Code": "OK", …} and keeping what it took; a request signed wrongly answers
 * SignatureDoesNotMatch, as the real one does.
 */
public class FakeSms implements QuarkusTestResourceLifecycleManager {

    static final String KEY_ID = "test-key-id";
    static final String KEY_SECRET = "test-key-secret-" + UUID.randomUUID();
    static final String SIGN_NAME = "门到门";

    /** An SMS as the provider took it. */
    public record Sms(String phone, String templateCode, JsonNode params) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Sms> TAKEN = new CopyOnWriteArrayList<>();
    private static HttpServer server;

    public static List<Sms> sentTo(String phone) {
        return TAKEN.stream().filter(s -> s.phone().equals(phone)).toList();
    }

    static synchronized String base() throws IOException {
        if (server == null) {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setExecutor(Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "fake-sms");
                t.setDaemon(true);
                return t;
            }));
            server.createContext("/", FakeSms::sendSms);
            server.start();
        }
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static void sendSms(HttpExchange exchange) throws IOException {
        String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> params = new TreeMap<>();
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        String answer;
        if (!"POST".equals(exchange.getRequestMethod()) || !"SendSms".equals(params.get("Action"))
                || !"2017-05-25".equals(params.get("Version")) || !KEY_ID.equals(params.get("AccessKeyId"))) {
            answer = "{\"Code\":\"InvalidAccessKeyId.NotFound\",\"Message\":\"Specified access key is not found.\"}";
        } else if (!signed(params).equals(params.get("Signature"))) {
            answer = "{\"Code\":\"SignatureDoesNotMatch\",\"Message\":\"Specified signature is not matched\"}";
        } else if (!SIGN_NAME.equals(params.get("SignName"))) {
            answer = "{\"Code\":\"isv.SMS_SIGNATURE_ILLEGAL\",\"Message\":\"sign name\"}";
        } else {
            TAKEN.add(new Sms(params.get("PhoneNumbers"), params.get("TemplateCode"),
                    JSON.readTree(params.get("TemplateParam"))));
            answer = "{\"Code\":\"OK\",\"Message\":\"OK\",\"BizId\":\"" + UUID.randomUUID()
                    + "\",\"RequestId\":\"" + UUID.randomUUID() + "\"}";
        }
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        try (OutputStream out = exchange.getResponseBody()) {
            exchange.sendResponseHeaders(200, bytes.length);
            out.write(bytes);
        }
    }

    /** The RPC signature: base64 HMAC-SHA1 keyed "secret&" of POST&%2F&encode(k=v&… sorted, each encoded). */
    private static String signed(Map<String, String> params) {
        StringBuilder canonical = new StringBuilder();
        params.forEach((key, value) -> {
            if (!key.equals("Signature")) {
                canonical.append(canonical.isEmpty() ? "" : "&").append(rfc3986(key)).append('=')
                        .append(rfc3986(value));
            }
        });
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec((KEY_SECRET + "&").getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(("POST&%2F&" + rfc3986(canonical.toString()))
                    .getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String rfc3986(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-_.~".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    @Override
    public Map<String, String> start() {
        try {
            return Map.of("doorstep.sms.endpoint", base(),
                    "doorstep.sms.access-key-id", KEY_ID,
                    "doorstep.sms.access-key-secret", KEY_SECRET,
                    "doorstep.sms.sign-name", SIGN_NAME,
                    "doorstep.sms.template.delivered", "SMS_DELIVERED",
                    "doorstep.sms.template.failed", "SMS_FAILED",
                    "doorstep.sms.template.building-sealed", "SMS_BUILDING",
                    "doorstep.sms.template.building-open", "SMS_BUILDING");
        } catch (IOException e) {
            throw new IllegalStateException("Could not start the fake SMS provider", e);
        }
    }

    @Override
    public void stop() {
        // Kept for the JVM's lifetime, like the fake WeChat.
    }
}
