package dev.careflow.assessment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.careflow.platform.CareflowException;
import dev.careflow.vocabulary.CodeSystems;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

/** A completed screening becomes Observations and health concerns, stored beside what the patient already has. */
class AssessmentServiceTest {

    private static final String PHQ9_TOTAL = "44261-6";

    @Test
    void phq9Response_derivesItsScoreAndADepressionConcern() {
        AssessmentFixtures world = AssessmentFixtures.load("phq9-moderate");

        world.storeAgain("phq9-moderate");

        Observation total = observation(world, PHQ9_TOTAL);
        assertThat(((IntegerType) total.getValue()).getValue()).isEqualTo(12);
        assertThat(total.getInterpretationFirstRep().getText()).isEqualTo("moderate");
        assertThat(total.getDerivedFromFirstRep().getReference()).isEqualTo("QuestionnaireResponse/phq9-moderate");
        assertThat(total.getIssued()).isEqualTo(AssessmentFixtures.CLOCK.instant());
        assertThat(world.all(Observation.class)).hasSize(9 + 1 + 1);
        Condition depression = single(concerns(world, "F32.A"));
        assertThat(depression.getVerificationStatus().hasCoding(CodeSystems.CONDITION_VERIFICATION, "unconfirmed"))
                .isTrue();
        assertThat(depression.getEvidenceFirstRep().getDetail())
                .extracting(Reference::getReference)
                .contains(total.getIdElement().toUnqualifiedVersionless().getValue())
                .allMatch(r -> r.startsWith("Observation/"));
        assertThat(world.all(org.hl7.fhir.r4.model.Task.class)).isEmpty();
    }

    @Test
    void storingTheSameResponseAgain_updatesInPlace_andACorrectionRetiresWhatNoLongerFollows() {
        AssessmentFixtures world = AssessmentFixtures.load("phq9-moderate");
        world.storeAgain("phq9-moderate");
        world.storeAgain("phq9-moderate");
        assertThat(world.all(Observation.class)).hasSize(11);
        assertThat(world.all(Condition.class)).hasSize(1);

        QuestionnaireResponse corrected = world.response("phq9-moderate");
        corrected.setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.AMENDED);
        corrected.getItem().stream()
                .filter(i -> !i.getLinkId().equals("phq9-9"))
                .forEach(
                        i -> i.getAnswerFirstRep().setValue(new Coding(CodeSystems.LOINC, "LA6569-3", "Several days")));
        world.store(corrected);

        assertThat(((IntegerType) observation(world, PHQ9_TOTAL).getValue()).getValue())
                .isEqualTo(8);
        Condition retired = single(world.all(Condition.class));
        assertThat(retired.getVerificationStatus().hasCoding(CodeSystems.CONDITION_VERIFICATION, "entered-in-error"))
                .isTrue();
        assertThat(retired.hasClinicalStatus()).isFalse();
    }

    @Test
    void twoInstrumentsTheSameDay_giveOneFoodInsecurityConcern_withTheEvidenceOfBoth() {
        AssessmentFixtures world = AssessmentFixtures.load("food-same-day");

        world.storeAgain("hvs");
        world.storeAgain("ahc");

        Condition food = single(concerns(world, "Z59.41"));
        assertThat(food.getIdentifier())
                .extracting(i -> i.getSystem())
                .containsExactly(
                        DerivedResources.identifierSystem("QuestionnaireResponse/hvs"),
                        DerivedResources.identifierSystem("QuestionnaireResponse/ahc"));
        assertThat(food.getEvidence()).hasSize(2);
        assertThat(food.getCategory())
                .anySatisfy(c -> assertThat(c.hasCoding(CodeSystems.SDOHCC_TEMPORARY_CODES, "food-insecurity"))
                        .isTrue());
    }

    @Test
    void aResponseEnteredInError_takesBackOnlyItsOwnPartOfASharedConcern() {
        AssessmentFixtures world = AssessmentFixtures.load("food-same-day");
        world.storeAgain("hvs");
        world.storeAgain("ahc");

        QuestionnaireResponse withdrawn = world.response("ahc");
        withdrawn.setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.ENTEREDINERROR);
        world.store(withdrawn);

        Condition food = single(concerns(world, "Z59.41"));
        assertThat(food.getClinicalStatus().hasCoding(CodeSystems.CONDITION_CLINICAL, "active"))
                .isTrue();
        assertThat(food.getIdentifier())
                .extracting(i -> i.getSystem())
                .containsExactly(DerivedResources.identifierSystem("QuestionnaireResponse/hvs"));
    }

    @Test
    void extract_returnsATransactionBundle_andStoresNothing() {
        AssessmentFixtures world = AssessmentFixtures.load("phq9-moderate");

        Bundle bundle = world.assessments.extract(world.response("phq9-moderate"));

        assertThat(bundle.getType()).isEqualTo(Bundle.BundleType.TRANSACTION);
        assertThat(bundle.getEntry()).hasSize(9 + 1 + 1 + 1);
        assertThat(bundle.getEntry())
                .allSatisfy(e -> assertThat(e.getRequest().getUrl()).contains("?identifier="));
        assertThat(world.all(Observation.class)).isEmpty();
        assertThat(world.repository.transactionCount()).isZero();
    }

    @Test
    void extract_ofAQuestionnaireCareflowDoesNotScore_isRefusedNamingTheOnesItDoes() {
        AssessmentFixtures world = AssessmentFixtures.load("phq9-moderate");
        QuestionnaireResponse other = world.response("phq9-moderate");
        other.setQuestionnaire("http://example.org/Questionnaire/other");

        assertThatThrownBy(() -> world.assessments.extract(other))
                .isInstanceOfSatisfying(CareflowException.class, e -> assertThat(e.reasons())
                        .singleElement()
                        .asString()
                        .contains("http://example.org/Questionnaire/other")
                        .contains(Instrument.PHQ_9.url())
                        .contains(Instrument.ADL.url()));
    }

    private static Observation observation(AssessmentFixtures world, String loinc) {
        return single(world.all(Observation.class).stream()
                .filter(o -> o.getCode().hasCoding(CodeSystems.LOINC, loinc))
                .toList());
    }

    private static List<Condition> concerns(AssessmentFixtures world, String icd10) {
        return world.all(Condition.class).stream()
                .filter(c -> c.getCode().hasCoding(CodeSystems.ICD_10_CM, icd10))
                .toList();
    }

    private static <T> T single(List<T> found) {
        assertThat(found).hasSize(1);
        return found.get(0);
    }
}
