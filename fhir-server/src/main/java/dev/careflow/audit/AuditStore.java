package dev.careflow.audit;

import java.util.List;
import org.hl7.fhir.r4.model.AuditEvent;

/** Where {@link AuditTrail} puts events: the log ({@link AuditLog}) or HAPI's storage ({@link AuditResources}). */
interface AuditStore {

    /** Stores the events durably before returning; throws if they could not be stored. */
    void store(List<AuditEvent> events);
}
