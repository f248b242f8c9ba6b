package dev.careflow;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;

/** Completed screenings as a client stores them, for integration tests of what follows from them. */
public final class Screenings {

    public static final String BASE = "https://careflow.dev/fhir/Questionnaire/";

    /** PHQ-9 answer codes by points (LOINC LL358-3). */
    private static final String[] PHQ_POINTS = {"LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9"};

    private final IGenericClient client;

    public Screenings(IGenericClient client) {
        this.client = client;
    }

    /** A completed PHQ-9 with these points for items 1 to 9, authored then. */
    public QuestionnaireResponse phq9(IdType patient, int[] points, String authored) {
        Questionnaire questionnaire = (Questionnaire) client.search()
                .byUrl("Questionnaire?url=" + BASE + "phq-9")
                .returnBundle(Bundle.class)
                .execute()
                .getEntryFirstRep()
                .getResource();
        QuestionnaireResponse response = new QuestionnaireResponse();
        response.setIdentifier(new Identifier()
                .setSystem(CareflowIT.TEST_SYSTEM)
                .setValue(UUID.randomUUID().toString()));
        response.setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED);
        response.setQuestionnaire(BASE + "phq-9");
        response.setSubject(new Reference(patient));
        response.setAuthoredElement(new DateTimeType(authored));
        for (int i = 0; i < 9; i++) {
            String linkId = "phq9-" + (i + 1);
            String code = PHQ_POINTS[points[i]];
            Questionnaire.QuestionnaireItemComponent item = questionnaire.getItem().stream()
                    .filter(q -> q.getLinkId().equals(linkId))
                    .findFirst()
                    .orElseThrow();
            Coding option = item.getAnswerOption().stream()
                    .map(o -> (Coding) o.getValue())
                    .filter(c -> c.getCode().equals(code))
                    .findFirst()
                    .orElseThrow();
            response.addItem().setLinkId(linkId).addAnswer().setValue(option.copy());
        }
        return response;
    }

    /** Stores a response and returns its id. */
    public IdType store(QuestionnaireResponse response) {
        return (IdType) client.create().resource(response).execute().getId().toUnqualifiedVersionless();
    }
}
