package dev.careflow.assessment;

import ca.uhn.fhir.repository.IRepository;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.param.UriParam;
import dev.careflow.platform.CareflowException;
import dev.careflow.platform.Query;
import dev.careflow.platform.Stored;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Resource;

/** What scoring and storing a screening reads: the instrument's Questionnaire, what a response derived earlier. */
final class AssessmentQueries {

    private final IRepository repository;

    AssessmentQueries(IRepository repository) {
        this.repository = repository;
    }

    /** A stored response; HAPI's 404 or 410 when unknown or deleted. */
    QuestionnaireResponse response(String id) {
        return repository.read(
                QuestionnaireResponse.class, new org.hl7.fhir.r4.model.IdType("QuestionnaireResponse", id));
    }

    /** The installed Questionnaire of an instrument; refused when it is not installed. */
    Questionnaire questionnaire(Instrument instrument) {
        return Stored.first(repository, Questionnaire.class, Query.where("url", new UriParam(instrument.url())))
                .orElseThrow(() -> new CareflowException(
                        CareflowException.Kind.UNPROCESSABLE,
                        List.of("Questionnaire " + instrument.url() + " is not installed on this server")));
    }

    /** The Observations and Conditions that carry an identifier of the system, by that identifier's value. */
    Map<String, Resource> derivedBy(String system) {
        Map<String, Resource> found = new LinkedHashMap<>();
        for (Class<? extends Resource> type : List.of(Observation.class, Condition.class)) {
            Stored.search(repository, type, Query.where("identifier", new TokenParam(system, null)))
                    .forEach(r -> found.put(SharedConcerns.key(r, system), r));
        }
        return found;
    }

    /** The patient's active health concern for the same need (same ICD-10-CM or SDOH domain code), if any. */
    Optional<Condition> activeConcern(Condition concern) {
        Optional<Coding> need = concern.getCode().getCoding().stream()
                .filter(c -> HealthConcern.ICD10CM.equals(c.getSystem()))
                .findFirst()
                .or(() -> concern.getCode().getCoding().stream().findFirst());
        if (need.isEmpty()) {
            return Optional.empty();
        }
        return Stored.first(
                repository,
                Condition.class,
                Query.where("patient", Query.reference(concern.getSubject().getReference()))
                        .and("category", Query.token(DerivedResources.HEALTH_CONCERN))
                        .and("clinical-status", Query.token("active"))
                        .and(
                                "code",
                                Query.token(need.get().getSystem(), need.get().getCode())));
    }
}
