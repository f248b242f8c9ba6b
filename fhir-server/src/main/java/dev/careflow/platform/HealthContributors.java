package dev.careflow.platform;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What {@code /actuator/health} says of Careflow's own parts besides the database: {@code fhirPackages} (the packages
 * this start installed, with their versions; OUT_OF_SERVICE while they are being installed) and {@code searchIndex}
 * (the full-text backend; for a Lucene index on disk, its folder and last checkpoint, DOWN when checkpoints have
 * stopped, so a crash would lose index entries). The MLLP listener has its own ({@code transitions}).
 */
@Configuration(proxyBeanMethods = false)
class HealthContributors {

    @Bean
    HealthIndicator fhirPackagesHealthIndicator(FhirPackageInstaller installer, StartupGate gate) {
        return () -> gate.isOpen()
                ? Health.up().withDetails(installer.installed()).build()
                : Health.outOfService()
                        .withDetail("packages", "being installed")
                        .build();
    }

    @Bean
    HealthIndicator searchIndexHealthIndicator(SearchIndexSettings search, SearchIndexCheckpoint checkpoint) {
        return () -> searchIndex(search, checkpoint.enabled(), checkpoint.lastCheckpoint(), Instant.now());
    }

    static Health searchIndex(SearchIndexSettings search, boolean checkpoints, Optional<Instant> last, Instant now) {
        if (search.backend() == SearchIndexSettings.Backend.ELASTICSEARCH) {
            return Health.up()
                    .withDetail("backend", "elasticsearch")
                    .withDetail("hosts", search.elasticsearch().hosts())
                    .build();
        }
        if (!checkpoints) {
            return Health.up().withDetail("backend", "lucene (in memory)").build();
        }
        Health.Builder health = Health.up()
                .withDetail("backend", "lucene")
                .withDetail(
                        "directory",
                        search.lucene().directory().toAbsolutePath().toString());
        if (last.isEmpty()) {
            return health.withDetail("lastCheckpoint", "none yet").build();
        }
        Duration age = Duration.between(last.get(), now);
        Duration allowed = search.lucene().checkpointInterval().multipliedBy(10).plusSeconds(30);
        health.withDetail("lastCheckpoint", last.get().toString())
                .withDetail("lastCheckpointAgeSeconds", age.toSeconds());
        return age.compareTo(allowed) > 0
                ? health.down()
                        .withDetail(
                                "error",
                                "no checkpoint for " + age.toSeconds() + " s: the index on disk lags the database")
                        .build()
                : health.build();
    }
}
