package dev.careflow.assessment;

import ca.uhn.fhir.repository.IRepository;
import dev.careflow.platform.CareflowException;
import dev.careflow.platform.Query;
import dev.careflow.platform.Stored;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.springframework.stereotype.Service;

/**
 * {@code Questionnaire/[id]/$populate}: a response in progress, pre-filled with what the server already knows
 * ({@link PrefilledResponse}): the patient's demographics and, for every other item, the patient's answer in their
 * latest completed response to the same questionnaire. Nothing is stored.
 */
@Service
public class PopulateService {

    private final IRepository repository;
    private final Clock clock;

    public PopulateService(IRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    public QuestionnaireResponse populate(IdType questionnaireId, String subject) {
        if (subject == null || !subject.startsWith("Patient/")) {
            throw new CareflowException(
                    CareflowException.Kind.MALFORMED,
                    List.of("Parameter 'subject' must name the Patient, as Patient/[id]"));
        }
        Questionnaire questionnaire =
                Stored.require(repository, Questionnaire.class, "Questionnaire/" + questionnaireId.getIdPart());
        Patient patient = Stored.require(repository, Patient.class, subject);
        return PrefilledResponse.of(
                questionnaire, subject, patient, latest(questionnaire.getUrl(), subject), Date.from(clock.instant()));
    }

    /** The patient's latest completed (or amended) response to the questionnaire, if any. */
    private Optional<QuestionnaireResponse> latest(String url, String subject) {
        return Stored.first(
                repository,
                QuestionnaireResponse.class,
                Query.where("subject", Query.reference(subject))
                        .and("questionnaire", Query.reference(url))
                        .and("status", Query.token("completed"), Query.token("amended"))
                        .sort("-authored"));
    }
}
