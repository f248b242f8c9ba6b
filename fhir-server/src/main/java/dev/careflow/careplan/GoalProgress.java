package dev.careflow.careplan;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Range;
import org.hl7.fhir.r4.model.Type;

/**
 * Pure rules of goal progress: whether a value meets a Goal target, and the trend between two values (improving when
 * the newer is nearer the target, worsening when further, no change otherwise).
 */
public final class GoalProgress {

    public enum Trend {
        IMPROVING("improving"),
        WORSENING("worsening"),
        NO_CHANGE("no-change");

        private final String code;

        Trend(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    private GoalProgress() {}

    /** Whether the value meets the target's detail (a target without detail is met by any value). */
    public static boolean meets(Goal.GoalTargetComponent target, Type value) {
        return distance(target, value).map(d -> d.signum() == 0).orElse(false);
    }

    /**
     * How far a value is from the target: 0 when it meets it. Quantities compare numerically (a comparator on the
     * target means the value must lie on that side; none means equal), ranges by distance to the nearer end, codes by
     * whether any coding matches (0 or 1). Empty when the value cannot be compared.
     */
    public static Optional<BigDecimal> distance(Goal.GoalTargetComponent target, Type value) {
        Type detail = target.getDetail();
        if (detail == null || detail.isEmpty()) {
            return Optional.of(BigDecimal.ZERO);
        }
        if (detail instanceof Quantity goal
                && value instanceof Quantity actual
                && goal.hasValue()
                && actual.hasValue()) {
            BigDecimal v = actual.getValue();
            BigDecimal t = goal.getValue();
            Quantity.QuantityComparator comparator = goal.getComparator();
            BigDecimal gap = v.subtract(t);
            if (comparator == null || comparator == Quantity.QuantityComparator.NULL) {
                return Optional.of(gap.abs());
            }
            return Optional.of(
                    switch (comparator) {
                        case LESS_THAN -> gap.signum() < 0 ? BigDecimal.ZERO : gap.add(BigDecimal.valueOf(0.0001));
                        case LESS_OR_EQUAL -> gap.signum() <= 0 ? BigDecimal.ZERO : gap;
                        case GREATER_THAN ->
                            gap.signum() > 0 ? BigDecimal.ZERO : gap.negate().add(BigDecimal.valueOf(0.0001));
                        case GREATER_OR_EQUAL -> gap.signum() >= 0 ? BigDecimal.ZERO : gap.negate();
                        default -> gap.abs();
                    });
        }
        if (detail instanceof Range range && value instanceof Quantity actual && actual.hasValue()) {
            BigDecimal v = actual.getValue();
            if (range.hasLow() && v.compareTo(range.getLow().getValue()) < 0) {
                return Optional.of(range.getLow().getValue().subtract(v));
            }
            if (range.hasHigh() && v.compareTo(range.getHigh().getValue()) > 0) {
                return Optional.of(v.subtract(range.getHigh().getValue()));
            }
            return Optional.of(BigDecimal.ZERO);
        }
        if (detail instanceof CodeableConcept wanted && value instanceof CodeableConcept actual) {
            boolean match = wanted.getCoding().stream().anyMatch(w -> actual.getCoding().stream()
                    .anyMatch(a -> w.getCode().equals(a.getCode())
                            && (!w.hasSystem() || w.getSystem().equals(a.getSystem()))));
            return Optional.of(match ? BigDecimal.ZERO : BigDecimal.ONE);
        }
        return Optional.empty();
    }

    /** The trend from an older to a newer value, against the target. */
    public static Optional<Trend> trend(Goal.GoalTargetComponent target, Type older, Type newer) {
        Optional<BigDecimal> before = distance(target, older);
        Optional<BigDecimal> after = distance(target, newer);
        if (before.isEmpty() || after.isEmpty()) {
            return Optional.empty();
        }
        int change = after.get().compareTo(before.get());
        return Optional.of(change < 0 ? Trend.IMPROVING : change > 0 ? Trend.WORSENING : Trend.NO_CHANGE);
    }

    /** The achievement status the values show: achieved (sustaining if already so), else the trend. */
    public static String achievement(Goal.GoalTargetComponent target, List<Type> newestFirst, String current) {
        if (newestFirst.isEmpty()) {
            return current;
        }
        if (meets(target, newestFirst.get(0))) {
            return "achieved".equals(current) || "sustaining".equals(current) ? "sustaining" : "achieved";
        }
        if (newestFirst.size() < 2) {
            return "in-progress";
        }
        return trend(target, newestFirst.get(1), newestFirst.get(0))
                .map(Trend::code)
                .orElse("in-progress");
    }
}
