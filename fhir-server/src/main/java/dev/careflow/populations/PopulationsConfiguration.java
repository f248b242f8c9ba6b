package dev.careflow.populations;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.repository.IRepository;
import dev.careflow.platform.FeatureSettings;
import dev.careflow.platform.TransactionLocks;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The registries' beans: the categories, the locks, the service, its storage hook and its transactions. */
@Configuration(proxyBeanMethods = false)
class PopulationsConfiguration {

    /** The advisory-lock namespace of registry upkeep ("REGI"); the key is the registry's ordinal. */
    static final int LOCK_NAMESPACE = 0x52454749;

    @Bean
    ChronicConditionCategories chronicConditionCategories(FhirContext fhirContext) {
        return ChronicConditionCategories.fromTerminologyPackage(fhirContext);
    }

    @Bean
    JdbcRegistryMembers registryMembers(DataSource dataSource) {
        return new JdbcRegistryMembers(dataSource);
    }

    @Bean
    RegistryMembersInterceptor registryMembersInterceptor(JdbcRegistryMembers index) {
        return new RegistryMembersInterceptor(index);
    }

    @Bean
    RegistryMembersAtStart registryMembersAtStart(
            JdbcRegistryMembers index,
            IRepository repository,
            PlatformTransactionManager transactions,
            FeatureSettings features) {
        return new RegistryMembersAtStart(index, repository, transactions, features.enabled());
    }

    @Bean
    RegistryService registryService(
            IRepository repository,
            ChronicConditionCategories categories,
            TransactionLocks locks,
            JdbcRegistryMembers members,
            Clock clock) {
        RegistryLocks registryLocks = () -> {
            for (Registry registry : Registry.values()) {
                locks.lock(LOCK_NAMESPACE, registry.ordinal());
            }
        };
        return new RegistryService(repository, categories, registryLocks, members, clock);
    }

    /** Registry upkeep on every relevant write; absent with {@code careflow.populations.enabled=false}. */
    @Bean
    @ConditionalOnProperty(name = "careflow.populations.enabled", havingValue = "true", matchIfMissing = true)
    RegistryInterceptor registryInterceptor(RegistryService registries, IRepository repository, Clock clock) {
        return new RegistryInterceptor(registries, new HospitalScoreService(repository, clock));
    }

    @Bean
    StratifyService stratifyService(
            IRepository repository, RegistryService registries, PlatformTransactionManager transactions) {
        return new StratifyService(repository, registries, new TransactionTemplate(transactions));
    }
}
