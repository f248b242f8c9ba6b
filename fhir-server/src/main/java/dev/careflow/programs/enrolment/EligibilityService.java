package dev.careflow.programs.enrolment;

import ca.uhn.fhir.repository.IRepository;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import org.hl7.fhir.r4.model.Patient;
import org.springframework.stereotype.Service;

/**
 * {@code $eligibility}: every programme with whether the patient qualifies and why, from the registries they are in,
 * their primary care and their Coverage ({@link EnrolmentQueries}), by the rules of {@link Eligibility}.
 */
@Service
public class EligibilityService {

    private final EnrolmentQueries queries;
    private final Clock clock;

    public EligibilityService(IRepository repository, Clock clock) {
        this.queries = new EnrolmentQueries(repository);
        this.clock = clock;
    }

    /** @param patient {@code Patient/id} */
    public List<Eligibility.Verdict> eligibility(String patient) {
        Patient stored = queries.patient(patient);
        return Eligibility.of(queries.facts(stored, LocalDate.now(clock), clock.getZone()));
    }
}
