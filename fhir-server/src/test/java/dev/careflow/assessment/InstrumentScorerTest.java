package dev.careflow.assessment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import dev.careflow.platform.CareflowException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every instrument scored from the Questionnaires Careflow ships, at its band and finding boundaries. */
class InstrumentScorerTest {

    private static final Path INSTRUMENTS = Path.of("../terminology/src/main/fhir");
    private static final String[] FREQUENCY = {"LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9"};

    private static Questionnaire questionnaire(Instrument instrument) {
        try {
            return FhirContext.forR4Cached()
                    .newJsonParser()
                    .parseResource(
                            Questionnaire.class,
                            Files.readString(INSTRUMENTS.resolve("Questionnaire-" + instrument.id() + ".json")));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** A completed response with the given answer codes per linkId (several codes for a multi-select item). */
    private static QuestionnaireResponse response(Instrument instrument, Map<String, List<String>> answers) {
        Questionnaire questionnaire = questionnaire(instrument);
        QuestionnaireResponse response = new QuestionnaireResponse();
        response.setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED);
        response.setQuestionnaire(instrument.url());
        for (Questionnaire.QuestionnaireItemComponent item : questionnaire.getItem()) {
            List<String> codes = answers.get(item.getLinkId());
            if (codes == null) {
                continue;
            }
            QuestionnaireResponse.QuestionnaireResponseItemComponent answered =
                    response.addItem().setLinkId(item.getLinkId());
            for (String code : codes) {
                Coding option = item.getAnswerOption().stream()
                        .map(o -> (Coding) o.getValue())
                        .filter(c -> c.getCode().equals(code))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError(code + " is not an option of " + item.getLinkId()));
                answered.addAnswer().setValue(new Coding(option.getSystem(), option.getCode(), option.getDisplay()));
            }
        }
        return response;
    }

    private static Score score(Instrument instrument, Map<String, List<String>> answers) {
        return InstrumentScorer.score(instrument, questionnaire(instrument), response(instrument, answers));
    }

    /** Frequency answers (0 to 3 each) over n items adding up to the total. */
    private static Map<String, List<String>> frequencies(String prefix, int items, int total) {
        Map<String, List<String>> answers = new LinkedHashMap<>();
        int left = total;
        for (int i = 1; i <= items; i++) {
            int points = Math.min(3, left);
            left -= points;
            answers.put(prefix + i, List.of(FREQUENCY[points]));
        }
        assertThat(left).as("total reachable").isZero();
        return answers;
    }

    @ParameterizedTest(name = "PHQ-9 total {0}: {1}")
    @CsvSource({
        "0, minimal, false",
        "4, minimal, false",
        "5, mild, false",
        "9, mild, false",
        "10, moderate, true",
        "14, moderate, true",
        "15, moderately severe, true",
        "19, moderately severe, true",
        "20, severe, true",
        "27, severe, true"
    })
    void phq9_bandsAndDepressionAtTen(int total, String band, boolean concern) {
        Score score = score(Instrument.PHQ_9, frequencies("phq9-", 9, total));

        assertThat(score.total()).contains(total);
        assertThat(score.band()).contains(band);
        assertThat(score.findings().containsKey(HealthConcern.DEPRESSION)).isEqualTo(concern);
    }

    @ParameterizedTest(name = "GAD-7 total {0}: {1}")
    @CsvSource({
        "0, minimal, false",
        "4, minimal, false",
        "5, mild, false",
        "9, mild, false",
        "10, moderate, true",
        "14, moderate, true",
        "15, severe, true",
        "21, severe, true"
    })
    void gad7_bandsAndAnxietyAtTen(int total, String band, boolean concern) {
        Score score = score(Instrument.GAD_7, frequencies("gad7-", 7, total));

        assertThat(score.total()).contains(total);
        assertThat(score.band()).contains(band);
        assertThat(score.findings().containsKey(HealthConcern.ANXIETY)).isEqualTo(concern);
    }

