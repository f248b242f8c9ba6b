package dev.careflow.programs.billing;

import ca.uhn.fhir.repository.IRepository;
import ca.uhn.fhir.rest.param.DateParam;
import dev.careflow.platform.Query;
import dev.careflow.platform.Stored;
import dev.careflow.vocabulary.CodeSystems;
import dev.careflow.vocabulary.Extensions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.ChargeItem;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;

/** What billing reads: the month's programme episodes with their consents, Tasks, device readings and ChargeItems. */
final class BillingQueries {

    private final IRepository repository;

    BillingQueries(IRepository repository) {
        this.repository = repository;
    }

    /** The patients whose programme episodes in the month name the practitioner as billing practitioner. */
    List<String> patientsBilledBy(String practitioner, BillingMonth month) {
        return episodesIn(month, Query.where("status", Query.token("active"), Query.token("finished"))).stream()
                .filter(e -> biller(e).filter(practitioner::equals).isPresent())
                .map(e -> e.getPatient().getReference())
                .distinct()
                .sorted()
                .toList();
    }

    /** The patient's programme episodes (active or finished) in the month, as billing sees them. */
    List<Enrolment> enrolments(String patient, BillingMonth month) {
        Query query = Query.where("patient", Query.reference(patient))
                .and("status", Query.token("active"), Query.token("finished"));
        List<Enrolment> enrolments = new ArrayList<>();
        for (EpisodeOfCare episode : episodesIn(month, query)) {
            programme(episode).ifPresent(programme -> enrolments.add(enrolment(episode, programme, month)));
        }
        return enrolments;
    }

    private List<EpisodeOfCare> episodesIn(BillingMonth month, Query query) {
        query.and("date", new DateParam("lt" + month.month().plusMonths(1).atDay(1)));
        return Stored.search(repository, EpisodeOfCare.class, query).stream()
                .filter(e -> month.until(e.getPeriod().getEndElement())
                        .map(end -> end.isAfter(month.start()))
                        .orElse(true))
                .toList();
    }

    private Enrolment enrolment(EpisodeOfCare episode, String programme, BillingMonth month) {
        Instant from = latest(month.start(), month.from(episode.getPeriod().getStartElement()));
        Instant until = earliest(month.end(), month.until(episode.getPeriod().getEndElement()));
        Optional<String> refusal = Optional.empty();
        Optional<String> billing = biller(episode);
        if (!"tcm".equals(programme)) {
            Optional<Consent> consent = consent(episode);
            if (consent.isEmpty()) {
                refusal = Optional.of("no active consent recorded for the " + programme + " episode");
            } else if (consent.get().getProvision().hasPeriod()) {
                from = latest(
                        from,
                        month.from(consent.get().getProvision().getPeriod().getStartElement()));
                until = earliest(
                        until,
                        month.until(consent.get().getProvision().getPeriod().getEndElement()));
            }
        }
        if (refusal.isEmpty() && billing.isEmpty()) {
            refusal = Optional.of("the " + programme + " episode names no billing practitioner");
        }
        if (refusal.isEmpty() && !from.isBefore(until)) {
            refusal = Optional.of("the " + programme + " episode's consent does not cover " + month);
        }
        return new Enrolment(episode, programme, billing, from, until, refusal);
    }

    private Optional<Consent> consent(EpisodeOfCare episode) {
        Extension extension = episode.getExtensionByUrl(Extensions.PROGRAMME_CONSENT);
        if (extension == null || !(extension.getValue() instanceof Reference reference)) {
            return Optional.empty();
        }
        return Stored.find(repository, Consent.class, reference.getReference())
                .filter(c -> c.getStatus() == Consent.ConsentState.ACTIVE);
    }

    /**
     * Who bills the episode: its billing practitioner; for a TCM episode (created by {@code transitions}, without one)
     * its care manager when that is a Practitioner.
     */
    static Optional<String> biller(EpisodeOfCare episode) {
        Optional<String> named = billingPractitioner(episode);
        if (named.isPresent() || !programme(episode).filter("tcm"::equals).isPresent()) {
            return named;
        }
        return Optional.ofNullable(episode.getCareManager().getReference())
                .filter(r -> r.startsWith("Practitioner/"))
                .map(r -> new IdType(r).toUnqualifiedVersionless().getValue());
    }

    private static Optional<String> billingPractitioner(EpisodeOfCare episode) {
        Extension extension = episode.getExtensionByUrl(Extensions.BILLING_PRACTITIONER);
        if (extension == null || !(extension.getValue() instanceof Reference reference)) {
            return Optional.empty();
        }
        return Optional.ofNullable(reference.getReference())
                .map(r -> new IdType(r).toUnqualifiedVersionless().getValue());
    }

    static Optional<String> programme(EpisodeOfCare episode) {
        return episode.getType().stream()
                .flatMap(t -> t.getCoding().stream())
                .filter(c -> CodeSystems.CARE_PROGRAMME.equals(c.getSystem()))
                .map(c -> c.getCode())
                .findFirst();
    }

    /** The patient's completed Tasks (their periods are placed in the month by the caller). */
    List<Task> completedTasks(String patient) {
        return Stored.search(
                repository,
                Task.class,
                Query.where("patient", Query.reference(patient)).and("status", Query.token("completed")));
    }

    /** The patient's Observations of the month that name a device. */
    List<Observation> deviceReadings(String patient, BillingMonth month) {
        Query query = Query.where("subject", Query.reference(patient))
                .and("date", new DateParam("ge" + month.firstDay()))
                .and("date", new DateParam("lt" + month.month().plusMonths(1).atDay(1)));
        return Stored.search(repository, Observation.class, query).stream()
                .filter(Observation::hasDevice)
                .filter(o -> o.hasEffectiveDateTimeType()
                        && month.contains(o.getEffectiveDateTimeType().getValue()))
                .toList();
    }

    /** The patient's ChargeItems. */
    List<ChargeItem> chargeItems(String patient) {
        return Stored.search(repository, ChargeItem.class, Query.where("subject", Query.reference(patient)));
    }

    /** The practitioner a Task owner stands for: a Practitioner itself, or a PractitionerRole's practitioner. */
    Optional<String> practitionerOf(String owner) {
        if (owner == null) {
            return Optional.empty();
        }
        if (owner.startsWith("PractitionerRole/")) {
            return Stored.find(repository, PractitionerRole.class, owner)
                    .map(r -> r.getPractitioner().getReference());
        }
        return Optional.of(owner).filter(o -> o.startsWith("Practitioner/"));
    }

    /** The practitioners of an organisation (its PractitionerRoles). */
    List<String> practitionersOf(String organization) {
        List<String> practitioners =
                new ArrayList<>(Stored.search(
                                repository,
                                PractitionerRole.class,
                                Query.where("organization", Query.reference(organization)))
                        .stream()
                        .filter(r -> r.getPractitioner().getReference() != null)
                        .map(r -> new IdType(r.getPractitioner().getReference())
                                .toUnqualifiedVersionless()
                                .getValue())
                        .distinct()
                        .toList());
        Collections.sort(practitioners);
        return practitioners;
    }

    private static Instant latest(Instant a, Optional<Instant> b) {
        return b.filter(x -> x.isAfter(a)).orElse(a);
    }

    private static Instant earliest(Instant a, Optional<Instant> b) {
        return b.filter(x -> x.isBefore(a)).orElse(a);
    }
}
