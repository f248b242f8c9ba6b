package dev.careflow.worklist;

import ca.uhn.fhir.repository.IRepository;
import dev.careflow.careteam.CareManagerDirectory;
import dev.careflow.platform.FeatureSettings;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/** The worklist index (on unless {@code careflow.worklist.index=false}) and where the worklist reads its work. */
@Configuration(proxyBeanMethods = false)
class WorklistIndexConfiguration {

    @Bean
    JdbcWorklistIndex worklistIndex(DataSource dataSource) {
        return new JdbcWorklistIndex(dataSource);
    }

    @Bean
    WorklistIndexInterceptor worklistIndexInterceptor(JdbcWorklistIndex index, WorklistSettings settings) {
        return new WorklistIndexInterceptor(index, settings.index());
    }

    @Bean
    WorklistIndexAtStart worklistIndexAtStart(
            JdbcWorklistIndex index,
            IRepository repository,
            PlatformTransactionManager transactions,
            WorklistSettings settings,
            FeatureSettings features) {
        return new WorklistIndexAtStart(index, repository, transactions, settings.index() && features.enabled());
    }

    @Bean
    WorkSource workSource(
            WorklistSettings settings,
            JdbcWorklistIndex index,
            IRepository repository,
            CareManagerDirectory careManagers) {
        return settings.index()
                ? new IndexedWorkSource(index, repository)
                : new FhirWorkSource(new WorklistQueries(repository, careManagers));
    }
}
