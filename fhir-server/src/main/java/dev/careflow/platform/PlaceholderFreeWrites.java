package dev.careflow.platform;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.dao.tx.IHapiTransactionService;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.storage.interceptor.AutoCreatePlaceholderReferenceTargetResponse;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.springframework.stereotype.Component;

/**
 * Creates resources in one database transaction, with request details of their own that mark the writes, so that
 * {@link Pointcut#STORAGE_PRE_AUTO_CREATE_PLACEHOLDER_REFERENCE} refuses a placeholder for anything they reference
 * (a record of what happened, such as an AuditEvent, must never create what it mentions). That mark is why this
 * uses HAPI's DAO and transaction service rather than the repository, whose request details are its own.
 */
@Component
@Interceptor
public class PlaceholderFreeWrites implements CareflowStorageInterceptor {

    private static final String MARK = PlaceholderFreeWrites.class.getName() + ".write";

    private final DaoRegistry daos;
    private final IHapiTransactionService transactions;

    public PlaceholderFreeWrites(DaoRegistry daos, IHapiTransactionService transactions) {
        this.daos = daos;
        this.transactions = transactions;
    }

    /** Creates every resource, all in one transaction, or none (throws). */
    public void create(List<? extends IBaseResource> resources) {
        SystemRequestDetails request = new SystemRequestDetails();
        request.getUserData().put(MARK, Boolean.TRUE);
        transactions.withRequest(request).execute(() -> {
            for (IBaseResource resource : resources) {
                create(resource, request);
            }
            return null;
        });
    }

    @SuppressWarnings("unchecked")
    private <T extends IBaseResource> void create(T resource, RequestDetails request) {
        daos.getResourceDao((Class<T>) resource.getClass()).create(resource, request);
    }

    /** These writes never create placeholder resources for what they reference. */
    @Hook(Pointcut.STORAGE_PRE_AUTO_CREATE_PLACEHOLDER_REFERENCE)
    public AutoCreatePlaceholderReferenceTargetResponse noPlaceholders(RequestDetails request) {
        if (request != null && Boolean.TRUE.equals(request.getUserData().get(MARK))) {
            return AutoCreatePlaceholderReferenceTargetResponse.doNotCreateTarget();
        }
        return null;
    }
}
