package dev.careflow.assessment;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * PHQ-9 (Kroenke 2001): a total of 10 or more is a depression health concern (the authors' cut-off for major
 * depression, sensitivity and specificity 88%); item 9 answered above "not at all" is a safety signal whatever the
 * total ({@link SafetySignal}).
 */
final class Phq9Rule implements ScoringRule {

    /** PHQ-9 item 9, LOINC 44260-8. */
    static final String ITEM_9 = "phq9-9";

    static final int DEPRESSION_THRESHOLD = 10;

    @Override
    public Instrument instrument() {
        return Instrument.PHQ_9;
    }

    @Override
    public Map<HealthConcern, List<String>> findings(Map<String, Score.Answer> answers, Optional<Integer> total) {
        return new Findings(answers)
                .totalAtLeast(total.orElse(0), DEPRESSION_THRESHOLD, HealthConcern.DEPRESSION)
                .toMap();
    }

    @Override
    public Optional<SafetySignal> safetySignal(Score score) {
        Score.Answer item9 = score.answers().get(ITEM_9);
        if (item9 == null || item9.points() <= 0) {
            return Optional.empty();
        }
        String display = item9.chosen().isEmpty()
                ? String.valueOf(item9.points())
                : String.valueOf(item9.chosen().get(0).getDisplay());
        return Optional.of(new SafetySignal(ITEM_9, display, item9.points()));
    }
}
