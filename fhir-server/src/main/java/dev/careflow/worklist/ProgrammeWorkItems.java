package dev.careflow.worklist;

import ca.uhn.fhir.repository.IRepository;
import ca.uhn.fhir.rest.param.TokenParam;
import dev.careflow.platform.Query;
import dev.careflow.platform.Stored;
import dev.careflow.programs.enrolment.EligibilityService;
import dev.careflow.programs.enrolment.Programme;
import dev.careflow.vocabulary.Extensions;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;

/**
 * The worklist's programme items for a caseload: "eligible, not enrolled" (a patient who qualifies for CCM, PCM, BHI
 * or APCM and runs no episode of CCM, complex CCM, PCM, BHI or APCM) and "consent missing" (a running programme episode
 * other than TCM whose {@code programme-consent} does not point at an active Consent whose provision still runs).
 */
final class ProgrammeWorkItems {

    /** The programmes a care manager offers a caseload patient who qualifies. */
    static final Set<Programme> OFFERED = EnumSet.of(Programme.CCM, Programme.PCM, Programme.BHI, Programme.APCM);

    /** The programmes whose episode means the patient is enrolled in care management. */
    static final Set<Programme> ENROLLED =
            EnumSet.of(Programme.CCM, Programme.COMPLEX_CCM, Programme.PCM, Programme.BHI, Programme.APCM);

    private final IRepository repository;
    private final EligibilityService eligibility;
    private final Clock clock;

    ProgrammeWorkItems(IRepository repository, EligibilityService eligibility, Clock clock) {
        this.repository = repository;
        this.eligibility = eligibility;
        this.clock = clock;
    }

    List<WorklistService.Item> items(Set<String> caseload) {
        LocalDate today = LocalDate.now(clock);
        List<WorklistService.Item> items = new ArrayList<>();
        List<EpisodeOfCare> running = new ArrayList<>();
        eligibility.standings(caseload).forEach((patient, standing) -> {
            List<EpisodeOfCare> episodes = standing.running(today, clock.getZone());
            running.addAll(episodes);
            boolean enrolled = episodes.stream()
                    .flatMap(e -> e.getType().stream())
                    .map(Programme::of)
                    .flatMap(Optional::stream)
                    .anyMatch(ENROLLED::contains);
            if (!enrolled && OFFERED.stream().anyMatch(standing::eligible)) {
                items.add(new WorklistService.Item(
                        WorkCategory.ELIGIBLE_NOT_ENROLLED, unread(patient), patient, Optional.empty(), 3));
            }
        });
        Set<String> consented = activeConsents(running, today);
        running.stream()
                .filter(ProgrammeWorkItems::needsConsent)
                .filter(e -> consent(e).map(c -> !consented.contains(c)).orElse(true))
                .forEach(e -> items.add(new WorklistService.Item(
                        WorkCategory.CONSENT_MISSING,
                        e,
                        WorklistQueries.versionless(e.getPatient().getReference()),
                        Optional.empty(),
                        2)));
        return items;
    }

    /** The Consents (by {@code Consent/id}) of the episodes that are active and whose provision has not ended. */
    private Set<String> activeConsents(List<EpisodeOfCare> episodes, LocalDate today) {
        List<TokenParam> ids = episodes.stream()
                .map(ProgrammeWorkItems::consent)
                .flatMap(Optional::stream)
                .map(c -> Query.token(c.substring(c.indexOf('/') + 1)))
                .distinct()
                .toList();
        if (ids.isEmpty()) {
            return Set.of();
        }
        return Stored.search(repository, Consent.class, Query.all().and("_id", ids)).stream()
                .filter(c -> c.getStatus() == Consent.ConsentState.ACTIVE)
                .filter(c -> EligibilityService.Standing.runsOn(c.getProvision().getPeriod(), today, clock.getZone()))
                .map(WorklistQueries::key)
                .collect(Collectors.toSet());
    }

    /** The patient by its id only: the worklist reads the Patients of the page it returns, not of every item. */
    private static Patient unread(String patient) {
        Patient unread = new Patient();
        unread.setId(patient);
        return unread;
    }

    /** Every programme but TCM, which CMS bills after a discharge without an enrolment consent. */
    private static boolean needsConsent(EpisodeOfCare episode) {
        return episode.getType().stream()
                .map(Programme::of)
                .flatMap(Optional::stream)
                .anyMatch(p -> p != Programme.TCM);
    }

    private static Optional<String> consent(EpisodeOfCare episode) {
        Extension extension = episode.getExtensionByUrl(Extensions.PROGRAMME_CONSENT);
        return extension != null && extension.getValue() instanceof Reference reference && reference.hasReference()
                ? Optional.of(WorklistQueries.versionless(reference.getReference()))
                : Optional.empty();
    }
}
