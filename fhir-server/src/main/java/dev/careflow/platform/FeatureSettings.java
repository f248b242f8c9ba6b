package dev.careflow.platform;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Careflow's own behaviour on top of HAPI JPA.
 *
 * @param enabled {@code false} runs plain HAPI JPA: no Careflow interceptors (validation, the Task lifecycle, derived
 *     resources, prompt subscription delivery) and no Careflow operations; what a baseline for the benchmarks needs
 */
@ConfigurationProperties("careflow.features")
public record FeatureSettings(@DefaultValue("true") boolean enabled) {}
