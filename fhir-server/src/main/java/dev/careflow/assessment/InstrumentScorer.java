package dev.careflow.assessment;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;

/**
 * Scores a completed response to one of Careflow's instruments: the answers and their points as the Questionnaire
 * defines them ({@link ResponseAnswers}), the total and band of instruments that have one ({@link Instrument}), and
 * what the instrument's own rule ({@link ScoringRules}) makes of them.
 */
public final class InstrumentScorer {

    private InstrumentScorer() {}

    public static Score score(Instrument instrument, Questionnaire questionnaire, QuestionnaireResponse response) {
        Map<String, Score.Answer> answers = ResponseAnswers.read(instrument, questionnaire, response);
        Optional<Integer> total = instrument.totalCode().isPresent()
                ? Optional.of(
                        answers.values().stream().mapToInt(Score.Answer::points).sum())
                : Optional.empty();
        ScoringRule rule = ScoringRules.of(instrument);
        Map<HealthConcern, List<String>> findings = rule.findings(answers, total);
        return new Score(
                instrument, answers, total, total.flatMap(instrument::band), rule.positive(findings), findings);
    }
}
