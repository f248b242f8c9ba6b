package dev.careflow.transitions;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.dao.tx.IHapiTransactionService;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.IInstanceValidatorModule;
import dev.careflow.platform.CareflowException;
import dev.careflow.transitions.internal.NotificationChecker;
import dev.careflow.transitions.internal.StoringTransaction;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.sql.PreparedStatement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.hibernate.Session;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coverage;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r5.utils.validation.constants.ReferenceValidationPolicy;
import org.hl7.fhir.validation.instance.advisor.BasePolicyAdvisorForFullValidation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.orm.jpa.EntityManagerFactoryUtils;
import org.springframework.stereotype.Service;

/**
 * The one pipeline every discharge notification goes through, whether it came as a FHIR message
 * ({@code $process-message}) or as HL7 v2 ADT (mapped to the same message shape): check it, recognise a replay, store
 * what it carries matching what the server already knows, and start the care it calls for.
 */
@Service
public class NotificationService {

    private static final Logger log = LoggerFactory.getLogger(NotificationService.class);

    private final NotificationChecker checker;
    private final IFhirSystemDao<Bundle, Meta> systemDao;
    private final DaoRegistry daos;
    private final TransitionalCareService transitionalCare;
    private final IHapiTransactionService transactions;
    private final EntityManagerFactory entityManagerFactory;

    public NotificationService(
            FhirContext fhirContext,
            IInstanceValidatorModule instanceValidator,
            IFhirSystemDao<Bundle, Meta> systemDao,
            DaoRegistry daos,
            TransitionalCareService transitionalCare,
            IHapiTransactionService transactions,
            EntityManagerFactory entityManagerFactory) {
        FhirValidator validator =
                fhirContext.newValidator().registerValidatorModule(withoutReferenceChecks(instanceValidator));
        this.checker = new NotificationChecker(fhirContext, validator, this::exists);
        this.systemDao = systemDao;
        this.daos = daos;
        this.transitionalCare = transitionalCare;
        this.transactions = transactions;
        this.entityManagerFactory = entityManagerFactory;
    }

    /**
     * The server's validator, except that it does not follow references: the checker resolves them itself, and the core
     * validator would otherwise validate each referenced entry of the message again for every reference to it.
     */
    private static IInstanceValidatorModule withoutReferenceChecks(IInstanceValidatorModule instanceValidator) {
        if (!(instanceValidator instanceof FhirInstanceValidator server)) {
            return instanceValidator;
        }
        FhirInstanceValidator validator = new FhirInstanceValidator(server.getValidationSupport());
        validator.setAnyExtensionsAllowed(server.isAnyExtensionsAllowed());
        validator.setValidatorPolicyAdvisor(
                new BasePolicyAdvisorForFullValidation(ReferenceValidationPolicy.IGNORE, Set.of()));
        return validator;
    }

    /** Concurrent messages about the same hospital race to create its Organization: the loser tries again. */
    static final int ATTEMPTS = 4;

    /** The first key of the per-encounter advisory locks: "CFEN", so they never meet another feature's locks. */
    static final int LOCK_NAMESPACE = 0x4346454e;

    /**
     * One notification at a time in this process: concurrent message transactions that carry the same profiles meet
     * HAPI's cached tag entities from each other's open sessions (HAPI-2223, "two open sessions") however often they
     * are retried. Across nodes the per-encounter advisory lock still orders messages; the process lock only keeps
     * HAPI's tag cache to one message transaction at a time.
     */
    private final java.util.concurrent.locks.ReentrantLock oneAtATime =
            new java.util.concurrent.locks.ReentrantLock(true);

    public NotificationOutcome process(Bundle message) {
        ReceivedNotification notification = checker.check(message);
        oneAtATime.lock();
        try {
            return processChecked(notification);
        } finally {
            oneAtATime.unlock();
        }
    }

