package dev.careflow.programs.enrolment;

import ca.uhn.fhir.repository.IRepository;
import dev.careflow.audit.Provenances;
import dev.careflow.platform.CareflowException;
import dev.careflow.platform.Query;
import dev.careflow.platform.Stored;
import dev.careflow.platform.UnitOfWork;
import dev.careflow.populations.RegistryMembers;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

/**
 * {@code $enrol}: a patient's consent and the programme's EpisodeOfCare, stored together or not at all, refused when
 * consent is missing, the patient is not eligible ({@link Eligibility}) or CMS does not allow the programme beside
 * another of the same billing practitioner ({@link EnrolmentRules}). A replay of an enrolment (same patient, programme,
 * start and billing practitioner) answers the stored episode and stores nothing. The request is checked by {@link
 * EnrolmentChecks}; the resources are built by {@link EnrolmentResources}.
 */
@Service
public class EnrolmentService {

    private final IRepository repository;
    private final EnrolmentQueries queries;
    private final Clock clock;

    /** Reads registry memberships from the registry Groups themselves (unit tests, on an in-memory repository). */
    public EnrolmentService(IRepository repository, Clock clock) {
        this(repository, RegistryMembers.fromGroups(repository), clock);
    }

    @Autowired
    public EnrolmentService(IRepository repository, RegistryMembers members, Clock clock) {
        this.repository = repository;
        this.queries = new EnrolmentQueries(repository, members);
        this.clock = clock;
    }

    /**
     * Enrols the patient, or answers the episode of the same enrolment stored before.
     *
     * @param caller the calling person ({@code fhirUser}), the care manager when the request names none
     */
    public EpisodeOfCare enrol(EnrolmentRequest request, Optional<String> caller) {
        Patient patient = queries.patient(request.patient());
        LocalDate today = LocalDate.now(clock);
        EnrolmentResources.Enrolment enrolment = new EnrolmentChecks(repository, clock).check(request, caller, today);
        PatientFacts facts = queries.facts(patient, today, clock.getZone());
        if (enrolment.programme() == Programme.APCM) {
            facts = facts.withPrimaryCare(enrolment.billingPractitioner());
        }
        Eligibility.Verdict verdict = Eligibility.of(enrolment.programme(), facts);
        if (!verdict.eligible()) {
            throw refused(
                    "not eligible for " + enrolment.programme().code() + ": " + String.join("; ", verdict.reasons()));
        }
        enrolment = withLevel(enrolment, verdict.level());
        List<EpisodeOfCare> episodes = queries.episodes(request.patient());
        List<Enrolled> enrolled = queries.enrolled(episodes, clock.getZone());
        Optional<Enrolled> running = EnrolmentRules.running(enrolment.programme(), enrolment.start(), enrolled);
        if (running.isPresent()) {
            return replay(enrolment, running.get(), episodes);
        }
        List<String> conflicts = EnrolmentRules.conflicts(
                enrolment.programme(), enrolment.billingPractitioner(), enrolment.start(), enrolled);
        if (!conflicts.isEmpty()) {
            throw new CareflowException(CareflowException.Kind.UNPROCESSABLE, conflicts);
        }
        return store(enrolment, caller);
    }

    private EpisodeOfCare store(EnrolmentResources.Enrolment enrolment, Optional<String> caller) {
        UnitOfWork work = new UnitOfWork(repository);
        Query same = Query.where(
                "identifier",
                Query.token(EnrolmentResources.ENROLMENT, enrolment.identifier().getValue()));
        Reference consent = work.createIfNoneExist(EnrolmentResources.consent(enrolment), same);
        Reference episode = work.createIfNoneExist(EnrolmentResources.episode(enrolment, consent), same);
        Provenances provenance = Provenances.of(
                        Provenances.Activity.CREATE,
                        "Enrolled in " + enrolment.programme().display(),
                        clock)
                .target(consent)
                .target(episode)
                .assembler("Careflow $enrol");
        caller.ifPresent(who -> provenance.author(new Reference(who)));
        work.create(provenance.build());
        UnitOfWork.Committed committed = work.commit();
        String id = committed.idOf(episode).toUnqualifiedVersionless().getValue();
        return Stored.require(repository, EpisodeOfCare.class, id);
    }

    private EpisodeOfCare replay(
            EnrolmentResources.Enrolment enrolment, Enrolled running, List<EpisodeOfCare> episodes) {
        EpisodeOfCare stored = episodes.stream()
                .filter(e -> running.episode()
                        .equals("EpisodeOfCare/" + e.getIdElement().getIdPart()))
                .findFirst()
                .orElseThrow();
        boolean same = stored.getIdentifier().stream()
                        .anyMatch(i -> EnrolmentResources.ENROLMENT.equals(i.getSystem())
                                && enrolment.identifier().getValue().equals(i.getValue()))
                && running.billingPractitioner().equals(Optional.of(enrolment.billingPractitioner()));
        if (same) {
            return stored;
        }
        throw new CareflowException(
                CareflowException.Kind.CONFLICT,
                List.of(enrolment.patient() + " is already enrolled in "
                        + enrolment.programme().code() + " ("
                        + running.episode() + " from " + running.start()
                        + running.end().map(end -> " to " + end).orElse("")
                        + "); withdraw first or wait for its end"));
    }

    private static EnrolmentResources.Enrolment withLevel(EnrolmentResources.Enrolment e, Optional<ApcmLevel> level) {
        return new EnrolmentResources.Enrolment(
                e.patient(),
                e.programme(),
                e.written(),
                e.consentDate(),
                e.consentGivenBy(),
                e.billingPractitioner(),
                e.careManager(),
                e.start(),
                e.document(),
                level);
    }

    static CareflowException refused(String reason) {
        return new CareflowException(CareflowException.Kind.UNPROCESSABLE, List.of(reason));
    }

    static String known() {
        return String.join(
                ", ", Arrays.stream(Programme.values()).map(Programme::code).toList());
    }
}
