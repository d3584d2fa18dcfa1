package org.doorstep.common.wechat;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/**
 * How a service reaches WeChat ({@code DOORSTEP_WECHAT_*}): one mini-program's app id and secret (a secret: from the
 * environment or a Kubernetes Secret), shared by the sign-ins and the subscribe messages.
 */
@ConfigMapping(prefix = "doorstep.wechat")
public interface WeChatSettings {

    /** WeChat's API; the tests point it at a fake on loopback. */
    @WithDefault("https://api.weixin.qq.com")
    String apiBase();

    Optional<String> appid();

    Optional<String> secret();

    /** Keys the openids as stored (HMAC) and sealed, and the one-time binding codes. */
    Optional<String> bindingSecret();

    /** Whether an app id and secret are set; without them nothing is asked of WeChat (locally, for instance). */
    default boolean appConfigured() {
        return appid().filter(s -> !s.isBlank()).isPresent() && secret().filter(s -> !s.isBlank()).isPresent();
    }

    /** The address of one of WeChat's API paths. */
    default String url(String pathAndQuery) {
        return apiBase().replaceAll("/+$", "") + pathAndQuery;
    }
}
