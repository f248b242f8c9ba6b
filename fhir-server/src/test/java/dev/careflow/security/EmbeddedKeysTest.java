package dev.careflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKeysTest {

    private static final Duration ROTATION = Duration.ofDays(90);
    private static final Duration RETENTION = Duration.ofDays(1);

    @TempDir
    Path folder;

    private static Clock at(String instant) {
        return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
    }

    @Test
    void keysOutliveARestart() throws Exception {
        EmbeddedKeys first = EmbeddedKeys.load(folder, ROTATION, RETENTION, at("2026-01-01T00:00:00Z"));
        EmbeddedKeys again = EmbeddedKeys.load(folder, ROTATION, RETENTION, at("2026-01-02T00:00:00Z"));

        assertThat(again.signingKeyId()).isEqualTo(first.signingKeyId());
        assertThat(Files.readString(folder.resolve(EmbeddedKeys.FILE))).contains(first.signingKeyId());
    }

    @Test
    void anOldKeyIsRotated_butStillVerifies_untilTokensItSignedHaveExpired() throws Exception {
        EmbeddedKeys first = EmbeddedKeys.load(folder, ROTATION, RETENTION, at("2026-01-01T00:00:00Z"));
        EmbeddedKeys rotated = EmbeddedKeys.load(folder, ROTATION, RETENTION, at("2026-04-02T00:00:00Z"));

        assertThat(rotated.signingKeyId()).isNotEqualTo(first.signingKeyId());
        assertThat(rotated.keyIds()).containsExactly(rotated.signingKeyId(), first.signingKeyId());
        // A token signed with the old key names it: it is found to verify the token.
        assertThat(rotated.get(
                        new JWKSelector(JWKMatcher.forJWSHeader(new JWSHeader.Builder(JWSAlgorithm.RS256)
                                .keyID(first.signingKeyId())
                                .build())),
                        null))
                .hasSize(1);
        // A new token is signed with exactly one key: the new one.
        assertThat(rotated.get(
                        new JWKSelector(new JWKMatcher.Builder()
                                .keyType(KeyType.RSA)
                                .keyUses(KeyUse.SIGNATURE, null)
                                .algorithms(JWSAlgorithm.RS256, null)
                                .build()),
                        null))
                .singleElement()
                .satisfies(k -> assertThat(k.getKeyID()).isEqualTo(rotated.signingKeyId()));

        EmbeddedKeys later = EmbeddedKeys.load(folder, ROTATION, RETENTION, at("2026-04-04T00:00:00Z"));
        assertThat(later.keyIds())
                .as("the old key retired after the retention")
                .containsExactly(rotated.signingKeyId());
    }
}
