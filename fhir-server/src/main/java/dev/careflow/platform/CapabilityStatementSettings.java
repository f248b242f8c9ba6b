package dev.careflow.platform;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the CapabilityStatement is served.
 *
 * @param cacheFor how long the encoded statement is sent again as it is ({@link CapabilityStatementCache}); HAPI
 *     regenerates the statement itself at most every minute. {@code 0s} encodes it on every request
 *     ({@code CAREFLOW_CAPABILITY_STATEMENT_CACHE_FOR})
 */
@ConfigurationProperties("careflow.capability-statement")
public record CapabilityStatementSettings(@DefaultValue("60s") Duration cacheFor) {}
