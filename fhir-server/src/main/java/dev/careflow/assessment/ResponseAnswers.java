package dev.careflow.assessment;

import dev.careflow.platform.CareflowException;
import java.math.BigDecimal;
import java.util.ArrayList;
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
 * A completed response's choice answers read against its Questionnaire: each answer's points come from the {@code
 * ordinalValue} extension on the chosen answer option. A response that leaves a required item unanswered, answers an
 * item the Questionnaire does not have, or answers with a code that is not one of the item's options, is refused with
 * every such problem named.
 */
final class ResponseAnswers {

    static final String ORDINAL_VALUE = "http://hl7.org/fhir/StructureDefinition/ordinalValue";

    private final Instrument instrument;
    private final List<String> problems = new ArrayList<>();

    private ResponseAnswers(Instrument instrument) {
        this.instrument = instrument;
    }

    /** Each answered choice item, by linkId in questionnaire order; refused when any answer is not valid. */
    static Map<String, Score.Answer> read(
            Instrument instrument, Questionnaire questionnaire, QuestionnaireResponse response) {
        return new ResponseAnswers(instrument).read(questionnaire, response);
    }

    private Map<String, Score.Answer> read(Questionnaire questionnaire, QuestionnaireResponse response) {
        Map<String, Questionnaire.QuestionnaireItemComponent> items = new LinkedHashMap<>();
        flatten(questionnaire.getItem(), items);
        Map<String, List<QuestionnaireResponse.QuestionnaireResponseItemAnswerComponent>> given = new LinkedHashMap<>();
        flattenAnswers(response.getItem(), given);
        given.keySet().stream()
                .filter(linkId -> !items.containsKey(linkId))
                .forEach(linkId -> problems.add("Item '" + linkId + "' is not part of " + instrument.url()));
        Map<String, Score.Answer> answers = new LinkedHashMap<>();
        for (Questionnaire.QuestionnaireItemComponent item : items.values()) {
            if (item.getType() == Questionnaire.QuestionnaireItemType.CHOICE) {
                answer(item, given.getOrDefault(item.getLinkId(), List.of()))
                        .ifPresent(a -> answers.put(item.getLinkId(), a));
            }
        }
        if (!problems.isEmpty()) {
            throw new CareflowException(CareflowException.Kind.UNPROCESSABLE, problems);
        }
        return answers;
    }

    private Optional<Score.Answer> answer(
            Questionnaire.QuestionnaireItemComponent item,
            List<QuestionnaireResponse.QuestionnaireResponseItemAnswerComponent> chosen) {
        Coding code = item.getCodeFirstRep();
        String name = "'" + item.getLinkId() + "'" + (code.hasCode() ? " (" + code.getCode() + ")" : "");
        if (chosen.isEmpty()) {
            if (item.getRequired()) {
                problems.add("Item " + name + " is required and not answered: the response cannot be completed");
            }
            return Optional.empty();
        }
        if (chosen.size() > 1 && !item.getRepeats()) {
            problems.add("Item " + name + " takes one answer, not " + chosen.size());
        }
        List<Coding> codings = new ArrayList<>();
        int points = 0;
        for (QuestionnaireResponse.QuestionnaireResponseItemAnswerComponent answer : chosen) {
            Optional<Coding> option = option(item, name, answer);
            if (option.isPresent()) {
                Coding official = option.get().copy();
                official.getExtension().clear();
                codings.add(official);
                points += ordinal(option.get());
            }
        }
        return Optional.of(new Score.Answer(code.copy(), item.getText(), codings, points));
    }

    /** The answer option an answer chose (matched by code, and by system when the answer has one). */
    private Optional<Coding> option(
            Questionnaire.QuestionnaireItemComponent item,
            String name,
            QuestionnaireResponse.QuestionnaireResponseItemAnswerComponent answer) {
        if (!(answer.getValue() instanceof Coding coding)) {
            problems.add(
                    "Item " + name + " is answered with a " + answer.getValue().fhirType() + ", not a Coding");
            return Optional.empty();
        }
        Optional<Coding> option = item.getAnswerOption().stream()
                .map(Questionnaire.QuestionnaireItemAnswerOptionComponent::getValue)
                .filter(v -> v instanceof Coding c
                        && c.getCode().equals(coding.getCode())
                        && (!coding.hasSystem() || coding.getSystem().equals(c.getSystem())))
                .map(Coding.class::cast)
                .findFirst();
        if (option.isEmpty()) {
            problems.add("Item " + name + " has no answer option " + coding.getSystem() + "|" + coding.getCode());
        }
        return option;
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
