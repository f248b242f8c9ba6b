package dev.careflow.platform;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.packages.IHapiPackageCacheManager;
import ca.uhn.fhir.jpa.packages.IPackageInstallerSvc;
import ca.uhn.fhir.jpa.term.api.ITermDeferredStorageSvc;
import ca.uhn.fhir.jpa.validation.JpaValidationSupportChain;
import ca.uhn.fhir.repository.IRepository;
import ca.uhn.fhir.validation.IInstanceValidatorModule;
import dev.careflow.vocabulary.CodeSystems;
import java.util.Set;
import javax.sql.DataSource;
import org.hl7.fhir.common.hapi.validation.support.UnknownCodeSystemWarningValidationSupport;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Careflow's own platform pieces around HAPI: the start-up gate, package installation, profile validation. */
@Configuration(proxyBeanMethods = false)
class PlatformConfiguration {

    /**
     * The repository Careflow's services read and write through, acting as the server (see {@link SystemRepository}).
     */
    @Bean
    IRepository careflowRepository(DaoRegistry daos) {
        return new SystemRepository(daos);
    }

    /** See {@link EarlyFrozenBeanDefinitions}: part of the start-up time. */
    @Bean
    static EarlyFrozenBeanDefinitions earlyFrozenBeanDefinitions() {
        return new EarlyFrozenBeanDefinitions();
    }

    /** See {@link LazyRepositories}: part of the start-up time. */
    @Bean
    static LazyRepositories lazyRepositories() {
        return new LazyRepositories();
    }

    @Bean
    StartupGate startupGate() {
        return new StartupGate();
    }

    @Bean
    FilterRegistrationBean<StartupGate> startupGateRegistration(StartupGate gate) {
        FilterRegistrationBean<StartupGate> registration = new FilterRegistrationBean<>(gate);
        registration.addUrlPatterns("/fhir/*");
        registration.setName("careflowStartupGate");
        return registration;
    }

    /** The CapabilityStatement's encoded bytes sent again for a while (unless {@code cache-for} is 0). */
    @Bean
    FilterRegistrationBean<CapabilityStatementCache> capabilityStatementCache(CapabilityStatementSettings settings) {
        FilterRegistrationBean<CapabilityStatementCache> registration =
                new FilterRegistrationBean<>(new CapabilityStatementCache(settings.cacheFor()));
        registration.addUrlPatterns("/fhir/metadata", "/fhir/metadata/");
        registration.setName("careflowCapabilityStatementCache");
        registration.setEnabled(!settings.cacheFor().isZero());
        registration.setOrder(org.springframework.core.Ordered.LOWEST_PRECEDENCE - 10);
        return registration;
    }

    @Bean
    FhirPackageInstaller fhirPackageInstaller(
            IPackageInstallerSvc installer,
            IHapiPackageCacheManager packageCache,
            StartupGate gate,
            IRepository repository,
            PackageSettings settings,
            ITermDeferredStorageSvc deferredStorage) {
        return new FhirPackageInstaller(
                installer,
                packageCache,
                gate,
                new FhirPackageInstaller.Installation(repository, settings, deferredStorage));
    }

    /**
     * Codes from code systems this server does not hold (a hospital's local codes, a sender's IG) are a warning, not
     * an error: a server that receives data from many senders cannot know every code system, and FHIR only requires
     * codes to be checked where a binding is required and the code system known.
     */
    @Bean
    InitializingBean unknownCodeSystemsAreWarnings(UnknownCodeSystemWarningValidationSupport unknownCodeSystems) {
        return () -> {
            unknownCodeSystems.setAllowNonExistentCodeSystem(true);
            unknownCodeSystems.setNonExistentCodeSystemSeverity(IValidationSupport.IssueSeverity.WARNING);
        };
    }

