package dev.careflow.assessment;

import dev.careflow.platform.CareflowException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;

/**
 * Scores a completed response to one of Careflow's instruments: each answer's points come from the Questionnaire's
 * {@code ordinalValue} extension on the chosen answer option; the instrument's total, band and findings follow the
 * instrument's published rules. A completed response that leaves a required item unanswered, or answers with a code
 * that is not one of the item's options, is refused with every such problem named.
 */
public final class InstrumentScorer {

    static final String ORDINAL_VALUE = "http://hl7.org/fhir/StructureDefinition/ordinalValue";

    private InstrumentScorer() {}

    public static Score score(Instrument instrument, Questionnaire questionnaire, QuestionnaireResponse response) {
        Map<String, Questionnaire.QuestionnaireItemComponent> items = new LinkedHashMap<>();
        flatten(questionnaire.getItem(), items);
        Map<String, List<QuestionnaireResponse.QuestionnaireResponseItemAnswerComponent>> given = new LinkedHashMap<>();
        flattenAnswers(response.getItem(), given);

        List<String> problems = new ArrayList<>();
        for (String linkId : given.keySet()) {
            if (!items.containsKey(linkId)) {
                problems.add("Item '" + linkId + "' is not part of " + instrument.url());
            }
        }
        Map<String, Score.Answer> answers = new LinkedHashMap<>();
        for (Questionnaire.QuestionnaireItemComponent item : items.values()) {
            if (item.getType() != Questionnaire.QuestionnaireItemType.CHOICE) {
                continue;
            }
            List<QuestionnaireResponse.QuestionnaireResponseItemAnswerComponent> chosen =
                    given.getOrDefault(item.getLinkId(), List.of());
            Coding code = item.getCodeFirstRep();
            String name = "'" + item.getLinkId() + "'" + (code.hasCode() ? " (" + code.getCode() + ")" : "");
            if (chosen.isEmpty()) {
                if (item.getRequired()) {
                    problems.add("Item " + name + " is required and not answered: the response cannot be completed");
                }
                continue;
            }
            if (chosen.size() > 1 && !item.getRepeats()) {
                problems.add("Item " + name + " takes one answer, not " + chosen.size());
            }
            List<Coding> codings = new ArrayList<>();
            int points = 0;
            for (QuestionnaireResponse.QuestionnaireResponseItemAnswerComponent answer : chosen) {
                if (!(answer.getValue() instanceof Coding coding)) {
                    problems.add("Item " + name + " is answered with a "
                            + answer.getValue().fhirType() + ", not a Coding");
                    continue;
                }
                Optional<Questionnaire.QuestionnaireItemAnswerOptionComponent> option = item.getAnswerOption().stream()
                        .filter(o -> o.getValue() instanceof Coding c
                                && c.getCode().equals(coding.getCode())
                                && (!coding.hasSystem() || coding.getSystem().equals(c.getSystem())))
                        .findFirst();
                if (option.isEmpty()) {
                    problems.add(
                            "Item " + name + " has no answer option " + coding.getSystem() + "|" + coding.getCode());
                    continue;
                }
                Coding official = ((Coding) option.get().getValue()).copy();
                official.getExtension().clear();
                codings.add(official);
                points += ordinal((Coding) option.get().getValue());
            }
            answers.put(item.getLinkId(), new Score.Answer(code.copy(), item.getText(), codings, points));
        }
        if (!problems.isEmpty()) {
            throw new CareflowException(CareflowException.Kind.UNPROCESSABLE, problems);
        }

        Optional<Integer> total = instrument.totalCode().isPresent()
                ? Optional.of(
                        answers.values().stream().mapToInt(Score.Answer::points).sum())
                : Optional.empty();
        Optional<String> band = total.flatMap(instrument::band);
        Map<HealthConcern, List<String>> findings = new EnumMap<>(HealthConcern.class);
        Optional<Boolean> positive = Optional.empty();
        Rules rules = new Rules(answers, findings);
        switch (instrument) {
            case PHQ_9 -> rules.ifTotalAtLeast(total.orElse(0), 10, HealthConcern.DEPRESSION);
            case GAD_7 -> rules.ifTotalAtLeast(total.orElse(0), 10, HealthConcern.ANXIETY);
            case HUNGER_VITAL_SIGN -> {
                rules.anyPoints(HealthConcern.FOOD_INSECURITY, "88122-7", "88123-5");
                positive = Optional.of(findings.containsKey(HealthConcern.FOOD_INSECURITY));
            }
            case AHC_HRSN -> {
                rules.answered(HealthConcern.HOUSING_INSTABILITY, "71802-3", "LA31994-9");
                rules.answered(HealthConcern.HOMELESSNESS, "71802-3", "LA31995-6");
                rules.anyPoints(HealthConcern.INADEQUATE_HOUSING, "96778-6");
                rules.anyPoints(HealthConcern.FOOD_INSECURITY, "88122-7", "88123-5");
                rules.anyPoints(HealthConcern.TRANSPORTATION_INSECURITY, "93030-5");
                rules.anyPoints(HealthConcern.UTILITY_INSECURITY, "96779-4");
                rules.sumAtLeast(HealthConcern.INTERPERSONAL_SAFETY, 11, "95618-5", "95617-7", "95616-9", "95615-1");
            }
            case PRAPARE -> {
                rules.answered(HealthConcern.HOMELESSNESS, "71802-3", "LA30191-3");
                rules.anyPoints(HealthConcern.HOUSING_INSTABILITY, "93033-9");
                rules.anyPoints(HealthConcern.FINANCIAL_INSECURITY, "76513-1");
                rules.answered(HealthConcern.FOOD_INSECURITY, "93031-3", "LA30125-1");
                rules.answered(HealthConcern.UTILITY_INSECURITY, "93031-3", "LA30124-4");
                rules.anyPoints(HealthConcern.TRANSPORTATION_INSECURITY, "93030-5");
            }
            case ADL -> {
                if (total.orElse(6) < 6) {
                    findings.put(
                            HealthConcern.ADL_DEPENDENCY,
                            answers.entrySet().stream()
                                    .filter(e -> e.getValue().points() == 0)
                                    .map(Map.Entry::getKey)
                                    .toList());
                }
            }
        }
        return new Score(instrument, answers, total, band, positive, findings);
    }

