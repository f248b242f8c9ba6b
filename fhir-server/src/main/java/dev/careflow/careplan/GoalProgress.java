package dev.careflow.careplan;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
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
 * Pure rules of goal progress: whether a value meets a Goal target, how far it is from it, the trend between two
 * values (improving when the newer is nearer the target, worsening when further, no change otherwise) and the
 * achievement status a series of values shows.
 *
 * <p>Every {@code Goal.target.detail[x]} type of R4 is understood, against the {@code Observation.value[x]} types that
 * can meet it:
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
 *
 * <p>Achievement follows an {@link AchievementRule}: for most measures the latest value meeting the target is enough;
 * for measures that fluctuate (body weight, blood pressure) the target must hold over a streak of values.
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

    /** One value of the measure and when it was observed (may be null when unknown). */
    public record Reading(Type value, Instant when) {
        public Reading {
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * When a series of values counts as the target achieved: the newest {@code consecutive} values all meet it, and
     * (when {@code minimumSpan} is not zero) the newest and the oldest of the values in that unbroken run of met values
     * lie at least {@code minimumSpan} apart. {@link #LATEST} (1 value, no span) is "the latest value meets it".
     */
    public record AchievementRule(int consecutive, Duration minimumSpan) {
        public static final AchievementRule LATEST = new AchievementRule(1, Duration.ZERO);

        public AchievementRule {
            if (consecutive < 1) {
                throw new IllegalArgumentException("consecutive must be at least 1, not " + consecutive);
            }
            minimumSpan = minimumSpan == null ? Duration.ZERO : minimumSpan;
            if (minimumSpan.isNegative()) {
                throw new IllegalArgumentException("minimumSpan must not be negative");
            }
        }

        /** Whether the readings, newest first, show the target achieved under this rule. */
        public boolean achieved(Goal.GoalTargetComponent target, List<Reading> newestFirst) {
            int streak = 0;
            while (streak < newestFirst.size()
                    && meets(target, newestFirst.get(streak).value())) {
                streak++;
            }
            if (streak < consecutive) {
                return false;
            }
            if (minimumSpan.isZero()) {
                return true;
            }
            Instant newest = newestFirst.get(0).when();
            Instant oldest = newestFirst.get(streak - 1).when();
            return newest != null
                    && oldest != null
                    && Duration.between(oldest, newest).compareTo(minimumSpan) >= 0;
        }
    }

    /** Added to a strict comparator's gap so that a value on the boundary is not at distance 0. */
    private static final BigDecimal EPSILON = new BigDecimal("0.0001");

    private GoalProgress() {}

    /** Whether the value meets the target's detail (a target without detail is met by any value). */
    public static boolean meets(Goal.GoalTargetComponent target, Type value) {
        return distance(target, value).map(d -> d.signum() == 0).orElse(false);
    }

    /**
     * How far a value is from the target: 0 when it meets it. Numbers compare numerically (a comparator on the target
     * means the value must lie on that side; none means equal), ranges by distance to the nearer end, codes, booleans
     * and strings by whether they match (0 or 1). Empty when the value cannot be compared with the target (another
     * type, or units that do not convert).
     */
    public static Optional<BigDecimal> distance(Goal.GoalTargetComponent target, Type value) {
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

    /**
     * The trend over the newest values (newest first): the direction from the oldest to the newest of them, so that a
     * single step back in an improving series does not read as worsening. Empty with fewer than two comparable values.
     */
    public static Optional<Trend> trend(Goal.GoalTargetComponent target, List<Type> newestFirst, int window) {
        List<Type> comparable = newestFirst.stream()
                .filter(v -> distance(target, v).isPresent())
                .limit(Math.max(2, window))
                .toList();
        if (comparable.size() < 2) {
            return Optional.empty();
        }
        Optional<Trend> overall = trend(target, comparable.get(comparable.size() - 1), comparable.get(0));
        if (overall.isPresent() && overall.get() == Trend.NO_CHANGE) {
            // Back where it started: the latest step says which way it is going.
            return trend(target, comparable.get(1), comparable.get(0));
        }
        return overall;
    }

    /** The achievement status the values show under the "latest value" rule, the trend from the latest step. */
    public static String achievement(Goal.GoalTargetComponent target, List<Type> newestFirst, String current) {
        return achievement(
                target,
                newestFirst.stream().map(v -> new Reading(v, null)).toList(),
                current,
                AchievementRule.LATEST,
                2);
    }

    /**
     * The achievement status the readings (newest first) show: {@code achieved} when the rule holds ({@code
     * sustaining} when it was already achieved or sustaining), else the trend across the newest {@code trendWindow}
     * values ({@code in-progress} with a single comparable value, or when the latest meets the target but the rule
     * does not hold yet and nothing changed). Under a sustained rule one value out of range breaks the run: the goal is
     * achieved again only when the rule holds again. No readings keep the current status.
     */
    public static String achievement(
            Goal.GoalTargetComponent target,
            List<Reading> newestFirst,
            String current,
            AchievementRule rule,
            int trendWindow) {
        if (newestFirst.isEmpty()) {
            return current;
        }
        boolean wasAchieved = "achieved".equals(current) || "sustaining".equals(current);
        if (rule.achieved(target, newestFirst)) {
            return wasAchieved ? "sustaining" : "achieved";
        }
        boolean latestMeets = meets(target, newestFirst.get(0).value());
        return trend(target, newestFirst.stream().map(Reading::value).toList(), trendWindow)
                .map(t -> latestMeets && t == Trend.NO_CHANGE ? "in-progress" : t.code())
                .orElse("in-progress");
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
        if (quantity.hasCode() && (!quantity.hasSystem() || Units.UCUM.equals(quantity.getSystem()))) {
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
