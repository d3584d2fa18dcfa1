package org.doorstep.order.notify;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/**
 * Alibaba Cloud SMS (dysmsapi, version 2017-05-25): {@code DOORSTEP_SMS_ENDPOINT}, {@code DOORSTEP_SMS_ACCESS_KEY_ID},
 * {@code DOORSTEP_SMS_ACCESS_KEY_SECRET} (a secret), {@code DOORSTEP_SMS_SIGN_NAME}, and a template code per kind
 * ({@code DOORSTEP_SMS_TEMPLATE_DELIVERED}, …). Without a key, no SMS is sent and the message list says so.
 */
@ConfigMapping(prefix = "doorstep.sms")
public interface SmsConfig {

    @WithDefault("https://dysmsapi.aliyuncs.com")
    String endpoint();

    Optional<String> accessKeyId();

    Optional<String> accessKeySecret();

    Optional<String> signName();

    /** The approved SMS template of each kind; its variables are {@code what}, {@code next} and {@code order}. */
    NotifyConfig.Templates template();

    default boolean configured() {
        return accessKeyId().filter(s -> !s.isBlank()).isPresent()
                && accessKeySecret().filter(s -> !s.isBlank()).isPresent()
                && signName().filter(s -> !s.isBlank()).isPresent();
    }
}
