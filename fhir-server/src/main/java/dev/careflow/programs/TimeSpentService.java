package dev.careflow.programs;

import ca.uhn.fhir.repository.IRepository;
import dev.careflow.platform.CareflowException;
import dev.careflow.platform.Query;
import dev.careflow.platform.Stored;
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
 * Tasks of the patient, counted by {@link TimeTally} in the care team's time zone.
 */
@Service
public class TimeSpentService {

    /** Minutes and Tasks of one practitioner in one month. */
    public record Tally(long minutes, int tasks) {}

    /** Per month (oldest first), per practitioner reference ("" when no practitioner is named). */
    public record TimeSpent(Map<YearMonth, Map<String, Tally>> months) {}

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
        List<Task> done = Stored.search(
                repository,
                Task.class,
                Query.where("patient", Query.reference(patient)).and("status", Query.token("completed")));
        TimeTally tally = new TimeTally(clock.getZone(), from, to);
        done.forEach(tally::add);
        return new TimeSpent(tally.months());
    }
}
