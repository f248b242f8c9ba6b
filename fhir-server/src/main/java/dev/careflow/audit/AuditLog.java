package dev.careflow.audit;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.AuditEvent;

/**
 * The audit trail as a log ({@code careflow.audit.store=log}): each request's events get their id and are handed to
 * a {@link GroupCommit} over {@link AuditLogTable}, which writes the events of concurrent requests as one batch with
 * one commit; the request waits for that commit, so its audit is stored before its answer goes out.
 */
final class AuditLog implements AuditStore, AutoCloseable {

    private final AuditLogTable table;
    private final FhirContext fhir;
    private final GroupCommit<AuditRow> commits;
    private final AuditSettings settings;

    AuditLog(AuditLogTable table, FhirContext fhir, AuditSettings settings) {
        this.table = table;
        this.fhir = fhir;
        this.settings = settings;
        this.commits = new GroupCommit<>("careflow-audit-log", table::insert, settings.batchMax());
    }

    @Override
    public void store(List<AuditEvent> events) {
        IParser json = fhir.newJsonParser();
        List<AuditRow> rows = new ArrayList<>(events.size());
        for (AuditEvent event : events) {
            rows.add(AuditRow.of(identified(event), json.encodeResourceToString(event)));
        }
        commits.write(rows, settings.commitTimeout());
    }

    /** The event as the log serves it: a fresh id, version 1, last updated when recorded; no profile claims. */
    static AuditEvent identified(AuditEvent event) {
        if (!event.hasRecorded()) {
            event.setRecorded(new Date());
        }
        event.setId(UUID.randomUUID().toString());
        event.getMeta().getProfile().clear();
        event.getMeta().setVersionId("1").setLastUpdated(event.getRecorded());
        return event;
    }

    AuditLogTable table() {
        return table;
    }

    @Override
    public void close() {
        commits.close();
    }
}
