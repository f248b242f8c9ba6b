package dev.careflow.assessment;

import ca.uhn.fhir.repository.IRepository;
import dev.careflow.platform.CareflowException;
import dev.careflow.platform.Query;
import dev.careflow.platform.Stored;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.springframework.stereotype.Service;

/**
 * {@code Questionnaire/[id]/$populate}: a response in progress, pre-filled with what the server already knows: the
 * patient's demographics for the items that ask for them (address, LOINC 56799-0; birth date, 21112-8) and, for every
 * other item, the patient's answer in their latest completed response to the same questionnaire. Nothing is stored.
 */
@Service
public class PopulateService {

    static final String ADDRESS = "56799-0";
    static final String BIRTH_DATE = "21112-8";

    private final IRepository repository;

    public PopulateService(IRepository repository) {
        this.repository = repository;
    }

    public QuestionnaireResponse populate(IdType questionnaireId, String subject) {
        if (subject == null || !subject.startsWith("Patient/")) {
            throw new CareflowException(
                    CareflowException.Kind.MALFORMED,
                    List.of("Parameter 'subject' must name the Patient, as Patient/[id]"));
        }
        Questionnaire questionnaire = read(Questionnaire.class, "Questionnaire/" + questionnaireId.getIdPart())
                .orElseThrow(() -> new CareflowException(
                        CareflowException.Kind.NOT_FOUND,
                        List.of("Questionnaire/" + questionnaireId.getIdPart() + " is not known")));
        Patient patient = read(Patient.class, subject)
                .orElseThrow(() ->
                        new CareflowException(CareflowException.Kind.NOT_FOUND, List.of(subject + " is not known")));
        Map<String, List<QuestionnaireResponse.QuestionnaireResponseItemAnswerComponent>> prior =
                prior(questionnaire.getUrl(), subject);

        QuestionnaireResponse response = new QuestionnaireResponse();
        response.setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.INPROGRESS);
        response.setQuestionnaire(
                questionnaire.getUrl() + (questionnaire.hasVersion() ? "|" + questionnaire.getVersion() : ""));
        response.setSubject(new Reference(subject));
        response.setAuthored(new Date());
        fill(questionnaire.getItem(), response.getItem(), patient, prior);
        return response;
    }

    private void fill(
            List<Questionnaire.QuestionnaireItemComponent> items,
            List<QuestionnaireResponse.QuestionnaireResponseItemComponent> into,
            Patient patient,
            Map<String, List<QuestionnaireResponse.QuestionnaireResponseItemAnswerComponent>> prior) {
        for (Questionnaire.QuestionnaireItemComponent item : items) {
            QuestionnaireResponse.QuestionnaireResponseItemComponent answer =
                    new QuestionnaireResponse.QuestionnaireResponseItemComponent()
                            .setLinkId(item.getLinkId())
                            .setText(item.getText());
            if (item.getType() == Questionnaire.QuestionnaireItemType.GROUP) {
                fill(item.getItem(), answer.getItem(), patient, prior);
                into.add(answer);
                continue;
            }
            String code = item.getCodeFirstRep().getCode();
            Optional<org.hl7.fhir.r4.model.Type> known = Optional.empty();
            if (ADDRESS.equals(code) && patient.hasAddress()) {
                known = Optional.of(new StringType(text(patient.getAddressFirstRep())));
            } else if (BIRTH_DATE.equals(code) && patient.hasBirthDate()) {
                known = Optional.of(new DateType(patient.getBirthDateElement().getValueAsString()));
            }
            if (known.isPresent()) {
                answer.addAnswer().setValue(known.get());
            } else {
                prior.getOrDefault(item.getLinkId(), List.of()).forEach(a -> answer.addAnswer(a.copy()));
            }
            into.add(answer);
        }
    }

    /** The answers of the patient's latest completed response to this questionnaire, by linkId. */
    private Map<String, List<QuestionnaireResponse.QuestionnaireResponseItemAnswerComponent>> prior(
            String url, String subject) {
        Query query = Query.where("subject", Query.reference(subject))
                .and("questionnaire", Query.reference(url))
                .and("status", Query.token("completed"), Query.token("amended"))
                .sort("-authored");
        Map<String, List<QuestionnaireResponse.QuestionnaireResponseItemAnswerComponent>> answers = new HashMap<>();
        Stored.search(repository, QuestionnaireResponse.class, query).stream()
                .findFirst()
                .ifPresent(r -> collect(r.getItem(), answers));
        return answers;
    }

    private static void collect(
            List<QuestionnaireResponse.QuestionnaireResponseItemComponent> items,
            Map<String, List<QuestionnaireResponse.QuestionnaireResponseItemAnswerComponent>> into) {
        for (QuestionnaireResponse.QuestionnaireResponseItemComponent item : items) {
            if (item.hasAnswer()) {
                into.put(item.getLinkId(), new ArrayList<>(item.getAnswer()));
            }
            collect(item.getItem(), into);
        }
    }

    private static String text(Address address) {
        if (address.hasText()) {
            return address.getText();
        }
        List<String> parts = new ArrayList<>();
        address.getLine().forEach(l -> parts.add(l.getValue()));
        String city = String.join(
                " ",
                java.util.stream.Stream.of(address.getCity(), address.getState(), address.getPostalCode())
                        .filter(s -> s != null && !s.isBlank())
                        .toList());
        if (!city.isBlank()) {
            parts.add(city);
        }
        return String.join(", ", parts);
    }

    private <T extends org.hl7.fhir.instance.model.api.IBaseResource> Optional<T> read(Class<T> type, String id) {
        return Stored.find(repository, type, id);
    }
}
