package dev.careflow.populations;

import dev.careflow.transitions.LaceAssessment;
import dev.careflow.vocabulary.CodeSystems;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.RiskAssessment;

/**
 * The scores the registries read, and how: the latest Observation of a code (by effective time, then issued), its
 * integer value; the latest RiskAssessment of a method (by occurrence), its total. Pure, no storage.
 */
public final class Scores {

    public static final Coding PHQ9_TOTAL = new Coding(CodeSystems.LOINC, "44261-6", "PHQ-9 total score");
    public static final Coding GAD7_TOTAL = new Coding(CodeSystems.LOINC, "70274-6", "GAD-7 total score");
    public static final Coding KATZ_TOTAL = new Coding(CodeSystems.ADL_ITEM, "katz-adl-total", "Katz ADL total score");
    public static final Coding AGE = new Coding(CodeSystems.LOINC, "30525-0", "Age");

    public static final String RISK_METHOD = LaceAssessment.METHOD_SYSTEM;
    public static final Coding LACE = new Coding(RISK_METHOD, LaceAssessment.METHOD_CODE, "LACE index");
    public static final Coding HOSPITAL = new Coding(RISK_METHOD, "hospital-score", "HOSPITAL score");

    private static final List<Observation.ObservationStatus> RESULTS = List.of(
            Observation.ObservationStatus.FINAL,
            Observation.ObservationStatus.AMENDED,
            Observation.ObservationStatus.CORRECTED);

    private Scores() {}

    /** The latest resulted Observation of the code that has an integer value. */
    public static Optional<Observation> latest(List<Observation> observations, Coding code) {
        return observations.stream()
                .filter(o -> RESULTS.contains(o.getStatus()))
                .filter(o -> o.getCode().hasCoding(code.getSystem(), code.getCode()))
                .filter(o -> value(o).isPresent())
                .max(Comparator.comparing(Scores::effective).thenComparing(o -> date(o.getIssued())));
    }

    /** The Observation's value as an integer (valueInteger, or a valueQuantity's whole number). */
    public static OptionalInt value(Observation observation) {
        if (observation.getValue() instanceof IntegerType integer && integer.getValue() != null) {
            return OptionalInt.of(integer.getValue());
        }
        if (observation.getValue() instanceof Quantity quantity && quantity.getValue() != null) {
            return OptionalInt.of(quantity.getValue().intValue());
        }
        return OptionalInt.empty();
    }

    /** The latest final (or amended, corrected) RiskAssessment of the method that states a total. */
    public static Optional<RiskAssessment> latestAssessment(List<RiskAssessment> assessments, Coding method) {
        return assessments.stream()
                .filter(a -> a.getStatus() == RiskAssessment.RiskAssessmentStatus.FINAL
                        || a.getStatus() == RiskAssessment.RiskAssessmentStatus.AMENDED
                        || a.getStatus() == RiskAssessment.RiskAssessmentStatus.CORRECTED)
                .filter(a -> a.getMethod().hasCoding(method.getSystem(), method.getCode()))
                .filter(a -> total(a).isPresent())
                .max(Comparator.comparing(a -> a.hasOccurrenceDateTimeType()
                        ? date(a.getOccurrenceDateTimeType().getValue())
                        : new Date(0)));
    }

    /**
     * A score's total: the {@code total} integer inside the first prediction's extension (LACE's {@code lace-index},
     * HOSPITAL's {@code hospital-score}).
     */
    public static OptionalInt total(RiskAssessment assessment) {
        for (RiskAssessment.RiskAssessmentPredictionComponent prediction : assessment.getPrediction()) {
            for (Extension extension : prediction.getExtension()) {
                Extension total = extension.getExtensionByUrl("total");
                if (total != null && total.getValue() instanceof IntegerType integer && integer.getValue() != null) {
                    return OptionalInt.of(integer.getValue());
                }
            }
        }
        return OptionalInt.empty();
    }

    /** The calendar date as written, in the writer's own offset. */
    public static LocalDate localDate(DateTimeType value) {
        String text = value.getValueAsString();
        if (text.length() <= 10) {
            return LocalDate.parse(text.length() == 4 ? text + "-01-01" : text.length() == 7 ? text + "-01" : text);
        }
        return OffsetDateTime.parse(text).toLocalDate();
    }

    private static Date effective(Observation observation) {
        if (observation.hasEffectiveDateTimeType()) {
            return date(observation.getEffectiveDateTimeType().getValue());
        }
        if (observation.hasEffectivePeriod()) {
            return date(observation.getEffectivePeriod().getStart());
        }
        return date(observation.getIssued());
    }

    private static Date date(Date date) {
        return date == null ? new Date(0) : date;
    }
}
