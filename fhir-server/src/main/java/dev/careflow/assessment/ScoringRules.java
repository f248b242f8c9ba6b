package dev.careflow.assessment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The scoring rule of each instrument Careflow scores, keyed by the canonical URL of its Questionnaire. */
final class ScoringRules {

    private static final Map<String, ScoringRule> BY_CANONICAL = table(List.of(
            new Phq9Rule(),
            new Gad7Rule(),
            new HungerVitalSignRule(),
            new AhcHrsnRule(),
            new PrapareRule(),
            new KatzAdlRule()));

    private ScoringRules() {}

    /** The rule of a Questionnaire canonical (with or without {@code |version}), if Careflow scores it. */
    static Optional<ScoringRule> byCanonical(String canonical) {
        if (canonical == null) {
            return Optional.empty();
        }
        int bar = canonical.indexOf('|');
        return Optional.ofNullable(BY_CANONICAL.get(bar < 0 ? canonical : canonical.substring(0, bar)));
    }

    /** The rule of an instrument (every instrument has one: {@code ScoringRulesTest}). */
    static ScoringRule of(Instrument instrument) {
        return byCanonical(instrument.url())
                .orElseThrow(() -> new IllegalStateException("No scoring rule for " + instrument.url()));
    }

    /** The canonical URLs of every scored Questionnaire. */
    static List<String> canonicals() {
        return List.copyOf(BY_CANONICAL.keySet());
    }

    private static Map<String, ScoringRule> table(List<ScoringRule> rules) {
        Map<String, ScoringRule> table = new LinkedHashMap<>();
        for (ScoringRule rule : rules) {
            if (table.put(rule.instrument().url(), rule) != null) {
                throw new IllegalStateException(
                        "Two scoring rules for " + rule.instrument().url());
            }
        }
        return java.util.Collections.unmodifiableMap(table);
    }
}
