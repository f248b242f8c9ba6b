package dev.careflow.careplan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Range;
import org.hl7.fhir.r4.model.Ratio;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoalProgressTest {

    private static Goal.GoalTargetComponent below(double value) {
        return new Goal.GoalTargetComponent()
                .setDetail(new Quantity().setValue(value).setComparator(Quantity.QuantityComparator.LESS_THAN));
    }

    private static Goal.GoalTargetComponent atLeast(double value) {
        return new Goal.GoalTargetComponent()
                .setDetail(new Quantity().setValue(value).setComparator(Quantity.QuantityComparator.GREATER_OR_EQUAL));
    }

    private static Quantity q(double value) {
        return new Quantity().setValue(value);
    }

    @ParameterizedTest
    @CsvSource({"6.9, true", "7.0, false", "8.0, false"})
    void belowTarget_isMetOnlyStrictlyBelow(double value, boolean met) {
        assertThat(GoalProgress.meets(below(7), q(value))).isEqualTo(met);
    }

    @ParameterizedTest
    @CsvSource({"92, true", "91.9, false", "99, true"})
    void atLeastTarget_isMetFromTheValueUp(double value, boolean met) {
        assertThat(GoalProgress.meets(atLeast(92), q(value))).isEqualTo(met);
    }

    @Test
    void rangeTarget_isMetInside_andTrendsByDistanceToTheNearerEnd() {
        Goal.GoalTargetComponent weight = new Goal.GoalTargetComponent()
                .setDetail(new Range().setLow(q(80)).setHigh(q(84)));
        assertThat(GoalProgress.meets(weight, q(80))).isTrue();
        assertThat(GoalProgress.meets(weight, q(84.5))).isFalse();
        assertThat(GoalProgress.trend(weight, q(87), q(85))).contains(GoalProgress.Trend.IMPROVING);
        assertThat(GoalProgress.trend(weight, q(85), q(88))).contains(GoalProgress.Trend.WORSENING);
        assertThat(GoalProgress.trend(weight, q(81), q(83))).contains(GoalProgress.Trend.NO_CHANGE);
    }

    @Test
    void codedTarget_isMetByAMatchingCode() {
        Goal.GoalTargetComponent noRisk = new Goal.GoalTargetComponent()
                .setDetail(new CodeableConcept(new Coding("http://loinc.org", "LA19983-8", "No risk")));
        assertThat(GoalProgress.meets(noRisk, new CodeableConcept(new Coding("http://loinc.org", "LA19983-8", null))))
                .isTrue();
        assertThat(GoalProgress.trend(
                        noRisk,
                        new CodeableConcept(new Coding("http://loinc.org", "LA19952-3", null)),
                        new CodeableConcept(new Coding("http://loinc.org", "LA19983-8", null))))
                .contains(GoalProgress.Trend.IMPROVING);
    }

    @Test
    void achievement_followsTheLatestValues() {
        List<Type> improving = List.of(q(8.2), q(9.1));
        List<Type> worsening = List.of(q(8.4), q(7.5));
        List<Type> met = List.of(q(6.5), q(8.0));
        assertThat(GoalProgress.achievement(below(7), improving, null)).isEqualTo("improving");
        assertThat(GoalProgress.achievement(below(7), worsening, "improving")).isEqualTo("worsening");
        assertThat(GoalProgress.achievement(below(7), List.of(q(8.4), q(8.4)), null))
                .isEqualTo("no-change");
        assertThat(GoalProgress.achievement(below(7), met, "improving")).isEqualTo("achieved");
        assertThat(GoalProgress.achievement(below(7), met, "achieved")).isEqualTo("sustaining");
        assertThat(GoalProgress.achievement(below(7), List.of(q(8)), null)).isEqualTo("in-progress");
        assertThat(GoalProgress.achievement(below(7), List.of(), "improving")).isEqualTo("improving");
    }

    private static Quantity ucum(double value, String code) {
        return new Quantity()
                .setValue(value)
                .setSystem("http://unitsofmeasure.org")
                .setCode(code)
                .setUnit(code);
    }

    private static Goal.GoalTargetComponent phq9BelowFive() {
        return new Goal.GoalTargetComponent()
                .setDetail(ucum(5, "{score}").setComparator(Quantity.QuantityComparator.LESS_THAN));
    }

    @Test
    void scoreTarget_isMetByAnIntegerValue_phq9EightThenThree() {
        Goal.GoalTargetComponent target = phq9BelowFive();
        assertThat(GoalProgress.meets(target, new IntegerType(8))).isFalse();
        assertThat(GoalProgress.meets(target, new IntegerType(3))).isTrue();
        assertThat(GoalProgress.meets(target, new IntegerType(5))).isFalse();
        assertThat(GoalProgress.trend(target, new IntegerType(8), new IntegerType(3)))
                .contains(GoalProgress.Trend.IMPROVING);
        assertThat(GoalProgress.achievement(target, List.of(new IntegerType(3), new IntegerType(8)), "in-progress"))
                .isEqualTo("achieved");
        assertThat(GoalProgress.meets(target, ucum(4, "{score}"))).isTrue();
    }

    @Test
    void quantityTarget_convertsUcumUnits() {
        Goal.GoalTargetComponent weight = new Goal.GoalTargetComponent()
                .setDetail(ucum(85, "kg").setComparator(Quantity.QuantityComparator.LESS_OR_EQUAL));
        assertThat(GoalProgress.meets(weight, ucum(180, "[lb_av]"))).isTrue(); // 81.6 kg
        assertThat(GoalProgress.meets(weight, ucum(190, "[lb_av]"))).isFalse(); // 86.2 kg
        assertThat(GoalProgress.meets(weight, ucum(84000, "g"))).isTrue();
        assertThat(GoalProgress.distance(weight, ucum(190, "[lb_av]")).orElseThrow())
                .isBetween(new java.math.BigDecimal("1.18"), new java.math.BigDecimal("1.19"));
    }

    @Test
    void quantityTarget_inUnitsThatDoNotConvert_isNotCompared() {
        Goal.GoalTargetComponent glucose = new Goal.GoalTargetComponent()
                .setDetail(ucum(7, "mmol/L").setComparator(Quantity.QuantityComparator.LESS_THAN));
        assertThat(GoalProgress.distance(glucose, ucum(110, "mg/dL"))).isEmpty();
        assertThat(GoalProgress.meets(glucose, ucum(110, "mg/dL"))).isFalse();
        assertThat(GoalProgress.trend(glucose, ucum(150, "mg/dL"), ucum(110, "mg/dL")))
                .isEmpty();
    }

    @Test
    void rangeTarget_convertsUnits_andTakesIntegers() {
        Goal.GoalTargetComponent weight = new Goal.GoalTargetComponent()
                .setDetail(new Range().setLow(ucum(80, "kg")).setHigh(ucum(84, "kg")));
        assertThat(GoalProgress.meets(weight, ucum(180, "[lb_av]"))).isTrue();
        assertThat(GoalProgress.meets(weight, ucum(190, "[lb_av]"))).isFalse();
        Goal.GoalTargetComponent steps = new Goal.GoalTargetComponent()
                .setDetail(new Range().setLow(q(3)).setHigh(q(5)));
        assertThat(GoalProgress.meets(steps, new IntegerType(4))).isTrue();
        assertThat(GoalProgress.meets(steps, new IntegerType(6))).isFalse();
    }

    @Test
    void integerTarget_isMetByTheSameNumber() {
        Goal.GoalTargetComponent katz = new Goal.GoalTargetComponent().setDetail(new IntegerType(6));
        assertThat(GoalProgress.meets(katz, new IntegerType(6))).isTrue();
        assertThat(GoalProgress.meets(katz, new IntegerType(5))).isFalse();
        assertThat(GoalProgress.meets(katz, q(6))).isTrue();
        assertThat(GoalProgress.trend(katz, new IntegerType(3), new IntegerType(5)))
                .contains(GoalProgress.Trend.IMPROVING);
        assertThat(GoalProgress.meets(katz, new StringType("6"))).isFalse();
    }

    @Test
    void ratioTarget_comparesQuotients_withTheNumeratorsComparator() {
        Goal.GoalTargetComponent titre = new Goal.GoalTargetComponent()
                .setDetail(new Ratio()
                        .setNumerator(q(1).setComparator(Quantity.QuantityComparator.LESS_OR_EQUAL))
                        .setDenominator(q(32)));
        assertThat(GoalProgress.meets(titre, new Ratio().setNumerator(q(1)).setDenominator(q(64))))
                .isTrue();
        assertThat(GoalProgress.meets(titre, new Ratio().setNumerator(q(1)).setDenominator(q(16))))
                .isFalse();
        assertThat(GoalProgress.trend(
                        titre,
                        new Ratio().setNumerator(q(1)).setDenominator(q(8)),
                        new Ratio().setNumerator(q(1)).setDenominator(q(16))))
                .contains(GoalProgress.Trend.IMPROVING);
        Goal.GoalTargetComponent exact = new Goal.GoalTargetComponent()
                .setDetail(new Ratio().setNumerator(q(2)).setDenominator(q(4)));
        assertThat(GoalProgress.meets(exact, new Ratio().setNumerator(q(1)).setDenominator(q(2))))
                .isTrue();
        assertThat(GoalProgress.meets(exact, q(0.5))).isFalse();
    }

    @Test
    void codedTarget_needsACodeable_andHonoursTheSystem() {
        Goal.GoalTargetComponent noRisk = new Goal.GoalTargetComponent()
                .setDetail(new CodeableConcept(new Coding("http://loinc.org", "LA19983-8", "No risk")));
        assertThat(GoalProgress.meets(
                        noRisk, new CodeableConcept(new Coding("http://snomed.info/sct", "LA19983-8", null))))
                .isFalse();
        assertThat(GoalProgress.distance(noRisk, new BooleanType(true))).isEmpty();
    }

    @Test
    void booleanAndStringTargets_areMetByEqualValues() {
        Goal.GoalTargetComponent smokeFree = new Goal.GoalTargetComponent().setDetail(new BooleanType(false));
        assertThat(GoalProgress.meets(smokeFree, new BooleanType(false))).isTrue();
        assertThat(GoalProgress.meets(smokeFree, new BooleanType(true))).isFalse();
        assertThat(GoalProgress.trend(smokeFree, new BooleanType(true), new BooleanType(false)))
                .contains(GoalProgress.Trend.IMPROVING);
        assertThat(GoalProgress.distance(smokeFree, new IntegerType(0))).isEmpty();
        Goal.GoalTargetComponent text = new Goal.GoalTargetComponent().setDetail(new StringType("Independent"));
        assertThat(GoalProgress.meets(text, new StringType(" independent "))).isTrue();
    }

    @Test
    void trendOverTheWindow_looksFromTheOldestToTheNewest() {
        // newest first: 8.6 after 8.4 is a step back, but 9.5 three values ago says improving
        List<Type> values = List.of(q(8.6), q(8.4), q(9.5));
        assertThat(GoalProgress.trend(below(7), values, 3)).contains(GoalProgress.Trend.IMPROVING);
        assertThat(GoalProgress.trend(below(7), values, 2)).contains(GoalProgress.Trend.WORSENING);
        assertThat(GoalProgress.trend(below(7), List.of(q(8.6)), 3)).isEmpty();
    }

    private static GoalProgress.Reading weight(double kg, String day) {
        return new GoalProgress.Reading(ucum(kg, "kg"), Instant.parse(day + "T08:00:00Z"));
    }

    @Test
    void sustainedRule_oneWeightInRange_isNotAchieved() {
        Goal.GoalTargetComponent dryWeight = new Goal.GoalTargetComponent()
                .setDetail(new Range().setLow(ucum(78, "kg")).setHigh(ucum(82, "kg")));
        GoalProgress.AchievementRule rule = new GoalProgress.AchievementRule(3, Duration.ofDays(7));
        List<GoalProgress.Reading> one = List.of(weight(81, "2026-05-10"), weight(85, "2026-05-09"));
        assertThat(GoalProgress.AchievementRule.LATEST.achieved(dryWeight, one)).isTrue();
        assertThat(rule.achieved(dryWeight, one)).isFalse();
        assertThat(GoalProgress.achievement(dryWeight, one, "in-progress", rule, 3))
                .isEqualTo("improving");

        List<GoalProgress.Reading> threeInFourDays =
                List.of(weight(81, "2026-05-13"), weight(80, "2026-05-11"), weight(81, "2026-05-10"));
        assertThat(rule.achieved(dryWeight, threeInFourDays)).isFalse();
        assertThat(GoalProgress.achievement(dryWeight, threeInFourDays, "in-progress", rule, 3))
                .isEqualTo("in-progress");

        List<GoalProgress.Reading> aWeek = List.of(
                weight(81, "2026-05-17"), weight(80, "2026-05-13"), weight(81, "2026-05-10"), weight(86, "2026-05-09"));
        assertThat(rule.achieved(dryWeight, aWeek)).isTrue();
        assertThat(GoalProgress.achievement(dryWeight, aWeek, "in-progress", rule, 3))
                .isEqualTo("achieved");
        assertThat(GoalProgress.achievement(dryWeight, aWeek, "achieved", rule, 3))
                .isEqualTo("sustaining");

        List<GoalProgress.Reading> broken = List.of(
                weight(81, "2026-05-20"),
                weight(84, "2026-05-19"),
                weight(81, "2026-05-17"),
                weight(80, "2026-05-13"),
                weight(81, "2026-05-10"));
        assertThat(rule.achieved(dryWeight, broken)).isFalse();
        assertThat(GoalProgress.achievement(dryWeight, broken, "sustaining", rule, 3))
                .isEqualTo("improving");
    }

    @Test
    void sustainedRule_withoutDates_cannotShowTheSpan_andRejectsNonsense() {
        Goal.GoalTargetComponent target = below(7);
        List<GoalProgress.Reading> undated = List.of(
                new GoalProgress.Reading(q(6), null),
                new GoalProgress.Reading(q(6), null),
                new GoalProgress.Reading(q(6), null));
        assertThat(new GoalProgress.AchievementRule(3, Duration.ZERO).achieved(target, undated))
                .isTrue();
        assertThat(new GoalProgress.AchievementRule(3, Duration.ofDays(1)).achieved(target, undated))
                .isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new GoalProgress.AchievementRule(0, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void settings_applyTheSustainedRuleToFluctuatingMeasuresOnly() {
        GoalSettings settings = GoalSettings.defaults();
        assertThat(settings.ruleFor(new CodeableConcept(new Coding("http://loinc.org", "29463-7", null))))
                .isEqualTo(new GoalProgress.AchievementRule(3, Duration.ofDays(7)));
        assertThat(settings.ruleFor(new CodeableConcept(new Coding("http://loinc.org", "44261-6", null))))
                .isEqualTo(GoalProgress.AchievementRule.LATEST);
    }
}
