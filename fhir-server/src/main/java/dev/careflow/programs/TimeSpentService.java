package dev.careflow.programs;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import dev.careflow.platform.CareflowException;
import dev.careflow.platform.StoredResources;
import java.time.Clock;
import java.time.Duration;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Task;
import org.springframework.stereotype.Service;

/**
 * Care management time per calendar month and per practitioner, the input that CCM and PCM billing need: the
 * {@code executionPeriod} of each completed Task of the patient that a practitioner (or practitioner role) did. Time
 * is counted in the month its period starts, in the care team's time zone; a period longer than 12 hours is not
 * counted (it records when work happened, not minutes spent on it).
 */
@Service
public class TimeSpentService {

    static final Duration LONGEST = Duration.ofHours(12);

    /** Minutes and Tasks of one practitioner in one month. */
    public record Tally(long minutes, int tasks) {
        Tally plus(long more) {
            return new Tally(minutes + more, tasks + 1);
        }
    }

    /** Per month (oldest first), per practitioner reference ("" when no practitioner is named). */
    public record TimeSpent(Map<YearMonth, Map<String, Tally>> months) {}

    private final DaoRegistry daos;
    private final Clock clock;

    /** @param clock the care team's clock: months are counted in its zone */
    public TimeSpentService(DaoRegistry daos, Clock clock) {
        this.daos = daos;
        this.clock = clock;
    }

    public TimeSpent timeSpent(IdType patient, Optional<YearMonth> from, Optional<YearMonth> to) {
        if (StoredResources.find(daos, Patient.class, "Patient/" + patient.getIdPart())
                .isEmpty()) {
            throw new CareflowException(
                    CareflowException.Kind.NOT_FOUND, List.of("Patient/" + patient.getIdPart() + " is not known"));
        }
        if (from.isPresent() && to.isPresent() && from.get().isAfter(to.get())) {
            throw new CareflowException(
                    CareflowException.Kind.MALFORMED,
                    List.of("from (" + from.get() + ") is after to (" + to.get() + ")"));
        }
        Map<YearMonth, Map<String, Tally>> months = new TreeMap<>();
        List<Task> done = StoredResources.search(
                daos,
                Task.class,
                SearchParameterMap.newSynchronous()
                        .add("patient", new ReferenceParam("Patient/" + patient.getIdPart()))
                        .add("status", new TokenParam("completed")));
        for (Task task : done) {
            if (!task.getExecutionPeriod().hasStart()
                    || !task.getExecutionPeriod().hasEnd()) {
                continue;
            }
            String owner = task.getOwner().getReference();
            if (owner != null && !owner.startsWith("Practitioner/") && !owner.startsWith("PractitionerRole/")) {
                continue;
            }
            Duration spent = Duration.between(
                    task.getExecutionPeriod().getStart().toInstant(),
                    task.getExecutionPeriod().getEnd().toInstant());
            if (spent.isNegative() || spent.compareTo(LONGEST) > 0) {
                continue;
            }
            YearMonth month = YearMonth.from(
                    task.getExecutionPeriod().getStart().toInstant().atZone(clock.getZone()));
            if (from.map(month::isBefore).orElse(false)
                    || to.map(month::isAfter).orElse(false)) {
                continue;
            }
            String practitioner = owner == null
                    ? ""
                    : new IdType(owner).toUnqualifiedVersionless().getValue();
            months.computeIfAbsent(month, m -> new TreeMap<>())
                    .merge(
                            practitioner,
                            new Tally(0, 0).plus(spent.toMinutes()),
                            (a, b) -> new Tally(a.minutes() + b.minutes(), a.tasks() + b.tasks()));
        }
        return new TimeSpent(months);
    }
}
