package dev.careflow.careplan;

import dev.careflow.vocabulary.CodeSystems;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Optional;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Range;
import org.hl7.fhir.r4.model.Ratio;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;

/**
 * The arithmetic of a Goal target: how far an {@code Observation.value[x]} is from a {@code Goal.target.detail[x]},
 * for every detail type of R4 (pure, no storage).
 *
 * <ul>
 *   <li>{@code Quantity} (with or without a comparator) and {@code Range}: against a Quantity, an integer or a
 *       decimal. A PHQ-9 total stored as {@code valueInteger 3} meets {@code < 5 {score}}. Quantities in different
 *       UCUM units are converted to the target's unit ({@link Units}: 180 [lb_av] meets {@code <= 85 kg}); units that
 *       cannot be converted (mg/dL against mmol/L) make the value incomparable, never silently compared.
 *   <li>{@code integer}: the value equals it (an integer or a unit-less Quantity).
 *   <li>{@code Ratio}: the value's numerator/denominator against the target's; a comparator on the target's numerator
 *       (FHIR's way to say {@code < 1:32}) applies to the quotient.
 *   <li>{@code CodeableConcept}: any coding of the value matches a coding of the target (system when given, code).
 *   <li>{@code boolean} and {@code string}: equal (strings ignoring case and surrounding space).
 * </ul>
 */
final class TargetDistance {

    /** Added to a strict comparator's gap so that a value on the boundary is not at distance 0. */
    private static final BigDecimal EPSILON = new BigDecimal("0.0001");

    private TargetDistance() {}

    /** Whether the value meets the target's detail (a target without detail is met by any value). */
    static boolean meets(Goal.GoalTargetComponent target, Type value) {
        return distance(target, value).map(d -> d.signum() == 0).orElse(false);
    }

    /**
     * How far a value is from the target: 0 when it meets it. Numbers compare numerically (a comparator on the target
     * means the value must lie on that side; none means equal), ranges by distance to the nearer end, codes, booleans
     * and strings by whether they match (0 or 1). Empty when the value cannot be compared with the target (another
     * type, or units that do not convert).
     */
    static Optional<BigDecimal> distance(Goal.GoalTargetComponent target, Type value) {
        Type detail = target.getDetail();
        if (detail == null || detail.isEmpty()) {
            return Optional.of(BigDecimal.ZERO);
        }
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        if (detail instanceof Quantity goal) {
            if (!goal.hasValue()) {
                return Optional.empty();
            }
            return number(value, unitOf(goal)).map(v -> gap(v, goal.getValue(), goal.getComparator()));
        }
        if (detail instanceof Range range) {
            return distanceToRange(range, value);
        }
        if (detail instanceof IntegerType wanted) {
            if (!wanted.hasValue()) {
                return Optional.empty();
            }
            return number(value, Optional.empty())
                    .map(v -> v.subtract(BigDecimal.valueOf(wanted.getValue())).abs());
        }
        if (detail instanceof Ratio wanted) {
            return quotient(wanted).flatMap(t -> {
                if (!(value instanceof Ratio actual)) {
                    return Optional.empty();
                }
                return quotient(actual).map(v -> gap(v, t, wanted.getNumerator().getComparator()));
            });
        }
        if (detail instanceof CodeableConcept wanted) {
            if (!(value instanceof CodeableConcept actual)) {
                return Optional.empty();
            }
            boolean match = wanted.getCoding().stream()
                    .anyMatch(w -> actual.getCoding().stream().anyMatch(a -> sameCode(w, a)));
            return Optional.of(match ? BigDecimal.ZERO : BigDecimal.ONE);
        }
        if (detail instanceof BooleanType wanted) {
            if (!(value instanceof BooleanType actual) || !wanted.hasValue() || !actual.hasValue()) {
                return Optional.empty();
            }
            return Optional.of(wanted.getValue().equals(actual.getValue()) ? BigDecimal.ZERO : BigDecimal.ONE);
        }
        if (detail instanceof StringType wanted) {
            if (!(value instanceof StringType actual) || !wanted.hasValue() || !actual.hasValue()) {
                return Optional.empty();
            }
            return Optional.of(
                    wanted.getValue().strip().equalsIgnoreCase(actual.getValue().strip())
                            ? BigDecimal.ZERO
                            : BigDecimal.ONE);
        }
        return Optional.empty();
    }

