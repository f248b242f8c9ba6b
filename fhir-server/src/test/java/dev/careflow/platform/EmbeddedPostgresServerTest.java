package dev.careflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresServerTest {

    @TempDir
    Path cluster;

    @Test
    void stalePidFileOfADeadProcess_isRemoved() throws Exception {
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor(10, TimeUnit.SECONDS);
        Files.writeString(cluster.resolve("postmaster.pid"), finished.pid() + "\n" + cluster + "\n");

        EmbeddedPostgresServer.stopOrphanedPostmaster(cluster);

        assertThat(cluster.resolve("postmaster.pid")).doesNotExist();
    }

    @Test
    void pidFileNamingALiveProcessThatIsNotPostgres_leavesThatProcessAlone() throws Exception {
        Process unrelated = new ProcessBuilder("sleep", "30").start();
        try {
            Files.writeString(cluster.resolve("postmaster.pid"), unrelated.pid() + "\n");

            EmbeddedPostgresServer.stopOrphanedPostmaster(cluster);

            assertThat(unrelated.isAlive()).isTrue();
            assertThat(cluster.resolve("postmaster.pid")).doesNotExist();
        } finally {
            unrelated.destroyForcibly();
        }
    }

    @Test
    void orphanedPostmaster_isStoppedBeforeTheClusterStarts() throws Exception {
        Path postgres = cluster.resolve("postgres");
        Files.copy(Path.of("/bin/sleep"), postgres, StandardCopyOption.COPY_ATTRIBUTES);
        Process orphan = new ProcessBuilder(postgres.toString(), "60").start();
        try {
            Files.writeString(cluster.resolve("postmaster.pid"), orphan.pid() + "\n" + cluster + "\n");

            EmbeddedPostgresServer.stopOrphanedPostmaster(cluster);

            assertThat(orphan.waitFor(5, TimeUnit.SECONDS)).isTrue();
            assertThat(cluster.resolve("postmaster.pid")).doesNotExist();
        } finally {
            orphan.destroyForcibly();
        }
    }

    @Test
    void noPidFile_isNothingToDo() throws IOException {
        EmbeddedPostgresServer.stopOrphanedPostmaster(cluster);
        assertThat(cluster).isEmptyDirectory();
    }
}
