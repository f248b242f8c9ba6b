package dev.careflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Hibernate settings Careflow's settings records produce; the Elasticsearch path cannot run on this machine. */
class HapiJpaConfigurationTest {

    private static DatabaseSettings database(Map<String, String> extra) {
        return new DatabaseSettings(
                "",
                "careflow",
                "careflow",
                10,
                "update",
                extra,
                new DatabaseSettings.Embedded(Path.of("data/postgres"), false, Path.of("rt"), 0, "careflow"),
                java.time.Duration.ofSeconds(3));
    }

    @Test
    void luceneOnDisk_byDefault() {
        SearchIndexSettings search = new SearchIndexSettings(
                SearchIndexSettings.Backend.LUCENE,
                new SearchIndexSettings.Lucene(
                        Path.of("data/lucene"), false, Duration.ofSeconds(2), Duration.ofSeconds(30)),
                new SearchIndexSettings.Elasticsearch(List.of("localhost:9200"), "http", "", ""),
                "read-sync");

        Map<String, Object> properties = HapiJpaConfiguration.hibernateProperties(database(Map.of()), search);

        assertThat(properties)
                .containsEntry("hibernate.search.enabled", "true")
                .containsEntry("hibernate.search.indexing.plan.synchronization.strategy", "read-sync")
                .containsEntry("hibernate.search.backend.type", "lucene")
                .containsEntry("hibernate.search.backend.directory.type", "local-filesystem")
                .containsEntry(
                        "hibernate.search.backend.directory.root",
                        Path.of("data/lucene").toAbsolutePath().toString())
                .containsEntry("hibernate.dialect", "ca.uhn.fhir.jpa.model.dialect.HapiFhirPostgresDialect")
                .containsEntry("hibernate.hbm2ddl.auto", "update");
    }

    @Test
    void elasticsearchOrOpenSearch_byConfiguration() {
        SearchIndexSettings search = new SearchIndexSettings(
                SearchIndexSettings.Backend.ELASTICSEARCH,
                new SearchIndexSettings.Lucene(
                        Path.of("data/lucene"), false, Duration.ofSeconds(2), Duration.ofSeconds(30)),
                new SearchIndexSettings.Elasticsearch(List.of("es1:9200", "es2:9200"), "https", "careflow", "secret"),
                "write-sync");

        Map<String, Object> properties = HapiJpaConfiguration.hibernateProperties(database(Map.of()), search);

        assertThat(properties)
                .containsEntry("hibernate.search.backend.type", "elasticsearch")
                .containsEntry("hibernate.search.backend.hosts", "es1:9200,es2:9200")
                .containsEntry("hibernate.search.backend.protocol", "https")
                .containsEntry("hibernate.search.backend.username", "careflow")
                .containsEntry("hibernate.search.backend.password", "secret")
                .containsEntry("hibernate.search.indexing.plan.synchronization.strategy", "write-sync")
                .containsEntry(
                        "hibernate.search.backend.analysis.configurer",
                        "ca.uhn.fhir.jpa.search.HapiHSearchAnalysisConfigurers$HapiElasticsearchAnalysisConfigurer")
                .doesNotContainKey("hibernate.search.backend.directory.type");
    }

    @Test
    void extraHibernateProperties_overrideTheDefaults() {
        SearchIndexSettings search = new SearchIndexSettings(
                SearchIndexSettings.Backend.LUCENE,
                new SearchIndexSettings.Lucene(Path.of("x"), true, Duration.ofSeconds(2), Duration.ofSeconds(30)),
                new SearchIndexSettings.Elasticsearch(List.of("localhost:9200"), "http", "", ""),
                "read-sync");

        Map<String, Object> properties =
                HapiJpaConfiguration.hibernateProperties(database(Map.of("hibernate.jdbc.batch_size", "50")), search);

        assertThat(properties)
                .containsEntry("hibernate.jdbc.batch_size", "50")
                .containsEntry("hibernate.search.backend.directory.type", "local-heap");
    }
}
