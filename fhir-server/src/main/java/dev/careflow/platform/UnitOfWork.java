package dev.careflow.platform;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.model.api.IQueryParameterType;
import ca.uhn.fhir.repository.IRepository;
import ca.uhn.fhir.util.UrlUtil;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * The writes one request makes, stored as one FHIR transaction: all of them or none. A resource created here is named
 * by a {@code urn:uuid} reference until the commit, so the others can point at it; {@link Committed#idOf} gives its
 * stored id afterwards. Conditional creates carry their condition as a typed {@link Query}, escaped here in one place.
 */
public final class UnitOfWork {

    private final IRepository repository;
    private final Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);

    public UnitOfWork(IRepository repository) {
        this.repository = repository;
    }

    /** Adds a create; the answer is the reference the other resources of this unit use for it. */
    public Reference create(Resource resource) {
        String fullUrl = "urn:uuid:" + UUID.randomUUID();
        transaction
                .addEntry()
                .setFullUrl(fullUrl)
                .setResource(resource)
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl(resource.fhirType());
        return new Reference(fullUrl);
    }

    /** Adds a create that stores nothing when a resource matching the condition exists (a replay, a race). */
    public Reference createIfNoneExist(Resource resource, Query condition) {
        Reference reference = create(resource);
        last().getRequest().setIfNoneExist(resource.fhirType() + "?" + toUrl(repository.fhirContext(), condition));
        return reference;
    }

    /** Adds an update of a stored resource; when it carries a version, the update is refused if that is not current. */
    public void update(Resource resource) {
        IdType id = resource.getIdElement();
        Bundle.BundleEntryRequestComponent request = transaction
                .addEntry()
                .setFullUrl(resource.fhirType() + "/" + id.getIdPart())
                .setResource(resource)
                .getRequest()
                .setMethod(Bundle.HTTPVerb.PUT)
                .setUrl(resource.fhirType() + "/" + id.getIdPart());
        if (id.hasVersionIdPart()) {
            request.setIfMatch("W/\"" + id.getVersionIdPart() + "\"");
        }
    }

    public boolean isEmpty() {
        return transaction.getEntry().isEmpty();
    }

    /** The resources written so far, in order (for tests and Provenance targets). */
    public List<Resource> resources() {
        List<Resource> resources = new ArrayList<>();
        transaction.getEntry().forEach(entry -> resources.add(entry.getResource()));
        return resources;
    }

    /** Stores everything in one transaction. */
    public Committed commit() {
        if (isEmpty()) {
            return new Committed(Map.of());
        }
        Bundle response = repository.transaction(transaction);
        Map<String, IdType> ids = new HashMap<>();
        for (int i = 0; i < transaction.getEntry().size(); i++) {
            Bundle.BundleEntryResponseComponent answer =
                    response.getEntry().get(i).getResponse();
            if (answer.hasLocation()) {
                IdType stored = new IdType(answer.getLocation());
                ids.put(
                        transaction.getEntry().get(i).getFullUrl(),
                        new IdType(stored.getResourceType(), stored.getIdPart(), stored.getVersionIdPart()));
            }
        }
        return new Committed(ids);
    }

    private Bundle.BundleEntryComponent last() {
        return transaction.getEntry().get(transaction.getEntry().size() - 1);
    }

    /**
     * A query as the {@code ifNoneExist} or conditional URL of a transaction entry: HAPI's parameter types escape FHIR's
     * {@code \ , $ |} in each value, then each part is percent-encoded (UTF-8).
     */
    public static String toUrl(FhirContext context, Query query) {
        List<String> pairs = new ArrayList<>();
        query.parameters().entries().forEach(entry -> {
            List<IQueryParameterType> values = entry.getValue();
            String qualifier = values.get(0).getQueryParameterQualifier();
            List<String> tokens = values.stream()
                    .map(value -> value.getValueAsQueryToken(context))
                    .toList();
            pairs.add(UrlUtil.escapeUrlParam(entry.getKey() + (qualifier == null ? "" : qualifier)) + "="
                    + UrlUtil.escapeUrlParam(String.join(",", tokens)));
        });
        return String.join("&", pairs);
    }

    /** What a commit stored. */
    public record Committed(Map<String, IdType> ids) {

        /** The stored id (with version) of a resource this unit created, or of one it updated. */
        public IdType idOf(Reference reference) {
            IdType id = ids.get(reference.getReference());
            if (id == null) {
                throw new IllegalArgumentException(reference.getReference() + " was not written by this unit of work");
            }
            return id;
        }
    }
}
