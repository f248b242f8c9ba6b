package dev.careflow.platform;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where Careflow keeps its data.
 *
 * <p>With {@code url} set (environment variable {@code CAREFLOW_DATABASE_URL}), Careflow connects to that PostgreSQL
 * database. Without it, Careflow starts an embedded PostgreSQL whose cluster lives in {@code embedded.data-directory},
 * so the default run uses the production engine and keeps its data across restarts.
 *
 * @param url JDBC URL of an external PostgreSQL, for example {@code jdbc:postgresql://db:5432/careflow}; empty for the
 *     embedded database
 * @param username database user
 * @param password database password
 * @param poolSize largest number of pooled connections
 * @param schemaUpdate how Hibernate treats the schema at start-up ({@code update} creates and extends HAPI's tables,
 *     {@code validate} only checks them, {@code none} leaves them alone)
 * @param hibernate further Hibernate ORM properties, passed through as they are
 * @param embedded the embedded PostgreSQL used when {@code url} is empty
 * @param connectionTimeout how long a request waits for a pooled connection before it is answered 503 with
 *     {@code Retry-After} (the database unreachable, or every connection busy)
 */
@Validated
@ConfigurationProperties("careflow.database")
public record DatabaseSettings(
        @DefaultValue("") String url,
        @DefaultValue("careflow") String username,
        @DefaultValue("careflow") String password,
        @DefaultValue("10") @Min(2) int poolSize,
        @DefaultValue("update") @NotNull String schemaUpdate,
        @DefaultValue Map<String, String> hibernate,
        @DefaultValue @NotNull Embedded embedded,
        @DefaultValue("3s") @NotNull Duration connectionTimeout) {

    public boolean isEmbedded() {
        return url == null || url.isBlank();
    }

    /**
     * @param dataDirectory the PostgreSQL cluster
     * @param throwAway use a fresh cluster in a temporary folder, deleted at shutdown, instead of
     *     {@code data-directory} (tests)
     * @param runtimeDirectory where the PostgreSQL binaries are unpacked
     * @param port TCP port on loopback; 0 picks a free one
     * @param database the database Careflow creates and uses inside the cluster
     */
    public record Embedded(
            @DefaultValue("data/postgres") Path dataDirectory,
            @DefaultValue("false") boolean throwAway,
            @DefaultValue("data/postgres-runtime") Path runtimeDirectory,
            @DefaultValue("0") @Min(0) int port,
            @DefaultValue("careflow") String database) {}
}
