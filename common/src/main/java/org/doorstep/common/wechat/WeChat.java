package org.doorstep.common.wechat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.doorstep.common.problem.DoorstepException;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * WeChat's code2Session: exchanges the code a mini-program got from wx.login for the user's openid. The session key
 * WeChat also answers is dropped here, and neither it nor the openid is ever logged. Whatever goes wrong on WeChat's
 * side answers 503 with Retry-After within a few seconds (never a thread held for WeChat's slowness); a code WeChat
 * refuses answers 401.
 */
@ApplicationScoped
public class WeChat {

    private static final Logger LOG = Logger.getLogger(WeChat.class);
    /** The whole exchange ends within this, so that a slow WeChat still answers the resident within 5 s. */
    static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final int RETRY_AFTER_SECONDS = 5;

    @Inject
    WeChatSettings settings;

    @Inject
    ObjectMapper mapper;

    // Connecting is bounded on its own as well, so that connect and answer together stay well under 5 s.
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    /** Whether an app id and secret are set; without them there is no WeChat sign-in (locally, for instance). */
    public boolean configured() {
        return settings.appConfigured();
    }

    /** The openid the code belongs to. */
    public String openId(String code) {
        URI uri = URI.create(settings.url("/sns/jscode2session?appid=" + encode(settings.appid().orElse(""))
                + "&secret=" + encode(settings.secret().orElse("")) + "&js_code=" + encode(code)
                + "&grant_type=authorization_code"));
        HttpResponse<String> response;
        try {
            response = client.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // The address carries the secret and the code: only the kind of failure is logged.
            LOG.warnf("WeChat code2Session unreachable: %s", e.getClass().getSimpleName());
            throw unavailable();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable();
        }
        if (response.statusCode() != 200) {
            LOG.warnf("WeChat code2Session answered HTTP %d", response.statusCode());
            throw unavailable();
        }
        JsonNode body;
        try {
            body = mapper.readTree(response.body());
        } catch (IOException e) {
            LOG.warn("WeChat code2Session answered something other than JSON");
            throw unavailable();
        }
        int errcode = body.path("errcode").asInt(0);
        String openId = body.path("openid").asText("");
        if (errcode == 0 && !openId.isBlank()) {
            return openId;
        }
        switch (errcode) {
            case 40029, 40163, 40226 -> throw DoorstepException.unauthorized(
                    "WeChat did not accept this sign-in code (it is wrong, expired or already used); sign in again.");
            default -> {
                // -1 busy, 45011 rate-limited, 40013/40125 our app id or secret wrong: none is the resident's doing.
                LOG.warnf("WeChat code2Session refused: errcode %d", errcode);
                throw unavailable();
            }
        }
    }

    private static DoorstepException unavailable() {
        return DoorstepException.unavailable("WeChat sign-in is not available just now; nothing was changed. "
                + "Try again in a few seconds.", RETRY_AFTER_SECONDS);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
