package dev.careflow.platform;

import ca.uhn.fhir.batch2.jobs.config.Batch2JobsConfig;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.config.ThreadPoolFactoryConfig;
import ca.uhn.fhir.jpa.batch2.JpaBatch2Config;
import ca.uhn.fhir.jpa.binary.api.IBinaryStorageSvc;
import ca.uhn.fhir.jpa.binstore.DatabaseBinaryContentStorageSvcImpl;
import ca.uhn.fhir.jpa.config.HapiJpaConfig;
import ca.uhn.fhir.jpa.config.r4.JpaR4Config;
import ca.uhn.fhir.jpa.config.util.HapiEntityManagerFactoryUtil;
import ca.uhn.fhir.jpa.model.config.PartitionSettings;
import ca.uhn.fhir.jpa.model.config.SubscriptionSettings;
import ca.uhn.fhir.jpa.model.dialect.HapiFhirPostgresDialect;
import ca.uhn.fhir.jpa.model.entity.StorageSettings.IndexEnabledEnum;
import ca.uhn.fhir.jpa.search.HapiHSearchAnalysisConfigurers;
import ca.uhn.fhir.jpa.subscription.channel.config.SubscriptionChannelConfig;
import ca.uhn.fhir.jpa.subscription.match.config.SubscriptionProcessorConfig;
import ca.uhn.fhir.jpa.subscription.submit.config.SubscriptionSubmitterConfig;
import ca.uhn.fhir.jpa.topic.SubscriptionTopicConfig;
import ca.uhn.fhir.jpa.util.MemoryCacheService;
import jakarta.persistence.EntityManagerFactory;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.hibernate.cfg.AvailableSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;

/**
 * HAPI FHIR JPA for R4 on PostgreSQL: HAPI's own Spring configurations, plus the few beans HAPI expects its host to
 * define (storage settings, the persistence unit, the transaction manager), built from Careflow's settings records.
 */
@Configuration(proxyBeanMethods = false)
@Import({
    JpaR4Config.class,
    HapiJpaConfig.class,
    ThreadPoolFactoryConfig.class,
    SubscriptionChannelConfig.class,
    // Subscriptions that fire: submission (validation, queueing changes), matching and delivery, and the topic
    // machinery, which HAPI's own starter leaves out on R4 (its R4 topic subscriptions are accepted, never sent).
    SubscriptionSubmitterConfig.class,
    SubscriptionProcessorConfig.class,
    SubscriptionTopicConfig.class,
    JpaBatch2Config.class,
    Batch2JobsConfig.class
})
class HapiJpaConfiguration {

    private static final Logger log = LoggerFactory.getLogger(HapiJpaConfiguration.class);

