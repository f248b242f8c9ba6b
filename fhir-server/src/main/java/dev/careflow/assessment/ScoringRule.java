package dev.careflow.assessment;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one instrument's published rules make of its scored answers: the needs they reveal, whether a screen without a
 * total is positive, and whether an answer must reach a clinician today. The answers' points come from the
 * Questionnaire ({@link ResponseAnswers}); the total and its band from {@link Instrument}. One implementation per
 * instrument, registered in {@link ScoringRules} under the Questionnaire's canonical URL.
 */
interface ScoringRule {

    /** The instrument whose rules these are. */
    Instrument instrument();

    /**
     * The needs the answers reveal, each with the linkIds of the answers that show it.
     *
     * @param total the total, for instruments that have one
     */
    Map<HealthConcern, List<String>> findings(Map<String, Score.Answer> answers, Optional<Integer> total);

    /** For screens without a total: whether the screen is positive, given its findings. */
    default Optional<Boolean> positive(Map<HealthConcern, List<String>> findings) {
        return Optional.empty();
    }

    /** The answer of a scored response that must reach a clinician the same day, if any. */
    default Optional<SafetySignal> safetySignal(Score score) {
        return Optional.empty();
    }
}
