package org.doorstep.common.wechat;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * What a service keeps instead of a WeChat openid (or a volunteer's binding code): an HMAC-SHA256 under
 * DOORSTEP_WECHAT_BINDING_SECRET, so a table of them alone does not say who uses Doorstep, and a stolen binding code
 * cannot be read back from the database. Each kind of value hashes under its own label, so an openid's hash is never
 * a code's.
 */
@ApplicationScoped
public class OpenIds {

    @ConfigProperty(name = "doorstep.wechat.binding-secret")
    Optional<String> bindingSecret;

    public boolean configured() {
        return bindingSecret.filter(s -> !s.isBlank()).isPresent();
    }

    /** The openid as stored. */
    public String hash(String openId) {
        return hmac(openId);
    }

    /** Another kind of value (a binding code), hashed under its label. */
    public String hash(String label, String value) {
        return hmac(label + ":" + value);
    }

    private String hmac(String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(bindingSecret.orElseThrow().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
