package dev.careflow.assessment;

import ca.uhn.fhir.repository.IRepository;
import dev.careflow.platform.CareflowException;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.springframework.stereotype.Service;

/**
 * Turns completed screenings into findings. When a response to one of Careflow's instruments is stored completed (or
 * amended), its score and the Observations and health-concern Conditions it implies ({@link DerivedResources}) are
 * stored in the same transaction ({@link DerivedStore}: the response's storage hook, {@link AssessmentInterceptor},
 * joins it, so the response and all it derives are stored together or not at all); a corrected response updates them
 * in place and retires (entered-in-error) what no longer follows; a response marked entered-in-error retires all of it.
 * {@code $extract} returns the same resources as a transaction Bundle without storing anything.
 */
@Service
public class AssessmentService {

    private static final Set<QuestionnaireResponse.QuestionnaireResponseStatus> SCORED = Set.of(
            QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED,
            QuestionnaireResponse.QuestionnaireResponseStatus.AMENDED);
    private static final Set<QuestionnaireResponse.QuestionnaireResponseStatus> WITHDRAWN = Set.of(
            QuestionnaireResponse.QuestionnaireResponseStatus.ENTEREDINERROR,
            QuestionnaireResponse.QuestionnaireResponseStatus.STOPPED);

    private final IRepository repository;
    private final AssessmentQueries queries;
    private final SafetyEscalationService safety;
    private final Clock clock;

    public AssessmentService(IRepository repository, SafetyEscalationService safety, Clock clock) {
        this.repository = repository;
        this.queries = new AssessmentQueries(repository);
        this.safety = safety;
        this.clock = clock;
    }

    /** After a response was written, inside its transaction. */
    public void afterStored(QuestionnaireResponse response) {
        Optional<Instrument> instrument = Instrument.byCanonical(response.getQuestionnaire());
        if (instrument.isEmpty()) {
            return;
        }
        String responseId = response.getIdElement().toUnqualifiedVersionless().getValue();
        if (SCORED.contains(response.getStatus())) {
            Score score = score(instrument.get(), response);
            DerivedStore.store(
                    repository,
                    queries,
                    responseId,
                    DerivedResources.of(score, response, Optional.of(responseId), Date.from(clock.instant())));
            safety.afterScored(response, responseId, SafetySignal.of(score));
        } else if (WITHDRAWN.contains(response.getStatus())) {
            DerivedStore.store(repository, queries, responseId, List.of());
            safety.afterScored(response, responseId, Optional.empty());
        }
    }

    /** The derived resources of a stored response as a transaction Bundle, stored nowhere. */
    public Bundle extract(IdType id) {
        return extract(queries.response(id.getIdPart()));
    }

    /** The derived resources of a response as a transaction Bundle, stored nowhere. */
    public Bundle extract(QuestionnaireResponse response) {
        Instrument instrument = Instrument.byCanonical(response.getQuestionnaire())
                .orElseThrow(() -> new CareflowException(
                        CareflowException.Kind.UNPROCESSABLE,
                        List.of("Questionnaire '" + response.getQuestionnaire() + "' is not one Careflow scores: "
                                + String.join(", ", ScoringRules.canonicals()))));
        if (!SCORED.contains(response.getStatus())) {
            throw new CareflowException(
                    CareflowException.Kind.UNPROCESSABLE,
                    List.of("Only a completed or amended response can be extracted, not one with status '"
                            + (response.getStatus() == null
                                    ? "none"
                                    : response.getStatus().toCode()) + "'"));
        }
        Optional<String> stored = response.getIdElement().hasIdPart()
                ? Optional.of("QuestionnaireResponse/" + response.getIdElement().getIdPart())
                : Optional.empty();
        List<DerivedResources.Derived> derived =
                DerivedResources.of(score(instrument, response), response, stored, Date.from(clock.instant()));
        return ExtractBundle.of(repository.fhirContext(), derived, stored);
    }

    private Score score(Instrument instrument, QuestionnaireResponse response) {
        String subject = response.getSubject().getReference();
        if (subject == null || !subject.startsWith("Patient/")) {
            throw new CareflowException(
                    CareflowException.Kind.UNPROCESSABLE,
                    List.of("A response to " + instrument.url() + " needs a Patient as its subject"));
        }
        return InstrumentScorer.score(instrument, queries.questionnaire(instrument), response);
    }
}