    @ParameterizedTest(name = "HVS {0} / {1}: positive {2}")
    @CsvSource({
        "LA28398-8, LA28398-8, false",
        "LA6729-3, LA28398-8, true",
        "LA28398-8, LA28397-0, true",
        "LA28397-0, LA6729-3, true"
    })
    void hungerVitalSign_positiveWhenEitherItemIsOftenOrSometimesTrue(String worried, String ranOut, boolean positive) {
        Score score = score(Instrument.HUNGER_VITAL_SIGN, Map.of("hvs-1", List.of(worried), "hvs-2", List.of(ranOut)));

        assertThat(score.positive()).contains(positive);
        assertThat(score.total()).isEmpty();
        assertThat(score.findings().containsKey(HealthConcern.FOOD_INSECURITY)).isEqualTo(positive);
    }

    private static Map<String, List<String>> ahc(String housing, String utilities, String transport, int... safety) {
        String[] frequency = {null, "LA6270-8", "LA10066-1", "LA10082-8", "LA16644-9", "LA6482-9"};
        Map<String, List<String>> answers = new LinkedHashMap<>();
        answers.put("ahc-housing", List.of(housing));
        answers.put("ahc-housing-quality", List.of("LA9-3"));
        answers.put("ahc-food-1", List.of("LA28398-8"));
        answers.put("ahc-food-2", List.of("LA28398-8"));
        answers.put("ahc-transportation", List.of(transport));
        answers.put("ahc-utilities", List.of(utilities));
        String[] safetyItems = {"ahc-safety-hurt", "ahc-safety-insult", "ahc-safety-threaten", "ahc-safety-scream"};
        for (int i = 0; i < 4; i++) {
            answers.put(safetyItems[i], List.of(frequency[safety[i]]));
        }
        return answers;
    }

    @Test
    void ahcHrsn_flagsEachDomainOnItsOwnAnswers() {
        Score none = score(Instrument.AHC_HRSN, ahc("LA31993-1", "LA32-8", "LA32-8", 1, 1, 1, 1));
        assertThat(none.findings()).isEmpty();

        Score worried = score(Instrument.AHC_HRSN, ahc("LA31994-9", "LA32002-0", "LA33-6", 1, 1, 1, 1));
        assertThat(worried.findings().keySet())
                .containsExactlyInAnyOrder(
                        HealthConcern.HOUSING_INSTABILITY,
                        HealthConcern.UTILITY_INSECURITY,
                        HealthConcern.TRANSPORTATION_INSECURITY);
        assertThat(worried.findings().get(HealthConcern.HOUSING_INSTABILITY)).containsExactly("ahc-housing");

        Score homeless = score(Instrument.AHC_HRSN, ahc("LA31995-6", "LA32-8", "LA32-8", 1, 1, 1, 1));
        assertThat(homeless.findings().keySet()).containsExactly(HealthConcern.HOMELESSNESS);
    }

    @ParameterizedTest(name = "AHC safety {0}+{1}+{2}+{3}: concern {4}")
    @CsvSource({"3, 3, 2, 2, false", "3, 3, 3, 2, true", "5, 5, 5, 5, true", "1, 1, 1, 1, false"})
    void ahcHrsn_interpersonalSafetyFromElevenOfTwenty(
            int hurt, int insult, int threaten, int scream, boolean concern) {
        Score score = score(Instrument.AHC_HRSN, ahc("LA31993-1", "LA32-8", "LA32-8", hurt, insult, threaten, scream));

        assertThat(score.findings().containsKey(HealthConcern.INTERPERSONAL_SAFETY))
                .isEqualTo(concern);
    }