    @Bean
    JpaStorageSettings jpaStorageSettings(StorageSettings settings, BulkExportSettings bulkExport) {
        JpaStorageSettings storage = new JpaStorageSettings();
        // Bulk export: HAPI's Batch2 job (registered by Batch2JobsConfig) runs only where it is offered.
        storage.setEnableTaskBulkExportJobExecution(bulkExport.enabled());
        storage.setBulkExportFileRetentionPeriodHours(bulkExport.fileRetentionHours());
        storage.setAllowExternalReferences(settings.allowExternalReferences());
        storage.setAllowMultipleDelete(settings.allowMultipleDelete());
        storage.setEnforceReferentialIntegrityOnWrite(settings.enforceReferentialIntegrityOnWrite());
        storage.setEnforceReferentialIntegrityOnDelete(settings.enforceReferentialIntegrityOnDelete());
        // The audit trail records every read and write; a resource it names must stay deletable (the AuditEvent keeps
        // the reference, now dangling, as the record of what was done to it).
        storage.setEnforceReferentialIntegrityOnDeleteDisableForPaths(
                java.util.Set.of("AuditEvent.entity.what", "AuditEvent.agent.who", "AuditEvent.source.observer"));
        storage.setExpungeEnabled(settings.expungeEnabled());
        storage.setDeleteExpungeEnabled(settings.expungeEnabled());
        storage.setReuseCachedSearchResultsForMillis(
                settings.reuseCachedSearchResultsMillis() == 0 ? null : settings.reuseCachedSearchResultsMillis());
        if (settings.clientIdStrategy() == StorageSettings.ClientIdStrategy.ANY) {
            storage.setResourceClientIdStrategy(JpaStorageSettings.ClientIdStrategyEnum.ANY);
            storage.setResourceServerIdStrategy(JpaStorageSettings.IdStrategyEnum.UUID);
        } else {
            storage.setResourceClientIdStrategy(JpaStorageSettings.ClientIdStrategyEnum.ALPHANUMERIC);
            storage.setResourceServerIdStrategy(JpaStorageSettings.IdStrategyEnum.SEQUENTIAL_NUMERIC);
        }
        storage.setFetchSizeDefaultMaximum(10_000);
        // _content and _text: without full-text indexing HAPI's Lucene index stays empty.
        storage.setHibernateSearchIndexFullText(true);
        // :missing searches are rare; indexing every absent field multiplies index rows.
        storage.setIndexMissingFields(IndexEnabledEnum.DISABLED);
        storage.setAutoCreatePlaceholderReferenceTargets(settings.autoCreatePlaceholderReferenceTargets());
        storage.setPopulateIdentifierInAutoCreatedPlaceholderReferenceTargets(true);
        storage.setDefaultSearchParamsCanBeOverridden(true);
        storage.setMarkResourcesForReindexingUponSearchParameterChange(true);
        storage.setStoreMetaSourceInformation(
                JpaStorageSettings.StoreMetaSourceInformationEnum.SOURCE_URI_AND_REQUEST_ID);
        storage.setAllowContainsSearches(true);
        // Absolute references to non-FHIR URLs are stored as logical references (HAPI refuses them otherwise).
        storage.setTreatReferencesAsLogical(NonFhirReferences.logicalReferences(storage.getTreatReferencesAsLogical()));
        storage.setBundleTypesAllowedForStorage(new java.util.TreeSet<>(settings.bundleTypesAllowedForStorage()));
        storage.setMatchUrlCacheEnabled(settings.matchUrlCache());
        storage.setIndexStorageOptimized(settings.indexStorageOptimized());
        return storage;
    }

    @Bean
    PartitionSettings partitionSettings() {
        return new PartitionSettings();
    }

    @Bean
    SubscriptionSettings subscriptionSettings() {
        SubscriptionSettings subscriptions = new SubscriptionSettings();
        subscriptions.addSupportedSubscriptionType(
                org.hl7.fhir.dstu2.model.Subscription.SubscriptionChannelType.RESTHOOK);
        return subscriptions;
    }

    /** Subscriptions deliver by rest-hook only: the email channel is refused when a subscription is created. */
    @Bean
    ca.uhn.fhir.jpa.subscription.match.deliver.email.IEmailSender emailSender() {
        return details -> {
            throw new UnsupportedOperationException("Careflow delivers subscriptions by rest-hook, not email");
        };
    }

    /** HAPI's caches, with tag definitions kept to each session (see {@link SessionLocalTagDefinitions}). */
    @Primary
    @Bean
    MemoryCacheService sessionLocalTagDefinitions(JpaStorageSettings storageSettings) {
        return new SessionLocalTagDefinitions(storageSettings);
    }

    @Bean
    IBinaryStorageSvc binaryStorageSvc() {
        return new DatabaseBinaryContentStorageSvcImpl();
    }

    @Primary
    @Bean
    LocalContainerEntityManagerFactoryBean entityManagerFactory(
            ConfigurableListableBeanFactory beanFactory,
            FhirContext fhirContext,
            JpaStorageSettings storageSettings,
            DataSource dataSource,
            DatabaseSettings database,
            SearchIndexSettings search) {
        if (search.backend() == SearchIndexSettings.Backend.LUCENE
                && !search.lucene().inMemory()) {
            // Before Hibernate Search opens the index: an index built for another database is rebuilt.
            SearchIndexOwner.claim(search.lucene().directory(), dataSource);
        }
        LocalContainerEntityManagerFactoryBean factory =
                HapiEntityManagerFactoryUtil.newEntityManagerFactory(beanFactory, fhirContext, storageSettings);
        factory.setPersistenceUnitName("HAPI_PU");
        factory.setDataSource(dataSource);
        factory.setJpaPropertyMap(hibernateProperties(database, search));
        // Hibernate (with Envers and Hibernate Search) builds the persistence unit, about 5 s of a warm start's work,
        // on its own thread while Spring makes the rest of HAPI's graph (see FhirEndpoint for why it can). The first
        // caller that needs it waits for it; a failure to build it fails the start there.
        factory.setBootstrapExecutor(new SimpleAsyncTaskExecutor("careflow-persistence-unit-"));
        return factory;
    }

