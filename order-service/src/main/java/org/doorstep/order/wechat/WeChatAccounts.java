package org.doorstep.order.wechat;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.doorstep.common.wechat.OpenIds;

import javax.sql.DataSource;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/**
 * The resident account each openid signs in as: made at its first sign-in, the same ever after. Only an HMAC of the
 * openid is stored (keyed by DOORSTEP_WECHAT_BINDING_SECRET), so the table alone does not reveal who uses Doorstep.
 */
@ApplicationScoped
public class WeChatAccounts {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";

    @Inject
    OpenIds openIds;

    @Inject
    DataSource dataSource;

    /** The openid's account, made now if it has none. */
    public String accountOf(String openId) throws SQLException {
        String hash = openIds.hash(openId);
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
                return rows.next() && rows.getString(1) != null ? Optional.of(openIds.open(rows.getString(1)))
                        : Optional.empty();
            }
        }
    }

    /** Subscribe messages (issue 15) need the openid itself: kept sealed, opened only to send one. */
    private void keepSealed(Connection connection, String hash, String openId) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "update wechat_account set openid_sealed = ? where openid_hash = ?")) {
            update.setString(1, openIds.seal(openId));
            update.setString(2, hash);
            update.executeUpdate();
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
