package dev.careflow.assessment;

import java.util.Optional;

/**
 * The screen answers that must reach a clinician the same day. Today one: PHQ-9 item 9 (LOINC 44260-8, "thoughts that
 * you would be better off dead, or of hurting yourself in some way") answered above "not at all" (0 points). Any
 * positive answer counts, whatever the total: the PHQ-9's authors and the US Preventive Services Task Force both ask
 * for a same-day suicide risk assessment after it (Kroenke 2001; USPSTF 2016 depression screening).
 *
 * @param item the linkId of the answer that raised it
 * @param answer the answer's display text
 * @param points its points
 */
public record SafetySignal(String item, String answer, int points) {

    /** PHQ-9 item 9. */
    public static final String PHQ9_ITEM_9 = Phq9Rule.ITEM_9;

    /** The safety signal a scored response carries, if any, by its instrument's rule. */
    public static Optional<SafetySignal> of(Score score) {
        return ScoringRules.of(score.instrument()).safetySignal(score);
    }

    /** What the escalation says, in words. */
    public String description() {
        return "PHQ-9 item 9 (thoughts of being better off dead or of self-harm) answered '" + answer + "' (" + points
                + " point" + (points == 1 ? "" : "s") + "): assess suicide risk and contact the patient today";
    }
}
