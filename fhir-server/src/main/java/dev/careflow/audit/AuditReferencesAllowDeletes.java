package dev.careflow.audit;

import ca.uhn.fhir.jpa.interceptor.OverridePathBasedReferentialIntegrityForDeletesInterceptor;
import dev.careflow.platform.CareflowStorageInterceptor;

/**
 * The audit trail records every read and write, so without this a resource could never be deleted once someone had
 * looked at it (409, "referenced by AuditEvent/..."). References from AuditEvents do not hold a resource against
 * deletion: the AuditEvent keeps the reference, now to a deleted resource, as the record of what was done to it. Every
 * other reference still does (referential integrity on delete stays on). HAPI's own interceptor for this, registered
 * with the audit paths.
 */
class AuditReferencesAllowDeletes extends OverridePathBasedReferentialIntegrityForDeletesInterceptor
        implements CareflowStorageInterceptor {

    AuditReferencesAllowDeletes() {
        addPath("AuditEvent.entity.what");
        addPath("AuditEvent.agent.who");
        addPath("AuditEvent.source.observer");
    }
}
