package dev.careflow.demo;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Demo data: a care manager's caseload to look at on a fresh server (see {@link DemoData}).
 *
 * @param enabled seed the demo data once at start-up ({@code CAREFLOW_DEMO_ENABLED}); unset, it is seeded only on the
 *     embedded database (the default run) and never on an external one ({@code CAREFLOW_DATABASE_URL} set)
 */
@ConfigurationProperties("careflow.demo")
public record DemoSettings(Boolean enabled) {

    /** Whether to seed, given the database the server runs on. */
    public boolean seeds(boolean embeddedDatabase) {
        return enabled == null ? embeddedDatabase : enabled;
    }
}
