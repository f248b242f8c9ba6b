package dev.careflow.platform;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.repository.searchparam.SearchParameterMapRepositoryRestQueryBuilder;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.repository.IRepository;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.PatchTypeEnum;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.util.BundleBuilder;
import ca.uhn.fhir.util.BundleUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseBundle;
import org.hl7.fhir.instance.model.api.IBaseParameters;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Careflow's services' view of the JPA store: HAPI's repository API over its DAOs, acting as the server itself (HAPI's
 * {@link SystemRequestDetails}). Searches are synchronous and answer every match in one searchset Bundle (no paging),
 * as the in-memory repository of the unit tests does, so a service reads the same way in both. Each call joins the
 * database transaction in progress (an operation's, a message's, a storage hook's) or runs in its own; a transaction
 * Bundle is one unit of work. Authorisation is decided at the edge (the operation's rule) before a service runs. What
 * it writes counts as built by Careflow ({@link WriteOrigin}) unless the caller marked it as outside data.
 *
 * <p>This is the only class outside {@code platform}'s HAPI wiring that knows {@link DaoRegistry} and
 * {@link SearchParameterMap}.
 */
public final class SystemRepository implements IRepository {

    private static final int PAGE = 500;

    private final DaoRegistry daos;

    public SystemRepository(DaoRegistry daos) {
        this.daos = daos;
    }

    @Override
    public <T extends IBaseResource, I extends IIdType> T read(Class<T> type, I id, Map<String, String> headers) {
        return daos.getResourceDao(type).read(id, request());
    }

    @Override
    public <T extends IBaseResource> MethodOutcome create(T resource, Map<String, String> headers) {
        WriteOrigin.careflow(resource);
        // FHIR's conditional create (If-None-Exist): unlike a transaction Bundle, it may run inside a storage hook.
        String ifNoneExist = headers == null ? null : headers.get(Constants.HEADER_IF_NONE_EXIST);
        return ifNoneExist == null
                ? daos.getResourceDao(resource).create(resource, request())
                : daos.getResourceDao(resource).create(resource, ifNoneExist, request());
    }

    @Override
    public <I extends IIdType, P extends IBaseParameters> MethodOutcome patch(
            I id, P patch, Map<String, String> headers) {
        return daos.getResourceDao(id.getResourceType())
                .patch(id, null, PatchTypeEnum.FHIR_PATCH_JSON, null, patch, request());
    }

    @Override
    public <T extends IBaseResource> MethodOutcome update(T resource, Map<String, String> headers) {
        WriteOrigin.careflow(resource);
        return daos.getResourceDao(resource).update(resource, request());
    }

    @Override
    public <T extends IBaseResource, I extends IIdType> MethodOutcome delete(
            Class<T> type, I id, Map<String, String> headers) {
        return daos.getResourceDao(type).delete(id, request());
    }

    @Override
    @SuppressWarnings("unchecked")
    public <B extends IBaseBundle, T extends IBaseResource> B search(
            Class<B> bundleType, Class<T> type, IRepositoryRestQueryContributor query, Map<String, String> headers) {
        SearchParameterMap parameters = SearchParameterMapRepositoryRestQueryBuilder.buildFromQueryContributor(query);
        parameters.setLoadSynchronous(true);
        IFhirResourceDao<T> dao = daos.getResourceDao(type);
        IBundleProvider found = dao.search(parameters, request());
        BundleBuilder bundle = new BundleBuilder(fhirContext());
        bundle.setType("searchset");
        every(found).forEach(bundle::addSearchMatchEntry);
        return (B) bundle.getBundle();
    }

    /**
     * Every match. HAPI may still answer a search asked to load synchronously with a persisted, paged result (a
     * string search with {@code _count}, say: HAPI-0464 on {@code getAllResources}), so pages are read until done.
     */
    private static List<IBaseResource> every(IBundleProvider found) {
        Integer size = found.size();
        if (size != null) {
            return found.getResources(0, size);
        }
        List<IBaseResource> every = new ArrayList<>();
        for (List<IBaseResource> page = found.getResources(0, PAGE);
                !page.isEmpty();
                page = found.getResources(every.size(), every.size() + PAGE)) {
            every.addAll(page);
        }
        return every;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <B extends IBaseBundle> B transaction(B transaction, Map<String, String> headers) {
        BundleUtil.toListOfResources(fhirContext(), transaction).forEach(WriteOrigin::careflow);
        IFhirSystemDao<B, ?> system = (IFhirSystemDao<B, ?>) daos.getSystemDao();
        // HAPI's transaction() refuses to run inside a database transaction; inside one (a notification, a storage
        // hook) the Bundle joins it instead, so it is stored or rolled back with everything else.
        return TransactionSynchronizationManager.isActualTransactionActive()
                ? system.transactionNested(request(), transaction)
                : system.transaction(request(), transaction);
    }

    @Override
    public FhirContext fhirContext() {
        return daos.getFhirContext();
    }

    private static RequestDetails request() {
        return new SystemRequestDetails();
    }
}
