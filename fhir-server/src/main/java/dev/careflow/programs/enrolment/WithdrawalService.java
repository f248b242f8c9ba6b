package dev.careflow.programs.enrolment;

import ca.uhn.fhir.repository.IRepository;
import dev.careflow.audit.Provenances;
import dev.careflow.platform.Stored;
import dev.careflow.platform.UnitOfWork;
import dev.careflow.populations.RegistryMembers;
import dev.careflow.vocabulary.Extensions;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

/**
 * {@code $withdraw}: the patient stops a programme. The month already begun is billed, so the episode's period and its
 * Consent's provision end on the last day of the current calendar month ({@link EnrolmentRules#withdrawalEnd}); the
 * episode keeps status {@code active} until then and is finished the day after by {@link EndedEpisodes}, and a
 * Provenance records who withdrew and why. One unit of work; withdrawing again answers the episode unchanged.
 */
@Service
public class WithdrawalService {

    private final IRepository repository;
    private final EnrolmentQueries queries;
    private final Clock clock;

    /** Reads registry memberships from the registry Groups themselves (unit tests, on an in-memory repository). */
    public WithdrawalService(IRepository repository, Clock clock) {
        this(repository, RegistryMembers.fromGroups(repository), clock);
    }

    @Autowired
    public WithdrawalService(IRepository repository, RegistryMembers members, Clock clock) {
        this.repository = repository;
        this.queries = new EnrolmentQueries(repository, members);
        this.clock = clock;
    }

    public EpisodeOfCare withdraw(String patient, String programmeCode, String reason, Optional<String> caller) {
        queries.patient(patient);
        Programme programme = Programme.of(programmeCode)
                .orElseThrow(() -> EnrolmentService.refused(
                        "unknown programme '" + programmeCode + "' (one of " + EnrolmentService.known() + ")"));
        LocalDate today = LocalDate.now(clock);
        List<EpisodeOfCare> episodes = queries.episodes(patient);
        Enrolled running = EnrolmentRules.running(programme, today, queries.enrolled(episodes, clock.getZone()))
                .orElseThrow(() -> EnrolmentService.refused(patient + " is not enrolled in " + programme.code()));
        EpisodeOfCare episode = episodes.stream()
                .filter(e -> running.episode()
                        .equals("EpisodeOfCare/" + e.getIdElement().getIdPart()))
                .findFirst()
                .orElseThrow();
        if (running.end().isPresent()) {
            return episode;
        }
        LocalDate end = EnrolmentRules.withdrawalEnd(today, running.start());
        UnitOfWork work = new UnitOfWork(repository);
        work.update(EnrolmentResources.withdrawn(episode, end));
        Provenances provenance = Provenances.of(
                        Provenances.Activity.UPDATE,
                        "Withdrawn from " + programme.display() + " (ends " + end + "): " + reason,
                        clock)
                .target(running.episode())
                .assembler("Careflow $withdraw");
        consent(episode).ifPresent(consent -> {
            work.update(EnrolmentResources.withdrawn(consent, end));
            provenance.target("Consent/" + consent.getIdElement().getIdPart());
        });
        caller.ifPresent(who -> provenance.author(new Reference(who)));
        work.create(provenance.build());
        work.commit();
        return Stored.require(repository, EpisodeOfCare.class, running.episode());
    }

    private Optional<Consent> consent(EpisodeOfCare episode) {
        Extension extension = episode.getExtensionByUrl(Extensions.PROGRAMME_CONSENT);
        if (extension == null || !(extension.getValue() instanceof Reference reference) || !reference.hasReference()) {
            return Optional.empty();
        }
        return Stored.find(repository, Consent.class, EnrolmentQueries.versionless(reference));
    }
}
