package dev.careflow.programs.enrolment;

import ca.uhn.fhir.repository.IRepository;
import dev.careflow.platform.Query;
import dev.careflow.platform.ReferenceIndex;
import dev.careflow.populations.RegistryMembers;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

/**
 * {@code $eligibility}: every programme with whether the patient qualifies and why, from the registries they are in,
 * their primary care and their Coverage ({@link EnrolmentQueries}), by the rules of {@link Eligibility}.
 */
@Service
public class EligibilityService {

    private final EnrolmentQueries queries;
    private final Clock clock;

    /** Reads registry memberships from the registry Groups themselves (unit tests, on an in-memory repository). */
    public EligibilityService(IRepository repository, Clock clock) {
        this(repository, RegistryMembers.fromGroups(repository), ReferenceIndex.fromResources(repository), clock);
    }

    /**
     * @param members who is in which registry
     * @param references where many Patients' general practitioners are read, for {@link #standings}
     */
    @Autowired
    public EligibilityService(IRepository repository, RegistryMembers members, ReferenceIndex references, Clock clock) {
        this.queries = new EnrolmentQueries(repository, members, references);
        this.clock = clock;
    }

    /**
     * A patient's programmes: what they qualify for and their programme episodes (not entered in error).
     *
     * @param patient {@code Patient/id}
     */
    public record Standing(String patient, List<Eligibility.Verdict> verdicts, List<EpisodeOfCare> episodes) {

        /** The episodes with status active that have not ended before the day (a withdrawn one runs to its end). */
        public List<EpisodeOfCare> running(LocalDate day, ZoneId zone) {
            return episodes.stream()
                    .filter(e -> e.getStatus() == EpisodeOfCare.EpisodeOfCareStatus.ACTIVE)
                    .filter(e -> runsOn(e.getPeriod(), day, zone))
                    .toList();
        }

        /** Whether a period (an episode's, a Consent provision's) has not ended before the day, in the zone. */
        public static boolean runsOn(Period period, LocalDate day, ZoneId zone) {
            return !period.hasEnd()
                    || !EnrolmentQueries.day(period.getEndElement(), zone).isBefore(day);
        }

        /** Whether the patient qualifies for the programme. */
        public boolean eligible(Programme programme) {
            return verdicts.stream().anyMatch(v -> v.programme() == programme && v.eligible());
        }
    }

    /**
     * The standing of each patient (by {@code Patient/id}; unknown ones are left out), in a fixed number of searches:
     * for the worklist's "eligible, not enrolled" and "consent missing".
     */
    public Map<String, Standing> standings(Collection<String> patients) {
        if (patients.isEmpty()) {
            return Map.of();
        }
        Map<String, PatientFacts> facts =
                queries.facts(queries.primaryCare(patients), LocalDate.now(clock), clock.getZone());
        Map<String, List<EpisodeOfCare>> episodes = new HashMap<>();
        queries.episodesOf(patients.stream().map(Query::reference).toList()).forEach(e -> episodes.computeIfAbsent(
                        EnrolmentQueries.versionless(e.getPatient()), p -> new ArrayList<>())
                .add(e));
        Map<String, Standing> standings = new LinkedHashMap<>();
        facts.forEach((id, patientFacts) -> standings.put(
                id, new Standing(id, Eligibility.of(patientFacts), episodes.getOrDefault(id, List.of()))));
        return standings;
    }

    /** @param patient {@code Patient/id} */
    public List<Eligibility.Verdict> eligibility(String patient) {
        Patient stored = queries.patient(patient);
        return Eligibility.of(queries.facts(stored, LocalDate.now(clock), clock.getZone()));
    }
}
