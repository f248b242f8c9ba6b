package dev.careflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchIndexOwnerTest {

    @TempDir
    Path index;

    @Test
    void aNewIndex_isBuiltFromTheDatabase_fromTheBeginningOfTime() {
        assertThat(SearchIndexOwner.claim(index, "db-1", "jdbc:postgresql://a/careflow"))
                .isEqualTo(SearchIndexOwner.Claim.NEW);

        assertThat(SearchIndexCheckpoint.read(index.resolve(SearchIndexCheckpoint.FILE_NAME)))
                .contains(Instant.EPOCH);
        assertThat(SearchIndexOwner.claim(index, "db-1", "jdbc:postgresql://a/careflow"))
                .isEqualTo(SearchIndexOwner.Claim.SAME);
    }

    @Test
    void anIndexBuiltForAnotherDatabase_isEmptiedAndRebuilt() throws Exception {
        SearchIndexOwner.claim(index, "embedded", "jdbc:postgresql://localhost:5433/careflow");
        Path segment = Files.createDirectories(index.resolve("Patient")).resolve("segments_3");
        Files.writeString(segment, "lucene");
        SearchIndexCheckpoint.write(
                index.resolve(SearchIndexCheckpoint.FILE_NAME), Instant.parse("2026-11-27T10:00:00Z"));

        assertThat(SearchIndexOwner.claim(index, "external", "jdbc:postgresql://db.example/careflow"))
                .isEqualTo(SearchIndexOwner.Claim.REBUILT);

        assertThat(segment).doesNotExist();
        assertThat(Files.readString(index.resolve(SearchIndexOwner.FILE_NAME)).trim())
                .isEqualTo("external");
        assertThat(SearchIndexCheckpoint.read(index.resolve(SearchIndexCheckpoint.FILE_NAME)))
                .as("the catch-up re-indexes everything the new database holds")
                .contains(Instant.EPOCH);
    }

    @Test
    void anIndexFromBeforeIdentities_isAdopted_andKeepsItsCheckpoint() throws Exception {
        Path segment = Files.createDirectories(index.resolve("Patient")).resolve("segments_3");
        Files.writeString(segment, "lucene");
        Instant checkpoint = Instant.parse("2026-11-27T10:00:00Z");
        SearchIndexCheckpoint.write(index.resolve(SearchIndexCheckpoint.FILE_NAME), checkpoint);

        assertThat(SearchIndexOwner.claim(index, "db-1", "jdbc:postgresql://a/careflow"))
                .isEqualTo(SearchIndexOwner.Claim.ADOPTED);

        assertThat(segment).exists();
        assertThat(SearchIndexCheckpoint.read(index.resolve(SearchIndexCheckpoint.FILE_NAME)))
                .contains(checkpoint);
    }
}
