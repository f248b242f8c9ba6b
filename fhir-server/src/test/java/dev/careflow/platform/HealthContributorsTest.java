package dev.careflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

class HealthContributorsTest {

    private static final Instant NOW = Instant.parse("2026-11-27T15:00:00Z");
    private static final SearchIndexSettings LUCENE_ON_DISK = new SearchIndexSettings(
            SearchIndexSettings.Backend.LUCENE,
            new SearchIndexSettings.Lucene(
                    Path.of("data/lucene"), false, Duration.ofSeconds(2), Duration.ofSeconds(30)),
            new SearchIndexSettings.Elasticsearch(List.of("localhost:9200"), "http", "", ""),
            "read-sync");

    @Test
    void aLuceneIndexWhoseCheckpointsStopped_isDown() {
        Health recent = HealthContributors.searchIndex(LUCENE_ON_DISK, true, Optional.of(NOW.minusSeconds(3)), NOW);
        Health stale = HealthContributors.searchIndex(LUCENE_ON_DISK, true, Optional.of(NOW.minusSeconds(120)), NOW);

        assertThat(recent.getStatus()).isEqualTo(Status.UP);
        assertThat(recent.getDetails()).containsEntry("lastCheckpointAgeSeconds", 3L);
        assertThat(stale.getStatus()).isEqualTo(Status.DOWN);
        assertThat(stale.getDetails().get("error").toString()).contains("no checkpoint for 120 s");
    }

    @Test
    void anIndexInMemory_orBeforeItsFirstCheckpoint_isUp() {
        assertThat(HealthContributors.searchIndex(LUCENE_ON_DISK, false, Optional.empty(), NOW)
                        .getStatus())
                .isEqualTo(Status.UP);
        assertThat(HealthContributors.searchIndex(LUCENE_ON_DISK, true, Optional.empty(), NOW)
                        .getDetails())
                .containsEntry("lastCheckpoint", "none yet");
    }
}
