package dev.careflow.assessment;

import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;

/**
 * A response in progress, pre-filled: the items that ask for demographics (address, LOINC 56799-0; birth date,
 * 21112-8) from the Patient, every other item with the answer of the patient's latest completed response.
 */
final class PrefilledResponse {

    static final String ADDRESS = "56799-0";
    static final String BIRTH_DATE = "21112-8";

    private final Patient patient;
    private final Map<String, List<QuestionnaireResponse.QuestionnaireResponseItemAnswerComponent>> prior =
            new HashMap<>();

    private PrefilledResponse(Patient patient, Optional<QuestionnaireResponse> latest) {
        this.patient = patient;
        latest.ifPresent(r -> collect(r.getItem()));
    }

    static QuestionnaireResponse of(
            Questionnaire questionnaire,
            String subject,
            Patient patient,
            Optional<QuestionnaireResponse> latest,
            Date authored) {
        QuestionnaireResponse response = new QuestionnaireResponse();
        response.setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.INPROGRESS);
        response.setQuestionnaire(
                questionnaire.getUrl() + (questionnaire.hasVersion() ? "|" + questionnaire.getVersion() : ""));
        response.setSubject(new Reference(subject));
        response.setAuthored(authored);
        new PrefilledResponse(patient, latest).fill(questionnaire.getItem(), response.getItem());
        return response;
    }

    private void fill(
            List<Questionnaire.QuestionnaireItemComponent> items,
            List<QuestionnaireResponse.QuestionnaireResponseItemComponent> into) {
        for (Questionnaire.QuestionnaireItemComponent item : items) {
            QuestionnaireResponse.QuestionnaireResponseItemComponent answer =
                    new QuestionnaireResponse.QuestionnaireResponseItemComponent()
                            .setLinkId(item.getLinkId())
                            .setText(item.getText());
            if (item.getType() == Questionnaire.QuestionnaireItemType.GROUP) {
                fill(item.getItem(), answer.getItem());
            } else {
                Optional<Type> known = known(item.getCodeFirstRep().getCode());
                if (known.isPresent()) {
                    answer.addAnswer().setValue(known.get());
                } else {
                    prior.getOrDefault(item.getLinkId(), List.of()).forEach(a -> answer.addAnswer(a.copy()));
                }
            }
            into.add(answer);
        }
    }

    /** What the Patient resource already says for an item with this code. */
    private Optional<Type> known(String code) {
        if (ADDRESS.equals(code) && patient.hasAddress()) {
            return Optional.of(new StringType(text(patient.getAddressFirstRep())));
        }
        if (BIRTH_DATE.equals(code) && patient.hasBirthDate()) {
            return Optional.of(new DateType(patient.getBirthDateElement().getValueAsString()));
        }
        return Optional.empty();
    }

    private void collect(List<QuestionnaireResponse.QuestionnaireResponseItemComponent> items) {
        for (QuestionnaireResponse.QuestionnaireResponseItemComponent item : items) {
            if (item.hasAnswer()) {
                prior.put(item.getLinkId(), new ArrayList<>(item.getAnswer()));
            }
            collect(item.getItem());
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
                Stream.of(address.getCity(), address.getState(), address.getPostalCode())
                        .filter(s -> s != null && !s.isBlank())
                        .toList());
        if (!city.isBlank()) {
            parts.add(city);
        }
        return String.join(", ", parts);
    }
}