    /** The rules by which answers reveal needs, by item code (LOINC), whatever the linkIds. */
    private record Rules(Map<String, Score.Answer> answers, Map<HealthConcern, List<String>> findings) {

        void ifTotalAtLeast(int total, int threshold, HealthConcern concern) {
            if (total >= threshold) {
                findings.put(
                        concern,
                        answers.entrySet().stream()
                                .filter(e -> e.getValue().points() > 0)
                                .map(Map.Entry::getKey)
                                .toList());
            }
        }

        void anyPoints(HealthConcern concern, String... codes) {
            List<String> evidence = linkIds(codes).stream()
                    .filter(l -> answers.get(l).points() > 0)
                    .toList();
            add(concern, evidence);
        }

        void answered(HealthConcern concern, String code, String answer) {
            List<String> evidence = linkIds(code).stream()
                    .filter(l -> answers.get(l).chosen().stream().anyMatch(c -> answer.equals(c.getCode())))
                    .toList();
            add(concern, evidence);
        }

        void sumAtLeast(HealthConcern concern, int threshold, String... codes) {
            List<String> items = linkIds(codes);
            if (items.size() == codes.length
                    && items.stream().mapToInt(l -> answers.get(l).points()).sum() >= threshold) {
                add(concern, items);
            }
        }

        private void add(HealthConcern concern, List<String> evidence) {
            if (!evidence.isEmpty()) {
                findings.computeIfAbsent(concern, c -> new ArrayList<>()).addAll(evidence);
            }
        }

        private List<String> linkIds(String... codes) {
            List<String> found = new ArrayList<>();
            for (Map.Entry<String, Score.Answer> entry : answers.entrySet()) {
                for (String code : codes) {
                    if (code.equals(entry.getValue().code().getCode())) {
                        found.add(entry.getKey());
                    }
                }
            }
            return found;
        }
    }

    private static int ordinal(Coding option) {
        Extension extension = option.getExtensionByUrl(ORDINAL_VALUE);
        if (extension == null || !(extension.getValue() instanceof DecimalType value)) {
            return 0;
        }
        BigDecimal points = value.getValue();
        return points == null ? 0 : points.intValue();
    }

    private static void flatten(
            List<Questionnaire.QuestionnaireItemComponent> items,
            Map<String, Questionnaire.QuestionnaireItemComponent> into) {
        for (Questionnaire.QuestionnaireItemComponent item : items) {
            into.put(item.getLinkId(), item);
            flatten(item.getItem(), into);
        }
    }

    private static void flattenAnswers(
            List<QuestionnaireResponse.QuestionnaireResponseItemComponent> items,
            Map<String, List<QuestionnaireResponse.QuestionnaireResponseItemAnswerComponent>> into) {
        for (QuestionnaireResponse.QuestionnaireResponseItemComponent item : items) {
            if (item.hasAnswer()) {
                into.computeIfAbsent(item.getLinkId(), l -> new ArrayList<>()).addAll(item.getAnswer());
            } else {
                into.putIfAbsent(item.getLinkId(), new ArrayList<>());
            }
            flattenAnswers(item.getItem(), into);
            item.getAnswer().forEach(a -> flattenAnswers(a.getItem(), into));
        }
    }
}
