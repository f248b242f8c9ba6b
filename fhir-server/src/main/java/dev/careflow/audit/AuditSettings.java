package dev.careflow.audit;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the audit trail is kept.
 *
 * @param store {@code log}: Careflow's append-only table {@code careflow_audit_event}, written in group commits and
 *     served to {@code AuditEvent} read and search by {@link AuditEventLogProvider}; {@code resources}: ordinary
 *     AuditEvent resources in HAPI's storage, fully indexed (the behaviour before the log; AuditEvents stored that way
 *     by an older version are served only in this mode)
 * @param batchMax the most events one group commit writes
 * @param commitTimeout how long a request waits for the commit of its audit before it fails (500)
 */
@ConfigurationProperties("careflow.audit")
public record AuditSettings(
        @DefaultValue("log") Store store,
        @DefaultValue("500") int batchMax,
        @DefaultValue("10s") Duration commitTimeout) {

    /** The two audit stores. */
    public enum Store {
        LOG,
        RESOURCES
    }
}
