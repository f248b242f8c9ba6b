package dev.careflow.programs;

import ca.uhn.fhir.repository.IRepository;
import dev.careflow.platform.CareflowException;
import dev.careflow.platform.Query;
import dev.careflow.platform.Stored;
import dev.careflow.task.OutreachRecords;
import java.time.Clock;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Task;
import org.springframework.stereotype.Service;

/**
 * Care management time per calendar month and per practitioner, the input that CCM and PCM billing need: the completed
 * Tasks of the patient, counted by {@link TimeTally} in the care team's time zone; and the outreach attempts at any of
 * the patient's Tasks ({@link OutreachRecords}), counted per month and Task by {@link AttemptTally}.
 */
@Service
public class TimeSpentService {

    /** Minutes and Tasks of one practitioner in one month. */
    public record Tally(long minutes, int tasks) {}

    /** Outreach attempts at one Task in one month: how many, how many unsuccessful, their minutes when recorded. */
    public record Attempts(int count, int unsuccessful, Optional<Long> minutes) {}

    /**
     * Per month (oldest first), per practitioner reference ("" when no practitioner is named); and per month, per Task
     * ({@code Task/id}), the outreach attempts.
     */
    public record TimeSpent(Map<YearMonth, Map<String, Tally>> months, Map<YearMonth, Map<String, Attempts>> attempts) {

        /** Time only, no attempts. */
        public TimeSpent(Map<YearMonth, Map<String, Tally>> months) {
            this(months, Map.of());
        }
    }

    private final IRepository repository;
    private final Clock clock;

    /** @param clock the care team's clock: months are counted in its zone */
    public TimeSpentService(IRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    public TimeSpent timeSpent(IdType patientId, Optional<YearMonth> from, Optional<YearMonth> to) {
        String patient = "Patient/" + patientId.getIdPart();
        Stored.require(repository, Patient.class, patient);
        if (from.isPresent() && to.isPresent() && from.get().isAfter(to.get())) {
            throw new CareflowException(
                    CareflowException.Kind.MALFORMED,
                    List.of("from (" + from.get() + ") is after to (" + to.get() + ")"));
        }
        List<Task> tasks = Stored.search(repository, Task.class, Query.where("patient", Query.reference(patient)));
        TimeTally tally = new TimeTally(clock.getZone(), from, to);
        tasks.stream()
                .filter(task -> task.getStatus() == Task.TaskStatus.COMPLETED)
                .forEach(tally::add);
        AttemptTally attempts = new AttemptTally(clock.getZone(), from, to);
        OutreachRecords.byTask(
                        repository,
                        tasks.stream()
                                .map(task -> task.getIdElement()
                                        .toUnqualifiedVersionless()
                                        .getValue())
                                .toList())
                .forEach((task, communications) -> communications.forEach(c -> attempts.add(task, c)));
        return new TimeSpent(tally.months(), attempts.months());
    }
}
