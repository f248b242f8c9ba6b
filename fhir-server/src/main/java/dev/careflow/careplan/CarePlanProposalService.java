package dev.careflow.careplan;

import ca.uhn.fhir.repository.IRepository;
import dev.careflow.audit.Provenances;
import dev.careflow.careteam.CareManagerDirectory;
import dev.careflow.platform.CareflowException;
import dev.careflow.platform.Stored;
import dev.careflow.platform.UnitOfWork;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.PlanDefinition;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.stereotype.Service;

/**
 * Proposes a care plan from the PlanDefinition library: each active PlanDefinition whose {@code focus} (useContext)
 * matches one of the patient's active problems or health concerns contributes its Goals (with measurable targets, due
 * dates counted from today) and its actions as real requests (ServiceRequests and Tasks from the ActivityDefinitions
 * they name), all gathered in one draft CarePlan that {@code addresses} the conditions (MCC eCare Plan:
 * {@code activity.reference}, no {@code activity.detail}). Stored with its Provenance as one unit of work when asked
 * to, returned only otherwise; a refused proposal stores nothing. The care manager activates it with a normal update
 * ({@link CarePlanActivation}).
 */
@Service
public class CarePlanProposalService {

    private final IRepository repository;
    private final ProposalQueries queries;
    private final CareManagerDirectory careManagers;
    private final Clock clock;

    /** @param clock the care team's clock: goal start and due dates are counted from its "today" */
    public CarePlanProposalService(IRepository repository, CareManagerDirectory careManagers, Clock clock) {
        this.repository = repository;
        this.queries = new ProposalQueries(repository);
        this.careManagers = careManagers;
        this.clock = clock;
    }

    /** The proposal: a Bundle (collection) with the CarePlan first, then its Goals and requests. */
    public Bundle propose(IdType patientId, boolean persist) {
        String patient = "Patient/" + patientId.getIdPart();
        Stored.require(repository, Patient.class, patient);
        List<Condition> problems = queries.activeProblems(patient);
        Map<PlanDefinition, List<Condition>> applicable =
                ProposalRules.applicable(queries.activeDefinitions(), problems);
        if (applicable.isEmpty()) {
            throw new CareflowException(
                    CareflowException.Kind.UNPROCESSABLE, List.of(ProposalRules.refusal(patient, problems)));
        }
        Optional<Reference> careManager = careManagers.careManagerOf(patient);
        if (!persist) {
            return collection(
                    proposal(patient, careManager, applicable, r -> new Reference("urn:uuid:" + UUID.randomUUID())));
        }
        UnitOfWork work = new UnitOfWork(repository);
        Map<Reference, Resource> proposal = proposal(patient, careManager, applicable, work::create);
        work.create(provenance(proposal.keySet(), careManager, applicable.keySet()));
        UnitOfWork.Committed committed = work.commit();
        Bundle stored = new Bundle().setType(Bundle.BundleType.COLLECTION);
        proposal.forEach((reference, resource) -> {
            String id = committed.idOf(reference).toUnqualifiedVersionless().getValue();
            stored.addEntry().setFullUrl(id).setResource((Resource)
                    Stored.require(repository, resource.getClass(), id));
        });
        return stored;
    }

    private Map<Reference, Resource> proposal(
            String patient,
            Optional<Reference> careManager,
            Map<PlanDefinition, List<Condition>> applicable,
            java.util.function.Function<Resource, Reference> place) {
        ProposalBuilder builder = new ProposalBuilder(patient, careManager, clock, place);
        ProposalBuilder.Library library = new ProposalBuilder.Library() {
            @Override
            public org.hl7.fhir.r4.model.ActivityDefinition activity(String canonical) {
                return queries.activity(canonical);
            }

            @Override
            public Optional<Quantity> latest(CodeableConcept measure) {
                return queries.latest(patient, measure);
            }
        };
        applicable.forEach((definition, conditions) -> builder.add(definition, conditions, library));
        return builder.build();
    }

    /** Who proposed what, from which definitions. */
    private Provenance provenance(
            Collection<Reference> targets, Optional<Reference> careManager, Collection<PlanDefinition> sources) {
        Provenances provenance = Provenances.of(
                        Provenances.Activity.CREATE, "Care plan proposed by $propose-care-plan", clock)
                .assembler("Careflow $propose-care-plan");
        targets.forEach(provenance::target);
        careManager.ifPresent(provenance::author);
        sources.forEach(definition -> provenance.source(
                definition.getIdElement().toUnqualifiedVersionless().getValue()));
        return provenance.build();
    }

    private static Bundle collection(Map<Reference, Resource> proposal) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
        proposal.forEach((reference, resource) ->
                bundle.addEntry().setFullUrl(reference.getReference()).setResource(resource));
        return bundle;
    }
}
