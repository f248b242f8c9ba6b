package dev.careflow.careplan;

import dev.careflow.vocabulary.CodeSystems;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Duration;
import org.hl7.fhir.r4.model.PlanDefinition;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Range;

/**
 * The pure rules of {@code $propose-care-plan}: which conditions are active problems, which PlanDefinitions apply to
 * them, why nothing can be proposed, and the dates and ranges a proposed Goal's target takes.
 */
final class ProposalRules {

    /** The {@code useContext.code} that names the conditions a PlanDefinition is for. */
    static final String FOCUS = "focus";

    private static final List<String> ACTIVE = List.of("active", "recurrence", "relapse");
    private static final List<String> NOT_TRUE = List.of("entered-in-error", "refuted");

    private ProposalRules() {}

    /** An active (or recurring, relapsed) condition that was not refuted or entered in error. */
    static boolean isActiveProblem(Condition condition) {
        return condition.getClinicalStatus().getCoding().stream().anyMatch(s -> ACTIVE.contains(s.getCode()))
                && condition.getVerificationStatus().getCoding().stream()
                        .noneMatch(s -> NOT_TRUE.contains(s.getCode()));
    }

    /** The PlanDefinitions (in their order) that apply to at least one problem, with the problems each applies to. */
    static Map<PlanDefinition, List<Condition>> applicable(List<PlanDefinition> definitions, List<Condition> problems) {
        Map<PlanDefinition, List<Condition>> applicable = new LinkedHashMap<>();
        for (PlanDefinition definition : definitions) {
            List<Condition> matched =
                    problems.stream().filter(c -> applies(definition, c)).toList();
            if (!matched.isEmpty()) {
                applicable.put(definition, matched);
            }
        }
        return applicable;
    }

    /** Whether a condition has a code the PlanDefinition focuses on (an ICD-10-CM code also matches its subcodes). */
    static boolean applies(PlanDefinition definition, Condition condition) {
        for (var context : definition.getUseContext()) {
            if (!FOCUS.equals(context.getCode().getCode()) || !context.hasValueCodeableConcept()) {
                continue;
            }
            for (Coding focus : context.getValueCodeableConcept().getCoding()) {
                if (condition.getCode().getCoding().stream().anyMatch(coding -> matches(focus, coding))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean matches(Coding focus, Coding coding) {
        if (focus.getSystem() == null || !focus.getSystem().equals(coding.getSystem()) || coding.getCode() == null) {
            return false;
        }
        boolean same = coding.getCode().equals(focus.getCode());
        boolean beneath = CodeSystems.ICD_10_CM.equals(focus.getSystem())
                && coding.getCode().startsWith(focus.getCode());
        return same || beneath;
    }

    /** Why no plan can be proposed for the patient. */
    static String refusal(String patient, List<Condition> problems) {
        return problems.isEmpty()
                ? patient + " has no active problem or health concern to plan for"
                : "No PlanDefinition applies to the active problems of " + patient + ": "
                        + String.join(
                                ", ", problems.stream().map(ProposalRules::name).toList());
    }

    /** A condition as a person reads it: its text, else its first code and display. */
    static String name(Condition condition) {
        Coding coding = condition.getCode().getCodingFirstRep();
        return condition.getCode().hasText()
                ? condition.getCode().getText()
                : coding.getCode() + (coding.hasDisplay() ? " " + coding.getDisplay() : "");
    }

    /** The date a Goal target is due: the definition's duration (d, wk, mo, a; days by default) after today. */
    static LocalDate due(Duration duration, LocalDate today) {
        int amount = duration.getValue().intValue();
        return switch (duration.getCode() == null ? "d" : duration.getCode()) {
            case "wk" -> today.plusWeeks(amount);
            case "mo" -> today.plusMonths(amount);
            case "a" -> today.plusYears(amount);
            default -> today.plusDays(amount);
        };
    }

    /** A range given relative to the latest value (-5 to -3 kg) as absolute values in the latest value's unit. */
    static Range relativeTo(Range relative, Quantity latest) {
        BigDecimal value = latest.getValue();
        return new Range()
                .setLow(quantity(value.add(relative.getLow().getValue()), latest))
                .setHigh(quantity(value.add(relative.getHigh().getValue()), latest));
    }

    private static Quantity quantity(BigDecimal value, Quantity like) {
        return new Quantity()
                .setValue(value)
                .setUnit(like.getUnit())
                .setSystem(like.getSystem())
                .setCode(like.getCode());
    }
}
