package dev.careflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchIndexCheckpointTest {

    @TempDir
    Path directory;

    @Test
    void withNoOpenWrite_theCheckpointIsNowLessTheMargin() {
        assertThat(SearchIndexCheckpoint.indexedUntil(100_000, OptionalLong.empty(), Duration.ofSeconds(30)))
                .isEqualTo(70_000);
    }

    @Test
    void anOpenWrite_holdsTheCheckpointBeforeItsStart() {
        assertThat(SearchIndexCheckpoint.indexedUntil(100_000, OptionalLong.of(40_000), Duration.ofSeconds(30)))
                .isEqualTo(10_000);
    }

    @Test
    void theCheckpointSurvivesAsWritten_andReplacesTheLastOne() {
        Path file = directory.resolve("index").resolve(SearchIndexCheckpoint.FILE_NAME);
        SearchIndexCheckpoint.write(file, Instant.parse("2026-11-27T10:00:00Z"));
        SearchIndexCheckpoint.write(file, Instant.parse("2026-11-27T10:00:02Z"));

        assertThat(SearchIndexCheckpoint.read(file)).contains(Instant.parse("2026-11-27T10:00:02Z"));
        assertThat(file.resolveSibling(SearchIndexCheckpoint.FILE_NAME + ".tmp"))
                .doesNotExist();
    }

    @Test
    void noCheckpoint_orAnUnreadableOne_meansNoCatchUp() throws Exception {
        Path file = directory.resolve(SearchIndexCheckpoint.FILE_NAME);
        assertThat(SearchIndexCheckpoint.read(file)).isEmpty();

        Files.writeString(file, "garbage");
        assertThat(SearchIndexCheckpoint.read(file)).isEmpty();
    }
}
