package dev.careflow.careplan;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How goal progress judges achievement ({@code $progress} and {@code $revise} use the same rule).
 *
 * @param sustainedMeasures measures (as {@code system|code}) that fluctuate from one reading to the next, so that one
 *     value in range proves little: body weight (LOINC 29463-7, 3141-9) and blood pressure (85354-9, 8480-6, 8462-4)
 * @param sustainedValues for those measures, how many newest values in a row must all meet the target
 * @param sustainedPeriod and how long that unbroken run of met values must span, from its oldest to its newest value
 *     ({@code P0D}: no span needed)
 * @param trendWindow how many newest values the trend looks across (from the oldest of them to the newest)
 */
@Validated
@ConfigurationProperties("careflow.goals")
public record GoalSettings(
        @DefaultValue({
                    "http://loinc.org|29463-7",
                    "http://loinc.org|3141-9",
                    "http://loinc.org|85354-9",
                    "http://loinc.org|8480-6",
                    "http://loinc.org|8462-4"
                })
                List<String> sustainedMeasures,
        @DefaultValue("3") @Min(1) int sustainedValues,
        @DefaultValue("P7D") Duration sustainedPeriod,
        @DefaultValue("3") @Min(2) int trendWindow) {

    /** The defaults, for services built outside Spring. */
    public static GoalSettings defaults() {
        return new GoalSettings(
                List.of(
                        "http://loinc.org|29463-7",
                        "http://loinc.org|3141-9",
                        "http://loinc.org|85354-9",
                        "http://loinc.org|8480-6",
                        "http://loinc.org|8462-4"),
                3,
                Duration.ofDays(7),
                3);
    }

    /** The achievement rule for a measure: sustained for the fluctuating ones, else the latest value. */
    public GoalProgress.AchievementRule ruleFor(CodeableConcept measure) {
        boolean fluctuates = measure != null
                && measure.getCoding().stream()
                        .anyMatch(c -> sustainedMeasures.contains(c.getSystem() + "|" + c.getCode()));
        return fluctuates
                ? new GoalProgress.AchievementRule(sustainedValues, sustainedPeriod)
                : GoalProgress.AchievementRule.LATEST;
    }
}