    /**
     * Codes of the other publishers' code systems Careflow references but does not hold (Da Vinci's notification-event)
     * are a warning; HL7's validator would otherwise refuse them as codes of an unknown HL7 code system.
     */
    @Bean
    InitializingBean referencedCodeSystems(FhirContext fhirContext, JpaValidationSupportChain chain) {
        return () -> chain.addValidationSupport(
                new ReferencedCodeSystems(fhirContext, Set.of(CodeSystems.DAVINCI_NOTIFICATION_EVENT)));
    }

    /** Registered on HAPI's JPA interceptor service, so it sees writes made inside transactions and operations too. */
    @Bean
    ProfileValidationInterceptor profileValidationInterceptor(
            FhirContext fhirContext, IInstanceValidatorModule instanceValidator) {
        ProfileValidationInterceptor interceptor = new ProfileValidationInterceptor(fhirContext, instanceValidator);
        return interceptor;
    }

    /** Text PostgreSQL cannot store is refused before the write, naming the element (a storage interceptor). */
    @Bean
    StringValueInterceptor stringValueInterceptor(FhirContext fhirContext) {
        return new StringValueInterceptor(fhirContext);
    }

    /** The requests inside batches and transactions are checked like REST requests (a storage interceptor). */
    @Bean
    TransactionEntryInterceptor transactionEntryInterceptor(FhirContext fhirContext) {
        return new TransactionEntryInterceptor(fhirContext);
    }

    /** An absolute reference to a non-FHIR URL is stored as a logical reference, not refused. */
    @Bean
    NonFhirReferences nonFhirReferences(FhirContext fhirContext) {
        return new NonFhirReferences(fhirContext);
    }

    /** A stored Bundle's entries keep their resources' meta and their references' versions. */
    @Bean
    StoredBundleEntries storedBundleEntries(FhirContext fhirContext) {
        return new StoredBundleEntries(fhirContext);
    }

    /** A resource created at its own id may refer to itself (HAPI would create a placeholder under that id). */
    @Bean
    SelfReferences selfReferences(FhirContext fhirContext, ObjectProvider<IRepository> repository) {
        return new SelfReferences(fhirContext, repository);
    }

    /**
     * Versioned references kept as sent where FHIR expects them (Provenance.target, Task.focus; configurable; see
     * {@link VersionedReferences}). The id
     * of a Bundle entry's resource kept as sent: by default HAPI's parser replaces it with the entry's fullUrl, and
     * its writer then leaves out an id starting {@code urn:}, so a stored message lost the ids of its urn:uuid entries.
     */
    @Bean
    InitializingBean versionedReferences(FhirContext fhirContext, StorageSettings settings) {
        return () -> {
            VersionedReferences.install(fhirContext, settings.versionedReferencePaths());
            fhirContext.getParserOptions().setOverrideResourceIdWithBundleEntryFullUrl(false);
        };
    }

    /** Where a reference element of many stored resources points, read from HAPI's reference index. */
    @Bean
    ReferenceIndex referenceIndex(DataSource dataSource) {
        return new JdbcReferenceIndex(dataSource);
    }

    /** Answers that show a stored Bundle keep the reference versions its entries were sent with. */
    @Bean
    VersionedReferences versionedReferencesInAnswers() {
        return new VersionedReferences();
    }

    /** The resource types in the full-text index ({@code careflow.storage.full-text-types}). */
    @Bean
    FullTextTypes fullTextTypes(StorageSettings settings) {
        return FullTextTypes.of(settings.fullTextTypes());
    }

    /** Left-out types kept out of the full-text index on every write, whether Careflow's features are on or off. */
    @Bean
    FullTextIndexFilter fullTextIndexFilter(
            FullTextTypes types, ca.uhn.fhir.interceptor.api.IInterceptorService interceptors) {
        FullTextIndexFilter filter = new FullTextIndexFilter(types);
        if (!types.all()) {
            interceptors.registerInterceptor(filter);
        }
        return filter;
    }

    @Bean
    FullTextSearchGuard fullTextSearchGuard(FullTextTypes types) {
        return new FullTextSearchGuard(types);
    }
}
