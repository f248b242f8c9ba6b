package dev.careflow.platform;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.repository.IRepository;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.util.FhirTerser;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Reference;

/**
 * Where one reference element of many stored resources points, without reading the resources: which Practitioner is a
 * caseload's general practitioner, say, where reading 200 Patients would parse 200 narratives. The server answers from
 * HAPI's own reference index ({@link JdbcReferenceIndex}), written in the transaction of every write; {@link
 * #fromResources} reads the resources (the same answers, for the in-memory repository of unit tests).
 *
 * <p>A target is a versionless reference ({@code Practitioner/7}) or, for a reference to another server, its absolute
 * URL. References to a contained resource ({@code #gp}) and references with only an identifier are not targets: they
 * name no stored resource.
 */
@FunctionalInterface
public interface ReferenceIndex {

    /**
     * The resources that exist ({@code Patient/id}; deleted and unknown ones are left out), each with the targets of its
     * reference element at {@code path} ({@code Patient.generalPractitioner}, as HAPI's search parameters name paths),
     * sorted (HAPI's index does not keep the order of the elements), none when it has no such reference.
     */
    Map<String, List<String>> of(String type, String path, Collection<String> resources);

    /** Reads the resources themselves, by {@code _id}. */
    static ReferenceIndex fromResources(IRepository repository) {
        FhirContext fhirContext = repository.fhirContext();
        return (type, path, resources) -> {
            Map<String, List<String>> targets = new LinkedHashMap<>();
            if (resources.isEmpty()) {
                return targets;
            }
            List<TokenParam> ids = resources.stream()
                    .map(r -> Query.token(r.substring(r.indexOf('/') + 1)))
                    .distinct()
                    .toList();
            Class<? extends IBaseResource> implementation =
                    fhirContext.getResourceDefinition(type).getImplementingClass();
            FhirTerser terser = fhirContext.newTerser();
            for (IBaseResource resource :
                    Stored.search(repository, implementation, Query.all().and("_id", ids))) {
                List<String> found = new ArrayList<>();
                for (Reference reference : terser.getValues(resource, path, Reference.class)) {
                    target(reference).ifPresent(found::add);
                }
                found.sort(null);
                targets.put(type + "/" + resource.getIdElement().getIdPart(), found);
            }
            return targets;
        };
    }

    /**
     * What one reference targets, as the index reads it: its versionless reference ({@code Practitioner/7}, or an
     * absolute URL as it is); none for a reference to a contained resource or one with only an identifier.
     */
    public static Optional<String> target(Reference reference) {
        return reference.hasReference() && !reference.getReference().startsWith("#")
                ? Optional.of(reference.getReferenceElement().toVersionless().getValue())
                : Optional.empty();
    }
}
