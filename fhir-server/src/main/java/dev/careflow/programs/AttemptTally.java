package dev.careflow.programs;

import dev.careflow.task.OutreachRecords;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.hl7.fhir.r4.model.Communication;

/**
 * How outreach attempts are counted in {@code $time-spent} (pure): per calendar month (in the care team's zone) of
 * their {@code sent} time and per Task, the attempts, the unsuccessful ones and, when any attempt recorded its duration
 * ({@link OutreachRecords#duration}), their minutes. An attempt without a {@code sent} time is not counted. The minutes
 * are reported beside the Tasks' minutes, not added to them: a completed Task's period already covers its calls.
 */
final class AttemptTally {

    private final ZoneId zone;
    private final Optional<YearMonth> from;
    private final Optional<YearMonth> to;
    private final Map<YearMonth, Map<String, TimeSpentService.Attempts>> months = new TreeMap<>();

    AttemptTally(ZoneId zone, Optional<YearMonth> from, Optional<YearMonth> to) {
        this.zone = zone;
        this.from = from;
        this.to = to;
    }

    /** Counts an attempt at the Task ({@code Task/id}), when it counts. */
    AttemptTally add(String task, Communication attempt) {
        if (!attempt.hasSent()) {
            return this;
        }
        YearMonth month = YearMonth.from(attempt.getSent().toInstant().atZone(zone));
        if (from.map(month::isBefore).orElse(false) || to.map(month::isAfter).orElse(false)) {
            return this;
        }
        boolean unsuccessful = attempt.getStatus() == Communication.CommunicationStatus.NOTDONE;
        TimeSpentService.Attempts one = new TimeSpentService.Attempts(
                1, unsuccessful ? 1 : 0, OutreachRecords.duration(attempt).map(Duration::toMinutes));
        months.computeIfAbsent(month, m -> new TreeMap<>()).merge(task, one, AttemptTally::sum);
        return this;
    }

    private static TimeSpentService.Attempts sum(TimeSpentService.Attempts a, TimeSpentService.Attempts b) {
        Optional<Long> minutes = a.minutes().isEmpty()
                ? b.minutes()
                : Optional.of(a.minutes().get() + b.minutes().orElse(0L));
        return new TimeSpentService.Attempts(a.count() + b.count(), a.unsuccessful() + b.unsuccessful(), minutes);
    }

    /** Per month (oldest first), per Task ({@code Task/id}). */
    Map<YearMonth, Map<String, TimeSpentService.Attempts>> months() {
        return months;
    }
}
