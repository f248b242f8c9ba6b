package dev.careflow.assessment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.careflow.vocabulary.CodeSystems;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.Coding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Each instrument's rule at its boundaries, on answers alone (no Questionnaire, no store). */
class ScoringRulesTest {

    /** Answers by linkId: each {linkId, item code, points}, answered with a code named after the points. */
    private static Map<String, Score.Answer> answers(Object[]... items) {
        Map<String, Score.Answer> answers = new LinkedHashMap<>();
        for (Object[] item : items) {
            int points = (Integer) item[2];
            Coding chosen = new Coding(CodeSystems.LOINC, item.length > 3 ? (String) item[3] : "p" + points, "x");
            answers.put(
                    (String) item[0],
                    new Score.Answer(
                            new Coding(CodeSystems.LOINC, (String) item[1], null), "", List.of(chosen), points));
        }
        return answers;
    }

    private static Object[] item(String linkId, String code, int points) {
        return new Object[] {linkId, code, points};
    }

    @ParameterizedTest
    @EnumSource(Instrument.class)
    void everyInstrument_hasItsRule_underItsCanonical_withOrWithoutVersion(Instrument instrument) {
        assertThat(ScoringRules.of(instrument).instrument()).isEqualTo(instrument);
        assertThat(ScoringRules.byCanonical(instrument.url() + "|0.1.0"))
                .hasValueSatisfying(r -> assertThat(r.instrument()).isEqualTo(instrument));
    }

    @Test
    void theTable_holdsOneRulePerInstrument_andNothingElse() {
        assertThat(ScoringRules.canonicals()).hasSize(Instrument.values().length);
        assertThat(ScoringRules.byCanonical("http://example.org/Questionnaire/phq-9"))
                .isEmpty();
        assertThat(ScoringRules.byCanonical(null)).isEmpty();
    }

    @ParameterizedTest(name = "PHQ-9 item 9 at {0} points: signal {1}")
    @CsvSource({"0, false", "1, true", "2, true", "3, true"})
    void phq9_item9AboveZero_isASafetySignal_whateverTheTotal(int points, boolean signal) {
        Map<String, Score.Answer> answers = answers(item("phq9-1", "44250-9", 0), item("phq9-9", "44260-8", points));
        Score score =
                new Score(Instrument.PHQ_9, answers, Optional.of(points), Optional.empty(), Optional.empty(), Map.of());

        Optional<SafetySignal> found = new Phq9Rule().safetySignal(score);

        assertThat(found.isPresent()).isEqualTo(signal);
        found.ifPresent(s -> assertThat(s.points()).isEqualTo(points));
    }

    @Test
    void phq9_withoutItem9_carriesNoSignal_andOtherRulesNever() {
        Score score =
                new Score(Instrument.PHQ_9, Map.of(), Optional.of(0), Optional.empty(), Optional.empty(), Map.of());
        assertThat(new Phq9Rule().safetySignal(score)).isEmpty();
        for (Instrument other : List.of(Instrument.GAD_7, Instrument.AHC_HRSN, Instrument.ADL)) {
            assertThat(ScoringRules.of(other).safetySignal(score)).isEmpty();
        }
    }

    @ParameterizedTest(name = "total {0}: concern {1}")
    @CsvSource({"9, false", "10, true"})
    void phq9AndGad7_concernFromTen_shownByEveryScoringAnswer(int total, boolean concern) {
        Map<String, Score.Answer> answers = answers(item("a", "1", 3), item("b", "2", 0));

        Map<HealthConcern, List<String>> depression = new Phq9Rule().findings(answers, Optional.of(total));
        Map<HealthConcern, List<String>> anxiety = new Gad7Rule().findings(answers, Optional.of(total));

        assertThat(depression.containsKey(HealthConcern.DEPRESSION)).isEqualTo(concern);
        assertThat(anxiety.containsKey(HealthConcern.ANXIETY)).isEqualTo(concern);
        if (concern) {
            assertThat(depression.get(HealthConcern.DEPRESSION)).containsExactly("a");
        }
    }

    @ParameterizedTest(name = "HVS {0}/{1}: positive {2}")
    @CsvSource({"0, 0, false", "1, 0, true", "0, 1, true"})
    void hungerVitalSign_positiveWhenEitherItemScores(int worried, int ranOut, boolean positive) {
        HungerVitalSignRule rule = new HungerVitalSignRule();
        Map<HealthConcern, List<String>> findings = rule.findings(
                answers(item("hvs-1", "88122-7", worried), item("hvs-2", "88123-5", ranOut)), Optional.empty());

        assertThat(rule.positive(findings)).contains(positive);
    }

    @ParameterizedTest(name = "AHC safety sum {0}: concern {1}")
    @CsvSource({"10, false", "11, true"})
    void ahcHrsn_interpersonalSafetyFromElevenOfTwenty(int sum, boolean concern) {
        Map<String, Score.Answer> answers = answers(
                item("hurt", "95618-5", sum - 9),
                item("insult", "95617-7", 3),
                item("threaten", "95616-9", 3),
                item("scream", "95615-1", 3));

        assertThat(new AhcHrsnRule()
                        .findings(answers, Optional.empty())
                        .containsKey(HealthConcern.INTERPERSONAL_SAFETY))
                .isEqualTo(concern);
    }

    @Test
    void ahcHrsn_safetyNeedsAllFourItems_however_highTheOthers() {
        Map<String, Score.Answer> answers =
                answers(item("hurt", "95618-5", 5), item("insult", "95617-7", 5), item("threaten", "95616-9", 5));

        assertThat(new AhcHrsnRule().findings(answers, Optional.empty())).isEmpty();
    }

    @Test
    void prapare_foodAndUtilitiesFromTheMaterialNeedsChosen() {
        Map<String, Score.Answer> answers = answers(new Object[] {"needs", "93031-3", 0, PrapareRule.UTILITIES});

        assertThat(new PrapareRule().findings(answers, Optional.empty()).keySet())
                .containsExactly(HealthConcern.UTILITY_INSECURITY);
    }

    @ParameterizedTest(name = "Katz total {0}: dependency {1}")
    @CsvSource({"6, false", "5, true"})
    void katzAdl_dependencyBelowSix_shownByTheDependentActivities(int total, boolean concern) {
        Map<String, Score.Answer> answers = answers(item("adl-bathing", "bathing", total == 6 ? 1 : 0));

        Map<HealthConcern, List<String>> findings = new KatzAdlRule().findings(answers, Optional.of(total));

        assertThat(findings.containsKey(HealthConcern.ADL_DEPENDENCY)).isEqualTo(concern);
        if (concern) {
            assertThat(findings.get(HealthConcern.ADL_DEPENDENCY)).containsExactly("adl-bathing");
        }
    }
}
