package dev.careflow.assessment;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** GAD-7 (Spitzer 2006): a total of 10 or more is an anxiety health concern (the authors' cut-off for referral). */
final class Gad7Rule implements ScoringRule {

    static final int ANXIETY_THRESHOLD = 10;

    @Override
    public Instrument instrument() {
        return Instrument.GAD_7;
    }

    @Override
    public Map<HealthConcern, List<String>> findings(Map<String, Score.Answer> answers, Optional<Integer> total) {
        return new Findings(answers)
                .totalAtLeast(total.orElse(0), ANXIETY_THRESHOLD, HealthConcern.ANXIETY)
                .toMap();
    }
}
