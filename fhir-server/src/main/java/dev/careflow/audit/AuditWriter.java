package dev.careflow.audit;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.dao.tx.IHapiTransactionService;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.storage.interceptor.AutoCreatePlaceholderReferenceTargetResponse;
import dev.careflow.platform.CareflowStorageInterceptor;
import java.util.List;
import org.hl7.fhir.r4.model.AuditEvent;
import org.springframework.stereotype.Component;

/**
 * Writes AuditEvents in one database transaction, with request details of their own that mark the write as an
 * audit's, so that {@link Pointcut#STORAGE_PRE_AUTO_CREATE_PLACEHOLDER_REFERENCE} can refuse placeholders for what an
 * audit mentions. That mark is why this writer uses HAPI's DAO and transaction service directly rather than the
 * repository (whose request details are its own): it is the only DAO use in {@code audit}.
 */
@Component
@Interceptor
class AuditWriter implements CareflowStorageInterceptor {

    private static final String AUDIT_WRITE = AuditWriter.class.getName() + ".write";

    private final DaoRegistry daos;
    private final IHapiTransactionService transactions;

    AuditWriter(DaoRegistry daos, IHapiTransactionService transactions) {
        this.daos = daos;
        this.transactions = transactions;
    }

    void write(List<AuditEvent> events) {
        SystemRequestDetails request = new SystemRequestDetails();
        request.getUserData().put(AUDIT_WRITE, Boolean.TRUE);
        IFhirResourceDao<AuditEvent> dao = daos.getResourceDao(AuditEvent.class);
        transactions.withRequest(request).execute(() -> {
            for (AuditEvent event : events) {
                // BALP's profile claims would make every audit write share HAPI's cached tag entities with the
                // request it audits; the events are searchable by their content, not by profile.
                event.getMeta().getProfile().clear();
                dao.create(event, request);
            }
            return null;
        });
    }

    /** Audit writes never create placeholder resources for what they mention. */
    @Hook(Pointcut.STORAGE_PRE_AUTO_CREATE_PLACEHOLDER_REFERENCE)
    public AutoCreatePlaceholderReferenceTargetResponse noPlaceholders(RequestDetails request) {
        if (request != null && Boolean.TRUE.equals(request.getUserData().get(AUDIT_WRITE))) {
            return AutoCreatePlaceholderReferenceTargetResponse.doNotCreateTarget();
        }
        return null;
    }
}