    @Primary
    @Bean
    WriteTransactions transactionManager(EntityManagerFactory entityManagerFactory) {
        return new WriteTransactions(entityManagerFactory);
    }

    /** The full-text index catches up at start-up with what a crash kept out of it. */
    @Bean
    SearchIndexCheckpoint searchIndexCheckpoint(
            SearchIndexSettings search,
            EntityManagerFactory entityManagerFactory,
            WriteTransactions transactions,
            ca.uhn.fhir.jpa.search.reindex.ResourceReindexer reindexer) {
        return new SearchIndexCheckpoint(search, entityManagerFactory, transactions, reindexer);
    }

    static Map<String, Object> hibernateProperties(DatabaseSettings database, SearchIndexSettings search) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(AvailableSettings.DIALECT, HapiFhirPostgresDialect.class.getName());
        properties.put(AvailableSettings.HBM2DDL_AUTO, database.schemaUpdate());
        properties.put(AvailableSettings.STATEMENT_BATCH_SIZE, "30");
        // PostgreSQL's notices ("constraint ... does not exist, skipping" as the schema is made) are not warnings to a
        // user; SQL errors are still logged.
        properties.put(AvailableSettings.LOG_JDBC_WARNINGS, "false");
        properties.put(AvailableSettings.ORDER_INSERTS, "true");
        properties.put(AvailableSettings.ORDER_UPDATES, "true");
        properties.put(AvailableSettings.USE_SECOND_LEVEL_CACHE, "false");
        properties.put(AvailableSettings.USE_QUERY_CACHE, "false");
        properties.put(AvailableSettings.USE_STRUCTURED_CACHE, "false");
        properties.put(AvailableSettings.USE_MINIMAL_PUTS, "false");
        properties.put(AvailableSettings.FORMAT_SQL, "false");
        properties.put(AvailableSettings.SHOW_SQL, "false");
        properties.put(AvailableSettings.SCANNER, "org.hibernate.boot.archive.scan.internal.DisabledScanner");
        properties.putAll(searchBackendProperties(search));
        properties.putAll(database.hibernate());
        return properties;
    }

    static Map<String, Object> searchBackendProperties(SearchIndexSettings search) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("hibernate.search.enabled", "true");
        // A write waits until the index shows it, not for a disk commit of the index per write; the index is
        // committed every second, and SearchIndexCheckpoint re-indexes at start-up what a crash kept out of it.
        properties.put("hibernate.search.indexing.plan.synchronization.strategy", search.indexingSync());
        if (search.backend() == SearchIndexSettings.Backend.ELASTICSEARCH) {
            SearchIndexSettings.Elasticsearch es = search.elasticsearch();
            properties.put("hibernate.search.backend.type", "elasticsearch");
            properties.put(
                    "hibernate.search.backend.analysis.configurer",
                    HapiHSearchAnalysisConfigurers.HapiElasticsearchAnalysisConfigurer.class.getName());
            properties.put("hibernate.search.backend.hosts", String.join(",", es.hosts()));
            properties.put("hibernate.search.backend.protocol", es.protocol());
            if (!es.username().isBlank()) {
                properties.put("hibernate.search.backend.username", es.username());
                properties.put("hibernate.search.backend.password", es.password());
            }
            properties.put("hibernate.search.schema_management.strategy", "create-or-update");
            properties.put("hibernate.search.backend.dynamic_mapping", "true");
            log.info("Full-text index: Elasticsearch/OpenSearch at {}://{}", es.protocol(), es.hosts());
        } else {
            properties.put("hibernate.search.backend.type", "lucene");
            properties.put(
                    "hibernate.search.backend.analysis.configurer",
                    HapiHSearchAnalysisConfigurers.HapiLuceneAnalysisConfigurer.class.getName());
            properties.put("hibernate.search.backend.lucene_version", "LUCENE_CURRENT");
            if (search.lucene().inMemory()) {
                properties.put("hibernate.search.backend.directory.type", "local-heap");
                log.info("Full-text index: Lucene in memory");
            } else {
                properties.put("hibernate.search.backend.directory.type", "local-filesystem");
                properties.put(
                        "hibernate.search.backend.directory.root",
                        search.lucene().directory().toAbsolutePath().toString());
                log.info(
                        "Full-text index: Lucene in {}",
                        search.lucene().directory().toAbsolutePath());
            }
        }
        return properties;
    }
}
