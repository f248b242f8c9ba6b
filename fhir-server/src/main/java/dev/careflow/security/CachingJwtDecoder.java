package dev.careflow.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Verifies a token once and trusts the result until the token expires: a bounded cache (least recently used out) of
 * the {@link Jwt}s the real decoder (signature, issuer, audience, expiry, revocation) accepted, each kept no longer
 * than its {@code exp}. A revocation on this node drops the token at once ({@link #forget}, told by {@link RevokedTokens#onRevoke}); the
 * revocation list is read again for a cached token when the last reading is older than
 * {@link TokenCacheSettings#revocationRecheck()} (every request with {@code 0s}, the default).
 */
final class CachingJwtDecoder implements JwtDecoder {

    private record Verified(Jwt jwt, Instant revocationCheckedAt) {}

    private final JwtDecoder decoder;
    private final Predicate<String> revoked;
    private final Duration recheck;
    private final Clock clock;
    private final Cache<String, Verified> verified;

    /**
     * @param decoder the decoder that verifies a token
     * @param revoked whether a token is listed as revoked ({@link RevokedTokens#isRevoked})
     */
    CachingJwtDecoder(JwtDecoder decoder, Predicate<String> revoked, TokenCacheSettings settings, Clock clock) {
        this.decoder = decoder;
        this.revoked = revoked;
        this.recheck = settings.revocationRecheck();
        this.clock = clock;
        this.verified = Caffeine.newBuilder()
                .maximumSize(settings.maximumSize())
                .expireAfter(untilExpiry())
                .build();
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Instant now = clock.instant();
        Verified known = verified.getIfPresent(token);
        if (known != null && known.jwt().getExpiresAt().isAfter(now)) {
            if (known.revocationCheckedAt().plus(recheck).isAfter(now)) {
                return known.jwt();
            }
            if (revoked.test(token)) {
                verified.invalidate(token);
                throw new BadJwtException("The token has been revoked");
            }
            verified.put(token, new Verified(known.jwt(), now));
            return known.jwt();
        }
        Jwt jwt = decoder.decode(token);
        if (jwt.getExpiresAt() != null) {
            verified.put(token, new Verified(jwt, now));
        }
        return jwt;
    }

    /** Drops a token (revoked here: {@link RevokedTokens#onRevoke}), so that its next use is verified again. */
    void forget(String token) {
        verified.invalidate(token);
    }

    /** How many tokens are held now (for tests). */
    long size() {
        verified.cleanUp();
        return verified.estimatedSize();
    }

    /** An entry lives until its token's {@code exp} (the check in {@link #decode} holds whatever the clock). */
    private Expiry<String, Verified> untilExpiry() {
        return new Expiry<>() {
            @Override
            public long expireAfterCreate(String token, Verified entry, long currentTime) {
                return Math.max(
                        0,
                        Duration.between(clock.instant(), entry.jwt().getExpiresAt())
                                .toNanos());
            }

            @Override
            public long expireAfterUpdate(String token, Verified entry, long currentTime, long currentDuration) {
                return expireAfterCreate(token, entry, currentTime);
            }

            @Override
            public long expireAfterRead(String token, Verified entry, long currentTime, long currentDuration) {
                return currentDuration;
            }
        };
    }
}
