package org.doorstep.order.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.doorstep.common.notify.Outcome;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Alibaba Cloud SMS's SendSms over its documented RPC-style HTTP API (signature version 1.0, HMAC-SHA1). Our own small
 * client rather than com.aliyun:dysmsapi20170525: the SDK brings the Tea runtime, the OpenAPI core, credentials
 * providers and their HTTP stack for one signed POST, and is not in this build's offline repository. The phone number
 * goes only into the request: never into a log or a recorded reason.
 */
@ApplicationScoped
public class AliyunSms {

    static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'");

    @Inject
    SmsConfig config;

    @Inject
    ObjectMapper mapper;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    public boolean configured() {
        return config.configured();
    }

    /** Sends the template with its variables to one number. */
    public Outcome send(String phone, String templateCode, Map<String, String> variables) {
        Map<String, String> params = new TreeMap<>();
        try {
            params.put("AccessKeyId", config.accessKeyId().orElseThrow());
            params.put("Action", "SendSms");
            params.put("Format", "JSON");
            params.put("PhoneNumbers", phone);
            params.put("RegionId", "cn-hangzhou");
            params.put("SignName", config.signName().orElseThrow());
            params.put("SignatureMethod", "HMAC-SHA1");
            params.put("SignatureNonce", UUID.randomUUID().toString());
            params.put("SignatureVersion", "1.0");
            params.put("TemplateCode", templateCode);
            params.put("TemplateParam", mapper.writeValueAsString(variables));
            params.put("Timestamp", ZonedDateTime.now(ZoneOffset.UTC).format(TIMESTAMP));
            params.put("Version", "2017-05-25");
            params.put("Signature", signature("POST", params, config.accessKeySecret().orElseThrow()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        String form = params.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        HttpResponse<String> response;
        try {
            response = client.send(HttpRequest.newBuilder(URI.create(config.endpoint().replaceAll("/+$", "") + "/"))
                    .timeout(TIMEOUT).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Outcome.retry("SMS provider unreachable or slow (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.retry("interrupted");
        }
        if (response.statusCode() >= 500) {
            return Outcome.retry("SMS provider answered HTTP " + response.statusCode());
        }
        String code;
        try {
            JsonNode answer = mapper.readTree(response.body());
            code = answer.path("Code").asText("");
        } catch (IOException e) {
            return Outcome.retry("SMS provider answered something other than JSON");
        }
        if ("OK".equals(code)) {
            return Outcome.sent();
        }
        // Flow control and the provider's own errors pass; a refused number, template or signature does not.
        if (code.startsWith("isp.") || code.startsWith("Throttling") || code.equals("isv.BUSINESS_LIMIT_CONTROL")
                || code.equals("isv.DAY_LIMIT_CONTROL") || code.equals("ServiceUnavailable")) {
            return Outcome.retry("SMS provider busy (" + code + ")");
        }
        return Outcome.refused("SMS provider refused the message (" + code + ")");
    }

    /** The documented signature: HMAC-SHA1 over METHOD&%2F&encoded(sorted, encoded parameters), keyed "secret&". */
    static String signature(String method, Map<String, String> sortedParams, String secret) {
        String canonical = sortedParams.entrySet().stream().filter(e -> !e.getKey().equals("Signature"))
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue())).collect(Collectors.joining("&"));
        String toSign = method + "&" + encode("/") + "&" + encode(canonical);
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec((secret + "&").getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(toSign.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Percent-encoding as the API defines it (RFC 3986: space as %20, '*' encoded, '~' not). */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A")
                .replace("%7E", "~");
    }
}
