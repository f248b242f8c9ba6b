package dev.careflow.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

class CachingJwtDecoderTest {

    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

    private final MovingClock clock = new MovingClock();
    private final Set<String> revoked = new HashSet<>();
    private final AtomicInteger verifications = new AtomicInteger();
    private final AtomicInteger revocationReads = new AtomicInteger();

    /** The real decoder's part: counts its calls, refuses revoked and expired tokens, like the validators. */
    private final JwtDecoder verifier = token -> {
        verifications.incrementAndGet();
        if (revoked.contains(token)) {
            throw new BadJwtException("The token has been revoked");
        }
        Instant expiry = NOW.plus(Duration.ofMinutes(Long.parseLong(token.substring(token.indexOf('-') + 1))));
        if (!expiry.isAfter(clock.instant())) {
            throw new BadJwtException("Jwt expired");
        }
        return Jwt.withTokenValue(token)
                .header("alg", "RS256")
                .claim("scope", "system/*.rs")
                .issuedAt(NOW.minusSeconds(1))
                .expiresAt(expiry)
                .build();
    };

    private CachingJwtDecoder decoder(Duration recheck, long size) {
        return new CachingJwtDecoder(
                verifier,
                token -> {
                    revocationReads.incrementAndGet();
                    return revoked.contains(token);
                },
                new TokenCacheSettings(true, size, recheck),
                clock);
    }

    @Test
    void aTokenSeenAgain_isNotVerifiedAgain_butItsRevocationIsReadEachTime() {
        CachingJwtDecoder decoder = decoder(Duration.ZERO, 100);

        Jwt first = decoder.decode("a-60");
        Jwt again = decoder.decode("a-60");
        decoder.decode("a-60");

        assertThat(again).isSameAs(first);
        assertThat(verifications).hasValue(1);
        assertThat(revocationReads)
                .as("every request still asks the revocation list")
                .hasValue(2);
    }

    @Test
    void aTokenRevokedElsewhere_isRefusedOnItsNextUse() {
        CachingJwtDecoder decoder = decoder(Duration.ZERO, 100);
        decoder.decode("a-60");

        revoked.add("a-60");

        assertThatThrownBy(() -> decoder.decode("a-60")).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> decoder.decode("a-60"))
                .isInstanceOf(BadJwtException.class)
                .hasMessageContaining("revoked");
        assertThat(decoder.size()).isZero();
    }

    @Test
    void aTokenRevokedHere_isRefusedAtOnce_evenBetweenRechecks() {
        CachingJwtDecoder decoder = decoder(Duration.ofMinutes(5), 100);
        decoder.decode("a-60");
        decoder.decode("a-60");
        assertThat(revocationReads).as("within the recheck interval, no read").hasValue(0);

        revoked.add("a-60");
        decoder.forget("a-60");

        assertThatThrownBy(() -> decoder.decode("a-60"))
                .isInstanceOf(BadJwtException.class)
                .hasMessageContaining("revoked");
    }

    @Test
    void withARecheckInterval_theRevocationListIsReadAgainOnceItHasPassed() {
        CachingJwtDecoder decoder = decoder(Duration.ofSeconds(5), 100);
        decoder.decode("a-60");
        decoder.decode("a-60");
        assertThat(revocationReads).hasValue(0);

        clock.advance(Duration.ofSeconds(6));
        revoked.add("a-60");

        assertThatThrownBy(() -> decoder.decode("a-60")).hasMessageContaining("revoked");
        assertThat(revocationReads).hasValue(1);
    }

    @Test
    void anExpiredToken_isNotServedFromTheCache() {
        CachingJwtDecoder decoder = decoder(Duration.ZERO, 100);
        decoder.decode("a-1");

        clock.advance(Duration.ofSeconds(61));

        assertThatThrownBy(() -> decoder.decode("a-1")).hasMessageContaining("expired");
        assertThat(verifications).hasValue(2);
    }

    @Test
    void theCacheIsBounded() {
        CachingJwtDecoder decoder = decoder(Duration.ZERO, 10);
        for (int i = 0; i < 50; i++) {
            decoder.decode("t" + i + "-60");
        }
        assertThat(decoder.size()).isLessThanOrEqualTo(10);
    }

    @Test
    void aRefusedToken_isNotCached() {
        CachingJwtDecoder decoder = decoder(Duration.ZERO, 100);
        revoked.add("a-60");

        assertThatThrownBy(() -> decoder.decode("a-60")).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> decoder.decode("a-60")).isInstanceOf(BadJwtException.class);

        assertThat(verifications).hasValue(2);
        assertThat(decoder.size()).isZero();
    }

    private static final class MovingClock extends Clock {
        private Instant now = NOW;

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
