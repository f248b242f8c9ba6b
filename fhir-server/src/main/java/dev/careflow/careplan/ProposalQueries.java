package dev.careflow.careplan;

import ca.uhn.fhir.repository.IRepository;
import ca.uhn.fhir.rest.param.UriParam;
import dev.careflow.platform.CareflowException;
import dev.careflow.platform.Query;
import dev.careflow.platform.Stored;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.ActivityDefinition;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.PlanDefinition;
import org.hl7.fhir.r4.model.Quantity;

/** What {@code $propose-care-plan} reads: the patient's problems, the PlanDefinition library, latest values. */
final class ProposalQueries {

    private final IRepository repository;

    ProposalQueries(IRepository repository) {
        this.repository = repository;
    }

    /** The patient's active problems and health concerns. */
    List<Condition> activeProblems(String patient) {
        return Stored.search(repository, Condition.class, Query.where("patient", Query.reference(patient))).stream()
                .filter(ProposalRules::isActiveProblem)
                .toList();
    }

    List<PlanDefinition> activeDefinitions() {
        return Stored.search(repository, PlanDefinition.class, Query.where("status", Query.token("active")));
    }

    /** The ActivityDefinition a PlanDefinition's action names, or a refusal when it is not installed. */
    ActivityDefinition activity(String canonical) {
        return Stored.first(repository, ActivityDefinition.class, Query.where("url", new UriParam(canonical)))
                .orElseThrow(() -> new CareflowException(
                        CareflowException.Kind.UNPROCESSABLE,
                        List.of("ActivityDefinition " + canonical + " named by a PlanDefinition is not installed")));
    }

    /** The patient's newest Quantity value of the measure (its first coding). */
    Optional<Quantity> latest(String patient, CodeableConcept measure) {
        Coding code = measure.getCodingFirstRep();
        Query newestFirst = Query.where("patient", Query.reference(patient))
                .and("code", Query.token(code.getSystem(), code.getCode()))
                .sort("-date");
        return Stored.search(repository, Observation.class, newestFirst).stream()
                .filter(o -> o.getValue() instanceof Quantity)
                .map(o -> (Quantity) o.getValue())
                .findFirst();
    }
}
