package dev.careflow.transitions;

import ca.uhn.fhir.repository.IRepository;
import dev.careflow.platform.CareflowException;
import dev.careflow.platform.Query;
import dev.careflow.platform.Stored;
import dev.careflow.platform.UnitOfWork;
import dev.careflow.transitions.internal.Matches;
import dev.careflow.transitions.internal.Receipts;
import dev.careflow.transitions.internal.StoringTransaction;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coverage;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores one checked notification through the repository, inside the caller's database transaction: recognises a
 * replay (a receipt with its key) and an event older than the stored state of its Encounter (both store nothing), then
 * stores what the message carries (matched against what the server holds), and in one more transaction Bundle the care
 * it starts, its receipt and the Provenance. A refusal anywhere rolls the caller's transaction back.
 */
final class NotificationStore {

    private static final Logger log = LoggerFactory.getLogger(NotificationStore.class);

    private final IRepository repository;
    private final TransitionalCareService transitionalCare;
    private final Clock clock;

    NotificationStore(IRepository repository, TransitionalCareService transitionalCare, Clock clock) {
        this.repository = repository;
        this.transitionalCare = transitionalCare;
        this.clock = clock;
    }

    NotificationOutcome store(ReceivedNotification notification) {
        if (Stored.first(repository, MessageHeader.class, Receipts.byKey(notification.key()))
                .isPresent()) {
            log.info("Notification {} was processed before: nothing stored again", notification.key());
            return new NotificationOutcome(notification, true, false, null, null, List.of());
        }
        Known known = new Known();
        Optional<String> storedEncounter = known.byIdentifier(entry(notification, notification.encounterUrl()));
        Optional<Instant> latest = storedEncounter.flatMap(this::latestEventTime);
        if (latest.isPresent()
                && notification.eventTime() != null
                && notification.eventTime().isBefore(latest.get())) {
            log.info(
                    "Notification {} ({}) is older than what {} holds ({}): superseded, nothing stored",
                    notification.key(),
                    notification.eventTime(),
                    storedEncounter.get(),
                    latest.get());
            return new NotificationOutcome(
                    notification, false, true, null, new IdType(storedEncounter.get()), List.of());
        }
        Map<String, IdType> stored = storeCarried(notification, known);
        IdType patient = stored.get(notification.patientUrl());
        IdType encounter = stored.get(notification.encounterUrl());
        if (patient == null || encounter == null) {
            throw new NotificationRejectedException(
                    CareflowException.Kind.UNPROCESSABLE,
                    "The message carries its Patient or Encounter twice under different fullUrls");
        }
        List<IdType> started = storeFollowUp(notification, stored, patient, encounter);
        log.info(
                "Notification {} ({}) stored {} resources for {} / {}; started {}",
                notification.key(),
                notification.event(),
                stored.size(),
                patient.getValue(),
                encounter.getValue(),
                started);
        return new NotificationOutcome(notification, false, false, patient, encounter, started);
    }

    /** What the message carries, as one transaction Bundle: the stored id of each entry, by its fullUrl. */
    private Map<String, IdType> storeCarried(ReceivedNotification notification, Known known) {
        Bundle carried = StoringTransaction.build(notification, known);
        Bundle response = repository.transaction(carried);
        Map<String, IdType> stored = new HashMap<>();
        for (int i = 0; i < carried.getEntry().size(); i++) {
            String location = response.getEntry().get(i).getResponse().getLocation();
            stored.put(carried.getEntry().get(i).getFullUrl(), new IdType(location).toUnqualifiedVersionless());
        }
        return stored;
    }

    /** The care the notification starts, its receipt and the Provenance, as one unit of work. */
    private List<IdType> storeFollowUp(
            ReceivedNotification notification, Map<String, IdType> stored, IdType patient, IdType encounter) {
        UnitOfWork work = new UnitOfWork(repository);
        List<Reference> care = transitionalCare.onNotification(notification, patient, encounter, work);
        Reference receipt = Receipts.receipt(notification, stored, work);
        work.create(Receipts.provenance(notification, stored, care, receipt, clock));
        UnitOfWork.Committed done = work.commit();
        return care.stream()
                .map(reference -> done.idOf(reference).toUnqualifiedVersionless())
                .toList();
    }

    private static Resource entry(ReceivedNotification notification, String fullUrl) {
        return notification.message().getEntry().stream()
                .filter(e -> fullUrl.equals(e.getFullUrl())
                        || (e.getResource() != null
                                && fullUrl.equals(e.getResource().fhirType() + "/"
                                        + e.getResource().getIdElement().getIdPart())))
                .map(Bundle.BundleEntryComponent::getResource)
                .findFirst()
                .orElseThrow(() -> new NotificationRejectedException(
                        CareflowException.Kind.UNPROCESSABLE, "No entry of the message is " + fullUrl));
    }

    /** The newest event time among the notifications processed for a stored Encounter. */
    private Optional<Instant> latestEventTime(String encounter) {
        return Stored.search(repository, MessageHeader.class, Query.where("focus", Query.reference(encounter))).stream()
                .map(Receipts::eventTime)
                .flatMap(Optional::stream)
                .max(Comparator.naturalOrder());
    }

    /** What the server holds, read inside the notification's database transaction. */
    private final class Known implements StoringTransaction.KnownResources {
        @Override
        public Optional<String> byIdentifier(Resource resource) {
            var identifiers = Matches.matchingIdentifiers(resource);
            if (identifiers.isEmpty()) {
                return Optional.empty();
            }
            Query query = Query.all()
                    .and(
                            "identifier",
                            identifiers.stream()
                                    .map(i -> Query.token(i.getSystem(), i.getValue()))
                                    .toList());
            List<? extends Resource> found = Stored.search(repository, resource.getClass(), query);
            return found.size() == 1
                    ? Optional.of(found.get(0)
                            .getIdElement()
                            .toUnqualifiedVersionless()
                            .getValue())
                    : Optional.empty();
        }

        @Override
        public Resource read(String id) {
            IdType stored = new IdType(id);
            Class<? extends Resource> type = repository
                    .fhirContext()
                    .getResourceDefinition(stored.getResourceType())
                    .getImplementingClass()
                    .asSubclass(Resource.class);
            return Stored.require(repository, type, id);
        }

        @Override
        public Set<String> coverageSubscriberIds(String patient) {
            return Stored.search(repository, Coverage.class, Query.where("beneficiary", Query.reference(patient)))
                    .stream()
                    .map(Coverage::getSubscriberId)
                    .filter(Objects::nonNull)
                    .collect(Collectors.toSet());
        }
    }
}
