package dev.careflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
    void clusterThatKeepsData_runsWithFsyncAndFullPageWritesDespiteZonkysDashF() throws Exception {
        DatabaseSettings.Embedded settings = new DatabaseSettings.Embedded(
                cluster.resolve("data"), false, Path.of("target/postgres-runtime"), 0, "careflow");
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(settings);
                Connection connection = DriverManager.getConnection(server.jdbcUrl(), server.username(), "postgres");
                Statement statement = connection.createStatement()) {
            assertThat(show(statement, "fsync")).isEqualTo("on");
            assertThat(show(statement, "full_page_writes")).isEqualTo("on");
            assertThat(show(statement, "synchronous_commit")).isEqualTo("on");
        }
    }

    @Test
    void throwAwayCluster_skipsFsync_itIsDeletedAtShutdownAnyway() {
        DatabaseSettings.Embedded settings =
                new DatabaseSettings.Embedded(cluster, true, Path.of("target/postgres-runtime"), 0, "careflow");
        assertThat(EmbeddedPostgresServer.serverConfig(settings))
                .containsEntry("fsync", "off")
                .containsEntry("synchronous_commit", "on");
    }

    private static String show(Statement statement, String setting) throws SQLException {
        try (ResultSet rows = statement.executeQuery("SHOW " + setting)) {
            rows.next();
            return rows.getString(1);
        }
    }

    @Test
    void noPidFile_isNothingToDo() throws IOException {
        EmbeddedPostgresServer.stopOrphanedPostmaster(cluster);
        assertThat(cluster).isEmptyDirectory();
    }
}
