package dev.careflow.programs;

import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Task;

/**
 * How care management time is counted (pure): the {@code executionPeriod} of a completed Task, in the calendar month
 * (in the care team's zone) its period starts, for the practitioner (or practitioner role) who owns it. A Task owned
 * by anyone else, without a whole period, or with a period longer than {@link #LONGEST} (it records when work happened,
 * not minutes spent on it) is not counted.
 */
public final class TimeTally {

    static final Duration LONGEST = Duration.ofHours(12);

    private final ZoneId zone;
    private final Optional<YearMonth> from;
    private final Optional<YearMonth> to;
    private final Map<YearMonth, Map<String, TimeSpentService.Tally>> months = new TreeMap<>();

    TimeTally(ZoneId zone, Optional<YearMonth> from, Optional<YearMonth> to) {
        this.zone = zone;
        this.from = from;
        this.to = to;
    }

    /** Counts the Task's time, when it counts. */
    TimeTally add(Task task) {
        Optional<Duration> counted = spent(task);
        if (counted.isEmpty()) {
            return this;
        }
        String owner = task.getOwner().getReference();
        if (owner != null && !owner.startsWith("Practitioner/") && !owner.startsWith("PractitionerRole/")) {
            return this;
        }
        Duration spent = counted.get();
        YearMonth month =
                YearMonth.from(task.getExecutionPeriod().getStart().toInstant().atZone(zone));
        if (from.map(month::isBefore).orElse(false) || to.map(month::isAfter).orElse(false)) {
            return this;
        }
        String practitioner = owner == null
                ? ""
                : new IdType(owner).toUnqualifiedVersionless().getValue();
        months.computeIfAbsent(month, m -> new TreeMap<>())
                .merge(
                        practitioner,
                        new TimeSpentService.Tally(spent.toMinutes(), 1),
                        (a, b) -> new TimeSpentService.Tally(a.minutes() + b.minutes(), a.tasks() + b.tasks()));
        return this;
    }

    /**
     * The time a Task's {@code executionPeriod} records, when it counts as time spent: a whole period, not negative,
     * not longer than {@link #LONGEST}. (Whose time it is and whether the Task is completed are for the caller.)
     */
    public static Optional<Duration> spent(Task task) {
        if (!task.getExecutionPeriod().hasStart() || !task.getExecutionPeriod().hasEnd()) {
            return Optional.empty();
        }
        Duration spent = Duration.between(
                task.getExecutionPeriod().getStart().toInstant(),
                task.getExecutionPeriod().getEnd().toInstant());
        return spent.isNegative() || spent.compareTo(LONGEST) > 0 ? Optional.empty() : Optional.of(spent);
    }

    /** Per month (oldest first), per practitioner reference ("" when no practitioner is named). */
    Map<YearMonth, Map<String, TimeSpentService.Tally>> months() {
        return months;
    }
}