    private static Optional<BigDecimal> distanceToRange(Range range, Type value) {
        if (!range.hasLow() && !range.hasHigh()) {
            return Optional.empty();
        }
        Optional<String> unit = range.hasLow() ? unitOf(range.getLow()) : unitOf(range.getHigh());
        Optional<BigDecimal> number = number(value, unit);
        if (number.isEmpty()) {
            return Optional.empty();
        }
        BigDecimal v = number.get();
        if (range.hasLow()
                && range.getLow().hasValue()
                && v.compareTo(range.getLow().getValue()) < 0) {
            return Optional.of(range.getLow().getValue().subtract(v));
        }
        if (range.hasHigh()
                && range.getHigh().hasValue()
                && v.compareTo(range.getHigh().getValue()) > 0) {
            return Optional.of(v.subtract(range.getHigh().getValue()));
        }
        return Optional.of(BigDecimal.ZERO);
    }

    private static BigDecimal gap(BigDecimal value, BigDecimal target, Quantity.QuantityComparator comparator) {
        BigDecimal gap = value.subtract(target);
        if (comparator == null || comparator == Quantity.QuantityComparator.NULL) {
            return gap.abs();
        }
        return switch (comparator) {
            case LESS_THAN -> gap.signum() < 0 ? BigDecimal.ZERO : gap.add(EPSILON);
            case LESS_OR_EQUAL -> gap.signum() <= 0 ? BigDecimal.ZERO : gap;
            case GREATER_THAN ->
                gap.signum() > 0 ? BigDecimal.ZERO : gap.negate().add(EPSILON);
            case GREATER_OR_EQUAL -> gap.signum() >= 0 ? BigDecimal.ZERO : gap.negate();
            default -> gap.abs();
        };
    }

    /**
     * The value as a number in the wanted unit: integers and decimals as they are (a score has no unit), Quantities
     * converted when both units are UCUM codes that differ. Empty when the value is not numeric or its unit does not
     * convert.
     */
    private static Optional<BigDecimal> number(Type value, Optional<String> wantedUnit) {
        if (value instanceof IntegerType integer && integer.hasValue()) {
            return Optional.of(BigDecimal.valueOf(integer.getValue()));
        }
        if (value instanceof DecimalType decimal && decimal.hasValue()) {
            return Optional.of(decimal.getValue());
        }
        if (value instanceof Quantity quantity && quantity.hasValue()) {
            Optional<String> unit = unitOf(quantity);
            if (wantedUnit.isEmpty() || unit.isEmpty() || unit.get().equals(wantedUnit.get())) {
                return Optional.of(quantity.getValue());
            }
            return Units.convert(quantity.getValue(), unit.get(), wantedUnit.get());
        }
        return Optional.empty();
    }

    /** A Quantity's UCUM code (or, without a system, its code or unit text); empty for none. */
    private static Optional<String> unitOf(Quantity quantity) {
        if (quantity.hasCode() && (!quantity.hasSystem() || CodeSystems.UCUM.equals(quantity.getSystem()))) {
            return Optional.of(quantity.getCode());
        }
        if (!quantity.hasCode() && !quantity.hasSystem() && quantity.hasUnit()) {
            return Optional.of(quantity.getUnit());
        }
        return Optional.empty();
    }

    private static Optional<BigDecimal> quotient(Ratio ratio) {
        if (!ratio.hasNumerator() || !ratio.getNumerator().hasValue()) {
            return Optional.empty();
        }
        BigDecimal denominator =
                ratio.hasDenominator() && ratio.getDenominator().hasValue()
                        ? ratio.getDenominator().getValue()
                        : BigDecimal.ONE;
        if (denominator.signum() == 0) {
            return Optional.empty();
        }
        return Optional.of(ratio.getNumerator().getValue().divide(denominator, MathContext.DECIMAL64));
    }

    private static boolean sameCode(Coding wanted, Coding actual) {
        return wanted.hasCode()
                && wanted.getCode().equals(actual.getCode())
                && (!wanted.hasSystem() || wanted.getSystem().equals(actual.getSystem()));
    }
}
