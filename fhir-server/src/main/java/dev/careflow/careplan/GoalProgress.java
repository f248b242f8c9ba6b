package dev.careflow.careplan;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.Type;

/**
 * Pure rules of goal progress: the trend between values (improving when the newer is nearer the target, worsening when
 * further, no change otherwise) and the achievement status a series of values shows. How far one value is from a
 * target, for every target type, is {@link TargetDistance}'s arithmetic.
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

    private GoalProgress() {}

    /** Whether the value meets the target's detail (a target without detail is met by any value). */
    public static boolean meets(Goal.GoalTargetComponent target, Type value) {
        return TargetDistance.meets(target, value);
    }

    /** How far a value is from the target: 0 when it meets it, empty when not comparable ({@link TargetDistance}). */
    public static Optional<BigDecimal> distance(Goal.GoalTargetComponent target, Type value) {
        return TargetDistance.distance(target, value);
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
}
