package dev.careflow.assessment;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Hunger Vital Sign (Hager 2010): positive, and a food-insecurity concern, when either item (LOINC 88122-7 worried
 * food would run out, 88123-5 food did not last) is "often" or "sometimes" true. It has no total.
 */
final class HungerVitalSignRule implements ScoringRule {

    static final String WORRIED = "88122-7";
    static final String RAN_OUT = "88123-5";

    @Override
    public Instrument instrument() {
        return Instrument.HUNGER_VITAL_SIGN;
    }

    @Override
    public Map<HealthConcern, List<String>> findings(Map<String, Score.Answer> answers, Optional<Integer> total) {
        return new Findings(answers)
                .anyPoints(HealthConcern.FOOD_INSECURITY, WORRIED, RAN_OUT)
                .toMap();
    }

    @Override
    public Optional<Boolean> positive(Map<HealthConcern, List<String>> findings) {
        return Optional.of(findings.containsKey(HealthConcern.FOOD_INSECURITY));
    }
}
