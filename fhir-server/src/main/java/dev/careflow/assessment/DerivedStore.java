package dev.careflow.assessment;

import ca.uhn.fhir.repository.IRepository;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes what one response derived, inside the response's own transaction: updates what an earlier version derived,
 * retires what no longer follows, and shares a health concern the patient already has active ({@link SharedConcerns})
 * instead of creating it again. Resources are written in the order derived, so each reference between them resolves to
 * one already stored.
 */
final class DerivedStore {

    private static final Logger log = LoggerFactory.getLogger(DerivedStore.class);

    private final IRepository repository;
    private final AssessmentQueries queries;
    private final String responseId;
    private final String system;
    private final Map<String, Resource> existing;
    private final Map<String, String> ids = new HashMap<>();
    private final Set<String> ownObservations = new HashSet<>();

    private DerivedStore(IRepository repository, AssessmentQueries queries, String responseId) {
        this.repository = repository;
        this.queries = queries;
        this.responseId = responseId;
        this.system = DerivedResources.identifierSystem(responseId);
        this.existing = queries.derivedBy(system);
        existing.forEach((key, resource) ->
                ids.put(key, resource.getIdElement().toUnqualifiedVersionless().getValue()));
    }

    /** Stores what the response ({@code QuestionnaireResponse/id}) now derives; nothing retires all it derived. */
    static void store(
            IRepository repository,
            AssessmentQueries queries,
            String responseId,
            List<DerivedResources.Derived> derived) {
        new DerivedStore(repository, queries, responseId).store(derived);
    }

    private void store(List<DerivedResources.Derived> derived) {
        derived.forEach(this::write);
        existing.values().stream()
                .filter(r -> r instanceof Observation)
                .forEach(r -> ownObservations.add(
                        r.getIdElement().toUnqualifiedVersionless().getValue()));
        Set<String> current = new HashSet<>();
        derived.forEach(d -> current.add(d.key()));
        int retired = 0;
        for (Map.Entry<String, Resource> earlier : existing.entrySet()) {
            if (!current.contains(earlier.getKey()) && retire(earlier.getValue())) {
                retired++;
            }
        }
        log.info("{}: {} derived resource(s) stored, {} retired", responseId, derived.size(), retired);
    }

    private void write(DerivedResources.Derived d) {
        DerivedResources.resolve(repository.fhirContext(), d.resource(), ids);
        Resource earlier = existing.get(d.key());
        if (earlier == null && d.resource() instanceof Condition concern) {
            Optional<Condition> active = queries.activeConcern(concern);
            if (active.isPresent()) {
                SharedConcerns.merge(active.get(), concern, system, ownObservations);
                repository.update(active.get());
                return;
            }
        }
        if (earlier instanceof Condition shared && !SharedConcerns.ownedAlone(shared, system)) {
            SharedConcerns.merge(shared, (Condition) d.resource(), system, ownObservations);
            repository.update(shared);
        } else if (earlier != null) {
            d.resource().setId(earlier.getIdElement().toUnqualifiedVersionless());
            repository.update(d.resource());
        } else {
            IdType id = (IdType) repository.create(d.resource()).getId();
            ids.put(d.key(), id.toUnqualifiedVersionless().getValue());
        }
        if (d.resource() instanceof Observation) {
            ownObservations.add(ids.get(d.key()));
        }
    }

    /** Takes this response's part back from what it no longer derives; true when a resource was retired. */
    private boolean retire(Resource earlier) {
        if (earlier instanceof Condition shared && !SharedConcerns.ownedAlone(shared, system)) {
            SharedConcerns.detach(shared, system, ownObservations);
            repository.update(shared);
            return false;
        }
        if (SharedConcerns.retire(earlier)) {
            repository.update(earlier);
            return true;
        }
        return false;
    }
}
