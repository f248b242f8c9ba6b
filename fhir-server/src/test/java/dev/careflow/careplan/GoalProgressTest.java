package dev.careflow.careplan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Range;
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
}
