package dev.careflow.assessment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.careflow.platform.CareflowException;
import java.util.Map;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;

/** {@code $populate} pre-fills from the Patient and the patient's latest completed response, and stores nothing. */
class PopulateServiceTest {

    @Test
    void populate_prefillsDemographicsFromThePatient_andAnswersFromTheLatestCompletedResponse() {
        AssessmentFixtures world = AssessmentFixtures.load("populate");
        String prapare = AssessmentFixtures.questionnaire(Instrument.PRAPARE).getIdPart();
        long stored = world.all(QuestionnaireResponse.class).size();

        QuestionnaireResponse response = world.populate.populate(new IdType("Questionnaire", prapare), "Patient/p1");

        assertThat(response.getStatus()).isEqualTo(QuestionnaireResponse.QuestionnaireResponseStatus.INPROGRESS);
        assertThat(response.getQuestionnaire()).startsWith(Instrument.PRAPARE.url() + "|");
        assertThat(response.getAuthored()).isEqualTo(AssessmentFixtures.CLOCK.instant());
        Map<String, QuestionnaireResponse.QuestionnaireResponseItemComponent> items =
                response.getItem().stream().collect(Collectors.toMap(i -> i.getLinkId(), i -> i));
        assertThat(((StringType) items.get("prapare-zip").getAnswerFirstRep().getValue()).getValue())
                .as("the Patient's address, not the answer given before")
                .isEqualTo("12 Elm Street, Springfield IL 62704");
        assertThat(items.get("prapare-needs").getAnswer())
                .extracting(a -> ((Coding) a.getValue()).getCode())
                .as("the latest completed response's, not the older one's nor the draft's")
                .containsExactly("LA30125-1", "LA30124-4");
        assertThat(((Coding) items.get("prapare-money").getAnswerFirstRep().getValue()).getCode())
                .isEqualTo("LA22683-9");
        assertThat(world.all(QuestionnaireResponse.class)).hasSize((int) stored);
    }

    @Test
    void populate_forAnUnknownPatient_isRefusedNamingIt() {
        AssessmentFixtures world = AssessmentFixtures.load("populate");
        String prapare = AssessmentFixtures.questionnaire(Instrument.PRAPARE).getIdPart();

        assertThatThrownBy(() -> world.populate.populate(new IdType("Questionnaire", prapare), "Patient/nobody"))
                .isInstanceOfSatisfying(CareflowException.class, e -> assertThat(e.reasons())
                        .containsExactly("Patient/nobody is not known"));
    }

    @Test
    void populate_withoutAPatientSubject_isRefused() {
        AssessmentFixtures world = AssessmentFixtures.load("populate");

        assertThatThrownBy(() -> world.populate.populate(new IdType("Questionnaire", "x"), "Group/1"))
                .isInstanceOfSatisfying(
                        CareflowException.class, e -> assertThat(e.kind()).isEqualTo(CareflowException.Kind.MALFORMED));
    }
}
