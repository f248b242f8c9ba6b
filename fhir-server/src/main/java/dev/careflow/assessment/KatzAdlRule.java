package dev.careflow.assessment;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Katz Index of Independence in Activities of Daily Living (Katz 1963): one point per independent activity of six; any
 * dependency (a total below 6) is a need for assistance with personal care, shown by the dependent activities.
 */
final class KatzAdlRule implements ScoringRule {

    static final int FULL_FUNCTION = 6;

    @Override
    public Instrument instrument() {
        return Instrument.ADL;
    }

    @Override
    public Map<HealthConcern, List<String>> findings(Map<String, Score.Answer> answers, Optional<Integer> total) {
        Findings findings = new Findings(answers);
        if (total.orElse(FULL_FUNCTION) < FULL_FUNCTION) {
            findings.anyWithoutPoints(HealthConcern.ADL_DEPENDENCY);
        }
        return findings.toMap();
    }
}
