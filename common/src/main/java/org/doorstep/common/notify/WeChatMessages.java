package org.doorstep.common.notify;

import org.doorstep.common.wechat.WeChatSettings;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * WeChat subscribe messages: {@code POST /cgi-bin/message/subscribe/send} with an access token from
 * {@code POST /cgi-bin/stable_token}, which does not invalidate the token another instance holds. The token is kept
 * until shortly before it expires and renewed when WeChat says it is invalid or expired (40001, 42001). A small client
 * of our own, like sign-in's, rather than WxJava: two calls do not need a library with its own HTTP stack, token store
 * and configuration beside ours. One client for every service that sends them (residents', volunteers'). Neither the
 * openid nor the token nor the secret is ever logged or put in a reason.
 */
@ApplicationScoped
public class WeChatMessages {

    /** One call ends within this; the sender is in the background, but a hung WeChat must not hold it. */
    public static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Inject
    WeChatSettings settings;

    @Inject
    ObjectMapper mapper;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    private record AccessToken(String value, Instant renewAt) {
    }

    private AccessToken token;

    public boolean configured() {
        return settings.appConfigured();
    }

    /** Sends one subscribe message; {@code data} maps each template field to its value. */
    public Outcome send(String openId, String templateId, String page, Map<String, String> data) {
        Map<String, Object> fields = new LinkedHashMap<>();
        data.forEach((field, value) -> fields.put(field, Map.of("value", value)));
        Map<String, Object> message = Map.of("touser", openId, "template_id", templateId, "page", page,
                "data", fields);
        String rejected = null;
        for (int attempt = 0; attempt < 2; attempt++) {
            String accessToken;
            try {
                accessToken = accessToken(rejected);
            } catch (Unavailable e) {
                return Outcome.retry(e.getMessage());
            }
            JsonNode answer;
            try {
                answer = post("/cgi-bin/message/subscribe/send?access_token="
                        + URLEncoder.encode(accessToken, StandardCharsets.UTF_8), message);
            } catch (Unavailable e) {
                return Outcome.retry(e.getMessage());
            }
            int errcode = answer.path("errcode").asInt(0);
            switch (errcode) {
                case 0 -> {
                    return Outcome.sent();
                }
                case 40001, 42001 -> rejected = accessToken;
                case -1, 45009 -> {
                    return Outcome.retry("WeChat busy or over its limit (errcode " + errcode + ")");
                }
                case 43101 -> {
                    return Outcome.refused(Outcome.NO_CONSENT + ": this person has not allowed this message in WeChat");
                }
                default -> {
                    return Outcome.refused("WeChat refused the message (errcode " + errcode + ")");
                }
            }
        }
        return Outcome.retry("WeChat refused a fresh access token");
    }

    /** The token to use: the one kept, unless it is about to expire or WeChat just refused it. */
    private synchronized String accessToken(String rejected) throws Unavailable {
        if (token != null && Instant.now().isBefore(token.renewAt()) && !token.value().equals(rejected)) {
            return token.value();
        }
        token = null;
        AccessToken fresh = stableToken(false);
        if (fresh.value().equals(rejected)) {
            // WeChat still hands out the token it refuses: ask for a new one (the old stays valid a while elsewhere).
            fresh = stableToken(true);
        }
        token = fresh;
        return fresh.value();
    }

    private AccessToken stableToken(boolean forceRefresh) throws Unavailable {
        JsonNode answer = post("/cgi-bin/stable_token", Map.of("grant_type", "client_credential",
                "appid", settings.appid().orElse(""), "secret", settings.secret().orElse(""), "force_refresh", forceRefresh));
        String value = answer.path("access_token").asText("");
        long expiresIn = answer.path("expires_in").asLong(0);
        if (value.isBlank() || expiresIn <= 0) {
            throw new Unavailable("WeChat gave no access token (errcode " + answer.path("errcode").asInt(0) + ")");
        }
        // Renewed a little before it expires (5 minutes, or half its life if shorter), never used past its end.
        long margin = Math.min(300, expiresIn / 2);
        return new AccessToken(value, Instant.now().plusSeconds(expiresIn - margin));
    }

    private JsonNode post(String path, Object body) throws Unavailable {
        String name = path.substring(0, path.indexOf('?') < 0 ? path.length() : path.indexOf('?'));
        HttpResponse<String> response;
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(settings.url(path)))
                    .timeout(TIMEOUT).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(mapper.writeValueAsString(body))).build();
            response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // The address carries the token: only the kind of failure is kept.
            throw new Unavailable("WeChat " + name + " unreachable or slow (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted");
        }
        if (response.statusCode() != 200) {
            throw new Unavailable("WeChat " + name + " answered HTTP " + response.statusCode());
        }
        try {
            return mapper.readTree(response.body());
        } catch (IOException e) {
            throw new Unavailable("WeChat " + name + " answered something other than JSON");
        }
    }

    /** WeChat cannot be asked just now; the message waits for the next try. */
    private static final class Unavailable extends Exception {
        Unavailable(String message) {
            super(message, null, false, false);
        }
    }
}
