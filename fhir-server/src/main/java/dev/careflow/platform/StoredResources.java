package dev.careflow.platform;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;

/**
 * What Careflow's services read through HAPI's DAOs, as the server itself (no client's request details): a resource by
 * reference when it may be missing, and every resource a synchronous search finds.
 */
public final class StoredResources {

    private StoredResources() {}

    /** The current version of the resource a reference names, or empty when it is unknown or deleted. */
    public static <T extends IBaseResource> Optional<T> find(DaoRegistry daos, Class<T> type, String reference) {
        try {
            return Optional.of(daos.getResourceDao(type)
                    .read(new IdType(reference).toUnqualifiedVersionless(), new SystemRequestDetails()));
        } catch (ResourceNotFoundException | ResourceGoneException e) {
            return Optional.empty();
        }
    }

    /** Every resource the search finds (the map should be synchronous). */
    @SuppressWarnings("unchecked")
    public static <T extends IBaseResource> List<T> search(
            DaoRegistry daos, Class<T> type, SearchParameterMap parameters) {
        return (List<T>) (List<?>) daos.getResourceDao(type)
                .search(parameters, new SystemRequestDetails())
                .getAllResources();
    }
}
