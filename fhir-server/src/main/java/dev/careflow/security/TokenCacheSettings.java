package dev.careflow.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The cache of verified access tokens ({@link CachingJwtDecoder}): a token seen again skips the signature check and
 * its claims' parsing until it expires. Revocation still takes effect on the next request: a token revoked here is
 * dropped from the cache at once ({@link RevokedTokens}), and the revocation list in PostgreSQL is read again for a
 * cached token at most every {@code revocation-recheck} (so a revocation made by another node counts as well).
 *
 * @param enabled whether verified tokens are cached ({@code CAREFLOW_SECURITY_TOKEN_CACHE_ENABLED})
 * @param maximumSize how many tokens the cache holds at most (the least recently used go first)
 * @param revocationRecheck how long a cached token's "not revoked" holds before PostgreSQL is asked again; {@code 0s}
 *     asks on every request
 */
@ConfigurationProperties("careflow.security.token-cache")
public record TokenCacheSettings(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("10000") long maximumSize,
        @DefaultValue("0s") Duration revocationRecheck) {}