    private NotificationOutcome processChecked(ReceivedNotification notification) {
        for (int attempt = 1; ; attempt++) {
            try {
                return transactions.withSystemRequest().execute((java.util.concurrent.Callable<NotificationOutcome>)
                        () -> store(notification));
            } catch (RuntimeException e) {
                boolean concurrent = e instanceof ResourceVersionConflictException
                        || e instanceof PreconditionFailedException
                        || e instanceof org.springframework.dao.ConcurrencyFailureException
                        || e instanceof org.springframework.dao.DataIntegrityViolationException
                        || sessionClash(e);
                if (!concurrent) {
                    throw e;
                }
                if (attempt >= ATTEMPTS) {
                    throw e instanceof ResourceVersionConflictException conflict
                            ? conflict
                            : new ResourceVersionConflictException(
                                    "The message met concurrent writes " + ATTEMPTS + " times: " + e.getMessage());
                }
                log.info("Notification {} met a concurrent write (attempt {}): retrying", notification.key(), attempt);
                try {
                    Thread.sleep(20L * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /**
     * HAPI caches the entities of tags and profiles across sessions; under concurrent messages carrying the same
     * profile, one session can meet a cached entity still bound to another's open session (HAPI-2223, "two open
     * sessions"). Nothing was stored (the transaction rolled back): the message is tried again.
     */
    static boolean sessionClash(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && cause.getMessage().contains("two open sessions")) {
                return true;
            }
        }
        return false;
    }

    /**
     * One database transaction for everything a message stores or starts: the per-encounter lock, the replay and order
     * checks, what the message carries (each carried resource matched or created; a known Patient or Encounter updated
     * with what the message carries), the care it starts, the receipt that marks it as processed and the Provenance.
     * A refusal anywhere rolls all of it back. The lock serialises messages about one encounter (copies of one
     * discharge on several connections, corrections sent at once, on any node sharing the database): the second
     * waits, then meets the first one's receipt or its newer state.
     */
    private NotificationOutcome store(ReceivedNotification notification) {
        lockEncounter(notification);
        if (alreadyProcessed(notification.key())) {
            log.info("Notification {} was processed before: nothing stored again", notification.key());
            return new NotificationOutcome(notification, true, false, null, null, List.of());
        }
        StoredResources known = new StoredResources();
        Optional<String> storedEncounter = known.byIdentifier(entry(notification, notification.encounterUrl()));
        Optional<java.time.Instant> latest = storedEncounter.flatMap(this::latestEventTime);
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
        Bundle carried = StoringTransaction.build(notification, known);
        Bundle response = systemDao.transactionNested(new SystemRequestDetails(), carried);
        Map<String, IdType> stored = new HashMap<>();
        for (int i = 0; i < carried.getEntry().size(); i++) {
            String location = response.getEntry().get(i).getResponse().getLocation();
            stored.put(carried.getEntry().get(i).getFullUrl(), new IdType(location).toUnqualifiedVersionless());
        }
        IdType patient = stored.get(notification.patientUrl());
        IdType encounter = stored.get(notification.encounterUrl());
        if (patient == null || encounter == null) {
            throw new NotificationRejectedException(
                    CareflowException.Kind.UNPROCESSABLE,
                    "The message carries its Patient or Encounter twice under different fullUrls");
        }
        Bundle followUp = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        followUp.getEntry().addAll(transitionalCare.onNotification(notification, patient, encounter));
        int care = followUp.getEntry().size();
        List<Bundle.BundleEntryComponent> receipt = StoringTransaction.receipt(notification, stored);
        followUp.getEntry().addAll(receipt);
        followUp.addEntry(StoringTransaction.provenance(
                notification,
                stored,
                followUp.getEntry().subList(0, care).stream()
                        .map(Bundle.BundleEntryComponent::getFullUrl)
                        .toList(),
                receipt.get(0).getFullUrl()));
        Bundle done = systemDao.transactionNested(new SystemRequestDetails(), followUp);
        List<IdType> started = done.getEntry().subList(0, care).stream()
                .map(e -> new IdType(e.getResponse().getLocation()).toUnqualifiedVersionless())
                .toList();
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

    /**
     * A transaction-scoped PostgreSQL advisory lock on the encounter the message is about (its first identifier, else
     * its patient's, else the message key), released when the message's transaction ends.
     */
    private void lockEncounter(ReceivedNotification notification) {
        int key = StoringTransaction.lockKey(notification);
        EntityManager entityManager = EntityManagerFactoryUtils.getTransactionalEntityManager(entityManagerFactory);
        if (entityManager == null) {
            throw new IllegalStateException("A notification is stored inside a database transaction");
        }
        entityManager.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("select pg_advisory_xact_lock(?, ?)")) {
                statement.setInt(1, LOCK_NAMESPACE);
                statement.setInt(2, key);
                statement.execute();
            }
        });
    }

    /** The newest event time among the notifications processed for a stored Encounter. */
    private Optional<java.time.Instant> latestEventTime(String encounter) {
        SearchParameterMap byFocus = SearchParameterMap.newSynchronous().add("focus", new ReferenceParam(encounter));
        return dev.careflow.platform.StoredResources.search(daos, MessageHeader.class, byFocus).stream()
                .map(StoringTransaction::eventTime)
                .flatMap(Optional::stream)
                .max(java.util.Comparator.naturalOrder());
    }

    /** Looks up what the server holds, inside the notification's database transaction. */
    private final class StoredResources implements StoringTransaction.KnownResources {
        @Override
        public Optional<String> byIdentifier(Resource resource) {
            List<org.hl7.fhir.r4.model.Identifier> identifiers = StoringTransaction.matchingIdentifiers(resource);
            if (identifiers.isEmpty() || !daos.isResourceTypeSupported(resource.fhirType())) {
                return Optional.empty();
            }
            SearchParameterMap parameters = SearchParameterMap.newSynchronous();
            TokenOrListParam any = new TokenOrListParam();
            identifiers.forEach(i -> any.addOr(new TokenParam(i.getSystem(), i.getValue())));
            parameters.add("identifier", any);
            @SuppressWarnings("unchecked")
            List<IIdType> ids = (List<IIdType>) daos.getResourceDao(resource.fhirType())
                    .searchForResourceIds(parameters, new SystemRequestDetails());
            return ids.size() == 1
                    ? Optional.of(ids.get(0).toUnqualifiedVersionless().getValue())
                    : Optional.empty();
        }

        @Override
        public Resource read(String id) {
            IdType idType = new IdType(id);
            return (Resource) daos.getResourceDao(idType.getResourceType()).read(idType, new SystemRequestDetails());
        }

        @Override
        public Set<String> coverageSubscriberIds(String patient) {
            SearchParameterMap parameters =
                    SearchParameterMap.newSynchronous().add("beneficiary", new ReferenceParam(patient));
            return dev.careflow.platform.StoredResources.search(daos, Coverage.class, parameters).stream()
                    .map(Coverage::getSubscriberId)
                    .filter(java.util.Objects::nonNull)
                    .collect(Collectors.toSet());
        }
    }

    private boolean alreadyProcessed(String key) {
        SearchParameterMap byKey = SearchParameterMap.newSynchronous()
                .add(
                        StoringTransaction.MESSAGE_KEY_PARAMETER,
                        new TokenParam(StoringTransaction.MESSAGE_KEY_SYSTEM, key));
        return !daos.getResourceDao("MessageHeader")
                .searchForResourceIds(byKey, new SystemRequestDetails())
                .isEmpty();
    }

    private boolean exists(String relativeReference) {
        IdType id = new IdType(relativeReference);
        if (!daos.isResourceTypeSupported(id.getResourceType())) {
            return false;
        }
        try {
            daos.getResourceDao(id.getResourceType()).read(id.toVersionless(), new SystemRequestDetails());
            return true;
        } catch (ResourceNotFoundException | ResourceGoneException e) {
            return false;
        }
    }
}