    @Test
    void prapare_flagsHousingMoneyFoodUtilitiesAndTransport() {
        Map<String, List<String>> answers = new LinkedHashMap<>();
        answers.put("prapare-housing", List.of("LA30190-5"));
        answers.put("prapare-housing-worry", List.of("LA33-6"));
        answers.put("prapare-money", List.of("LA14745-6"));
        answers.put("prapare-needs", List.of("LA30125-1", "LA30124-4"));
        answers.put("prapare-transportation", List.of("LA30134-3"));

        Score score = score(Instrument.PRAPARE, answers);

        assertThat(score.findings().keySet())
                .containsExactlyInAnyOrder(
                        HealthConcern.HOUSING_INSTABILITY,
                        HealthConcern.FINANCIAL_INSECURITY,
                        HealthConcern.FOOD_INSECURITY,
                        HealthConcern.UTILITY_INSECURITY,
                        HealthConcern.TRANSPORTATION_INSECURITY);
        assertThat(score.answers().get("prapare-needs").chosen()).hasSize(2);

        answers.put("prapare-housing-worry", List.of("LA32-8"));
        answers.put("prapare-money", List.of("LA22683-9"));
        answers.put("prapare-needs", List.of("LA32-8"));
        answers.put("prapare-transportation", List.of("LA32-8"));
        assertThat(score(Instrument.PRAPARE, answers).findings()).isEmpty();
    }

    @ParameterizedTest(name = "ADL {0} independent: {1}")
    @CsvSource({
        "6, full function, false",
        "5, moderate impairment, true",
        "3, moderate impairment, true",
        "2, severe impairment, true",
        "0, severe impairment, true"
    })
    void adl_dependencyBelowSix(int independent, String band, boolean concern) {
        String[] activities = {"bathing", "dressing", "toileting", "transferring", "continence", "feeding"};
        Map<String, List<String>> answers = new LinkedHashMap<>();
        for (int i = 0; i < 6; i++) {
            answers.put("adl-" + activities[i], List.of(i < independent ? "independent" : "dependent"));
        }

        Score score = score(Instrument.ADL, answers);

        assertThat(score.total()).contains(independent);
        assertThat(score.band()).contains(band);
        assertThat(score.findings().containsKey(HealthConcern.ADL_DEPENDENCY)).isEqualTo(concern);
    }

    @Test
    void anIncompleteResponse_isRefusedNamingEveryMissingItem() {
        Map<String, List<String>> answers = frequencies("phq9-", 9, 5);
        answers.remove("phq9-3");
        answers.remove("phq9-9");

        assertThatThrownBy(() -> score(Instrument.PHQ_9, answers))
                .isInstanceOfSatisfying(CareflowException.class, e -> assertThat(e.reasons())
                        .hasSize(2)
                        .anySatisfy(r -> assertThat(r).contains("phq9-3").contains("44259-0"))
                        .anySatisfy(r -> assertThat(r).contains("phq9-9").contains("44260-8")));
    }

    @Test
    void anAnswerThatIsNotAnOption_isRefused() {
        QuestionnaireResponse response = response(
                Instrument.HUNGER_VITAL_SIGN, Map.of("hvs-1", List.of("LA28398-8"), "hvs-2", List.of("LA28398-8")));
        response.getItem().get(0).getAnswerFirstRep().setValue(new Coding("http://loinc.org", "LA33-6", "Yes"));
        List<String> problems = new ArrayList<>();
        try {
            InstrumentScorer.score(Instrument.HUNGER_VITAL_SIGN, questionnaire(Instrument.HUNGER_VITAL_SIGN), response);
        } catch (CareflowException e) {
            problems.addAll(e.reasons());
        }
        assertThat(problems).singleElement().asString().contains("hvs-1").contains("LA33-6");
    }

    @Test
    void instrumentsAreFoundByTheirCanonical_withOrWithoutVersion() {
        assertThat(Instrument.byCanonical("https://careflow.dev/fhir/Questionnaire/phq-9"))
                .contains(Instrument.PHQ_9);
        assertThat(Instrument.byCanonical("https://careflow.dev/fhir/Questionnaire/gad-7|0.1.0"))
                .contains(Instrument.GAD_7);
        assertThat(Instrument.byCanonical("http://example.org/Questionnaire/other"))
                .isEmpty();
    }
}
