package dev.careflow.populations;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Registry settings.
 *
 * @param sweepInterval how often the registries' time-bound memberships are recomputed (a discharge more than 30 days
 *     ago, a 65th birthday); the first sweep runs {@code sweep-delay} after start; {@code 0} switches it off
 * @param sweepDelay how long after start the first sweep runs
 */
@Validated
@ConfigurationProperties("careflow.populations")
public record PopulationSettings(
        @DefaultValue("P1D") Duration sweepInterval, @DefaultValue("PT30S") Duration sweepDelay) {}
