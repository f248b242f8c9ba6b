package dev.careflow.platform;

import ca.uhn.fhir.batch2.api.IJobMaintenanceService;
import ca.uhn.fhir.batch2.jobs.export.BulkDataExportProvider;
import ca.uhn.fhir.batch2.maintenance.JobMaintenanceServiceImpl;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * FHIR Bulk Data Access export as HAPI implements it: {@code [base]/$export}, {@code Patient/$export},
 * {@code Patient/[id]/$export} and {@code Group/[id]/$export} start a Batch2 job (202 and a {@code Content-Location}
 * under the server's public base), {@code $export-poll-status} answers 202 with {@code X-Progress} until the manifest
 * (200) and cancels on {@code DELETE}; the files are ndjson Binaries. HAPI defines the provider and the job; this puts
 * the provider on the endpoint unless {@code careflow.bulk-export.enabled} is {@code false}. Who may call it is
 * security's business (backend services only).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "careflow.bulk-export", name = "enabled", havingValue = "true", matchIfMissing = true)
class BulkExportConfiguration {

    /** The export operations on the endpoint, before it starts (so the CapabilityStatement lists them). */
    @Bean
    BulkExportOperations bulkExportOperations(FhirEndpoint endpoint, BulkDataExportProvider provider) {
        endpoint.server().registerProvider(provider);
        return new BulkExportOperations(provider);
    }

    /**
     * Batch2's maintenance pass, which starts each next step of a job, at {@code careflow.bulk-export.step-interval}
     * rather than HAPI's minute. Set before the context is refreshed, when HAPI's scheduler schedules its jobs.
     */
    @Bean
    BatchStepInterval batchStepInterval(IJobMaintenanceService maintenance, BulkExportSettings settings) {
        if (maintenance instanceof JobMaintenanceServiceImpl service) {
            service.setScheduledJobFrequencyMillis(settings.stepInterval().toMillis());
        }
        return new BatchStepInterval(settings.stepInterval());
    }

    /** How often Batch2 jobs move on. */
    record BatchStepInterval(java.time.Duration interval) {}

    /** The export operations as they are offered. */
    record BulkExportOperations(BulkDataExportProvider provider) {}
}
