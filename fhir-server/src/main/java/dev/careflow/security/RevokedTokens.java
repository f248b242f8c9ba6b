package dev.careflow.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Access tokens revoked before they expire ({@code /oauth2/revoke}, or the refresh token they came with), kept in
 * PostgreSQL so that every node and every restart honours a revocation: the resource server refuses a token listed
 * here. Only a hash of each token is stored; rows go once the token would have expired anyway.
 */
final class RevokedTokens {

    private final JdbcTemplate jdbc;
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    RevokedTokens(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("create table if not exists careflow_revoked_token ("
                + "token_hash varchar(64) primary key, expires_at timestamp with time zone not null)");
    }

    void revoke(String token, Instant expiresAt) {
        Instant until = expiresAt == null ? Instant.now().plusSeconds(86_400) : expiresAt;
        jdbc.update("delete from careflow_revoked_token where expires_at < now()");
        jdbc.update(
                "insert into careflow_revoked_token (token_hash, expires_at) values (?, ?) on conflict do nothing",
                hash(token),
                Timestamp.from(until));
        listeners.forEach(listener -> listener.accept(token));
    }

    /** Tells {@code listener} of every token revoked here, once it is recorded (a cache of verified tokens drops it). */
    void onRevoke(Consumer<String> listener) {
        listeners.add(listener);
    }

    boolean isRevoked(String token) {
        Integer found = jdbc.queryForObject(
                "select count(*) from careflow_revoked_token where token_hash = ?", Integer.class, hash(token));
        return found != null && found > 0;
    }

    private static String hash(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
