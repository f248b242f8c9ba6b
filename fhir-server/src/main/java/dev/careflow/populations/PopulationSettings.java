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
 * @param enabled whether the registries are kept current at all ({@code CAREFLOW_POPULATIONS_ENABLED}): off, no write
 *     recomputes a patient's registries (nor scores a discharge with HOSPITAL) and no sweep runs; the registry Groups
 *     still exist and {@code Group/[id]/$stratify} still recomputes on demand
 */
@Validated
@ConfigurationProperties("careflow.populations")
public record PopulationSettings(
        @DefaultValue("P1D") Duration sweepInterval,
        @DefaultValue("PT30S") Duration sweepDelay,
        @DefaultValue("true") boolean enabled) {

    /** The sweep's interval: zero (off) when the registries are not kept current. */
    Duration effectiveSweepInterval() {
        return enabled ? sweepInterval : Duration.ZERO;
    }
}
