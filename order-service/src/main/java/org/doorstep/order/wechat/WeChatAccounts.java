package org.doorstep.order.wechat;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The resident account each openid signs in as: made at its first sign-in, the same ever after. Only an HMAC of the
 * openid is stored (keyed by DOORSTEP_WECHAT_BINDING_SECRET), so the table alone does not reveal who uses Doorstep.
 * Subscribe messages (issue 15) need the openid itself: it is kept sealed with AES-GCM under a key derived from the
 * same secret, and opened only to send a message.
 */
@ApplicationScoped
public class WeChatAccounts {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";

    @ConfigProperty(name = "doorstep.wechat.binding-secret")
    Optional<String> bindingSecret;

    @Inject
    DataSource dataSource;

    public boolean configured() {
        return bindingSecret.filter(s -> !s.isBlank()).isPresent();
    }

    /** The openid's account, made now if it has none. */
    public String accountOf(String openId) throws SQLException {
        String hash = hash(openId);
        try (Connection connection = dataSource.getConnection()) {
            // Insert-or-keep, then read: of two first sign-ins at once, the second waits on the first's row and keeps
            // it. Should a new name meet an existing account (the other unique key), nothing is written and the
            // next try takes another name.
            for (int attempt = 0; attempt < 5; attempt++) {
                try (PreparedStatement insert = connection.prepareStatement("insert into wechat_account"
                        + " (openid_hash, account, created_at) values (?, ?, ?)"
                        + " on duplicate key update openid_hash = openid_hash")) {
                    insert.setString(1, hash);
                    insert.setString(2, newAccountName());
                    insert.setTimestamp(3, Timestamp.from(Instant.now()));
                    insert.executeUpdate();
                }
                try (PreparedStatement select = connection.prepareStatement(
                        "select account from wechat_account where openid_hash = ?")) {
                    select.setString(1, hash);
                    try (ResultSet rows = select.executeQuery()) {
                        if (rows.next()) {
                            String account = rows.getString(1);
                            keepSealed(connection, hash, openId);
                            return account;
                        }
                    }
                }
            }
        }
        throw new IllegalStateException("Could not make a resident account for a WeChat user");
    }

    /** The openid the account signed in with last, if it signed in since openids are kept. Never to be logged. */
    public Optional<String> openIdOf(String account) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "select openid_sealed from wechat_account where account = ?")) {
            select.setString(1, account);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() && rows.getString(1) != null ? Optional.of(open(rows.getString(1)))
                        : Optional.empty();
            }
        }
    }

    private void keepSealed(Connection connection, String hash, String openId) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "update wechat_account set openid_sealed = ? where openid_hash = ?")) {
            update.setString(1, seal(openId));
            update.setString(2, hash);
            update.executeUpdate();
        }
    }

    private String seal(String openId) {
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

    private String open(String sealed) {
        try {
            byte[] bytes = Base64.getDecoder().decode(sealed);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, sealingKey(), new GCMParameterSpec(128, bytes, 0, 12));
            return new String(cipher.doFinal(bytes, 12, bytes.length - 12), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("an openid could not be opened (was the binding secret changed?)", e);
        }
    }

    /** Another key than the openid hash's, derived from the same secret. */
    private SecretKeySpec sealingKey() {
        return new SecretKeySpec(hmac("\u0000sealing openids"), "AES");
    }

    private String hash(String openId) {
        return HexFormat.of().formatHex(hmac(openId));
    }

    private byte[] hmac(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(bindingSecret.orElseThrow().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** "wx-" and 16 random letters and digits (80 bits): says where the account came from, and nothing about who. */
    private static String newAccountName() {
        StringBuilder name = new StringBuilder("wx-");
        for (int i = 0; i < 16; i++) {
            name.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return name.toString();
    }
}
