package dev.careflow.platform;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * FHIR Bulk Data export ({@code $export} at the server, on {@code Patient} and on {@code Group/[id]}), HAPI's own
 * (Batch2 jobs writing ndjson Binaries), for backend services.
 *
 * @param enabled offer the export operations; {@code false} leaves them out of the endpoint and the CapabilityStatement
 * @param fileRetentionHours how long the ndjson files of a finished export stay readable before they are deleted
 * @param stepInterval how often HAPI's Batch2 maintenance moves jobs on to their next step; an export takes a few such
 *     steps, so HAPI's default of a minute makes even a small export take minutes
 */
@Validated
@ConfigurationProperties("careflow.bulk-export")
public record BulkExportSettings(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("2") @Min(1) int fileRetentionHours,
        @DefaultValue("PT5S") Duration stepInterval) {

    public BulkExportSettings {
        if (stepInterval.isNegative() || stepInterval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException(
                    "careflow.bulk-export.step-interval must be at least 1 s: " + stepInterval);
        }
    }
}
