package dev.careflow.platform;

import ca.uhn.fhir.repository.IRepository;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;

/** Reading through HAPI's repository API the way Careflow's services need it: typed lists, optional reads. */
public final class Stored {

    private Stored() {}

    /** Every resource of the type the search matches (included resources left out). */
    public static <T extends IBaseResource> List<T> search(IRepository repository, Class<T> type, Query query) {
        Bundle found = repository.search(Bundle.class, type, query, java.util.Map.of());
        return found.getEntry().stream()
                .filter(entry -> entry.getSearch().getMode() != Bundle.SearchEntryMode.INCLUDE)
                .map(Bundle.BundleEntryComponent::getResource)
                .filter(type::isInstance)
                .map(type::cast)
                .toList();
    }

    /** The first match, if any. */
    public static <T extends IBaseResource> Optional<T> first(IRepository repository, Class<T> type, Query query) {
        return search(repository, type, query).stream().findFirst();
    }

    /** The current version of the resource a reference ({@code Type/id}) names, or empty when unknown or deleted. */
    public static <T extends IBaseResource> Optional<T> find(IRepository repository, Class<T> type, String reference) {
        if (reference == null || reference.isBlank()) {
            return Optional.empty();
        }
        IdType id = new IdType(reference).toUnqualifiedVersionless();
        if (!id.hasIdPart()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(repository.read(type, id.withResourceType(resourceType(repository, type))));
        } catch (ResourceNotFoundException | ResourceGoneException e) {
            return Optional.empty();
        }
    }

    /** The current version of the resource, or a 404 refusal naming it. */
    public static <T extends IBaseResource> T require(IRepository repository, Class<T> type, String reference) {
        return find(repository, type, reference)
                .orElseThrow(() ->
                        new CareflowException(CareflowException.Kind.NOT_FOUND, List.of(reference + " is not known")));
    }

    /**
     * The current version of the resource a reference of any type names ({@code Type/id}), or empty when it is unknown,
     * deleted, or of a type this server does not know.
     */
    public static Optional<IBaseResource> find(IRepository repository, String reference) {
        String type = reference == null ? null : new IdType(reference).getResourceType();
        if (type == null || !repository.fhirContext().getResourceTypes().contains(type)) {
            return Optional.empty();
        }
        Class<? extends IBaseResource> implementing =
                repository.fhirContext().getResourceDefinition(type).getImplementingClass();
        return find(repository, implementing, reference).map(IBaseResource.class::cast);
    }

    private static String resourceType(IRepository repository, Class<? extends IBaseResource> type) {
        return repository.fhirContext().getResourceType(type);
    }
}
