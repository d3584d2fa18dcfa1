package org.doorstep.common.wechat;

import jakarta.inject.Inject;
import jakarta.enterprise.context.ApplicationScoped;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * What a service keeps instead of a WeChat openid (or a volunteer's binding code): an HMAC-SHA256 under
 * DOORSTEP_WECHAT_BINDING_SECRET, so a table of them alone does not say who uses Doorstep, and a stolen binding code
 * cannot be read back from the database. Each kind of value hashes under its own label, so an openid's hash is never
 * a code's.
 */
@ApplicationScoped
public class OpenIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    WeChatSettings settings;

    public boolean configured() {
        return settings.bindingSecret().filter(s -> !s.isBlank()).isPresent();
    }

    /** The openid as stored. */
    public String hash(String openId) {
        return hmac(openId);
    }

    /** Another kind of value (a binding code), hashed under its label. */
    public String hash(String label, String value) {
        return hmac(label + ":" + value);
    }

    /**
     * The openid sealed (AES-256-GCM, a fresh IV each time) for a service that must send to it (subscribe messages),
     * under a key derived from the same secret with a label of its own; base64 of IV and ciphertext.
     */
    public String seal(String openId) {
        try {
            byte[] iv = new byte[12];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, sealingKey(), new GCMParameterSpec(128, iv));
            byte[] sealed = cipher.doFinal(openId.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + sealed.length).put(iv)
                    .put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The openid {@link #seal} sealed; fails if the binding secret changed since. */
    public String open(String sealed) {
        try {
            byte[] bytes = Base64.getDecoder().decode(sealed);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, sealingKey(), new GCMParameterSpec(128, bytes, 0, 12));
            return new String(cipher.doFinal(bytes, 12, bytes.length - 12), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a sealed openid could not be opened (was the binding secret changed?)", e);
        }
    }

    private SecretKeySpec sealingKey() {
        return new SecretKeySpec(mac("sealing openids:"), "AES");
    }

    private String hmac(String value) {
        return HexFormat.of().formatHex(mac(value));
    }

    private byte[] mac(String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(settings.bindingSecret().orElseThrow().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
