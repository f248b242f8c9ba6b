package dev.careflow.transitions;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.dao.tx.IHapiTransactionService;
import ca.uhn.fhir.repository.IRepository;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.IInstanceValidatorModule;
import dev.careflow.platform.Stored;
import dev.careflow.platform.TransactionLocks;
import dev.careflow.transitions.internal.Matches;
import dev.careflow.transitions.internal.NotificationChecker;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r5.utils.validation.constants.ReferenceValidationPolicy;
import org.hl7.fhir.validation.instance.advisor.BasePolicyAdvisorForFullValidation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;

/**
 * The one pipeline every discharge notification goes through, whether it came as a FHIR message
 * ({@code $process-message}) or as HL7 v2 ADT (mapped to the same message shape): check it, recognise a replay, store
 * what it carries matching what the server already knows, and start the care it calls for.
 */
@Service
public class NotificationService {

    private static final Logger log = LoggerFactory.getLogger(NotificationService.class);

    private final FhirValidator validator;
    private final NotificationChecker checker;
    private final IRepository repository;
    private final NotificationStore store;
    private final IHapiTransactionService transactions;
    private final TransactionLocks locks;
    private final NotificationMetrics metrics;

    /** The messages stored at once in this process ({@code careflow.transitions.parallel-messages}). */
    private final Semaphore turns;

    public NotificationService(
            FhirContext fhirContext,
            IInstanceValidatorModule instanceValidator,
            IRepository repository,
            TransitionalCareService transitionalCare,
            IHapiTransactionService transactions,
            TransactionLocks locks,
            Clock clock,
            NotificationMetrics metrics,
            TransitionsSettings settings) {
        this.validator = fhirContext.newValidator().registerValidatorModule(withoutReferenceChecks(instanceValidator));
        this.checker = new NotificationChecker(fhirContext, validator, this::exists);
        this.repository = repository;
        this.store = new NotificationStore(repository, transitionalCare, clock);
        this.transactions = transactions;
        this.locks = locks;
        this.metrics = metrics;
        this.turns = new Semaphore(settings.parallelMessages(), true);
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
     * Processes a message. Messages about different encounters run in parallel, up to
     * {@code careflow.transitions.parallel-messages} at once; messages about one encounter are ordered by the
     * per-encounter advisory lock, on every node sharing the database. A message waits for its turn before it is
     * validated, so a burst queues without holding connections, validator work or what it would read.
     */
    public NotificationOutcome process(Bundle message) {
        try {
            turns.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InternalErrorException("Interrupted while waiting to process the message", e);
        }
        try {
            NotificationOutcome outcome = processChecked(checker.check(message));
            metrics.started(outcome);
            return outcome;
        } finally {
            turns.release();
        }
    }

    /**
     * HAPI's validator converts every StructureDefinition it knows to R5 the first time it validates: seconds of CPU, and
     * memory, which the first messages after a start would otherwise pay all at once. It is done here, once, in the
     * background, as soon as the server is up.
     */
    @EventListener(ApplicationReadyEvent.class)
    public void warmUpValidator() {
        Thread warmUp = new Thread(
                () -> {
                    try {
                        validator.validateWithResult(new Bundle().setType(Bundle.BundleType.MESSAGE));
                    } catch (RuntimeException e) {
                        log.warn("Warming up the message validator failed: {}", e.toString());
                    }
                },
                "careflow-message-validator-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
    }

    /** A message sent to {@code $process-message}: processed, and counted on the {@code fhir} route. */
    public NotificationOutcome processMessage(Bundle message) {
        String event = NotificationMetrics.event(message);
        try {
            NotificationOutcome outcome = process(message);
            metrics.received(NotificationMetrics.Route.FHIR, event, NotificationMetrics.Outcome.of(outcome));
            return outcome;
        } catch (RuntimeException e) {
            metrics.received(NotificationMetrics.Route.FHIR, event, NotificationMetrics.Outcome.of(e));
            throw e;
        }
    }

    private NotificationOutcome processChecked(ReceivedNotification notification) {
        for (int attempt = 1; ; attempt++) {
            try {
                return transactions.withSystemRequest().execute((Callable<NotificationOutcome>)
                        () -> store(notification));
            } catch (RuntimeException e) {
                boolean concurrent = e instanceof ResourceVersionConflictException
                        || e instanceof PreconditionFailedException
                        || e instanceof ConcurrencyFailureException
                        || e instanceof DataIntegrityViolationException
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
     * A tag or profile entity met bound to another open session (HAPI-2223, "two open sessions"). Careflow keeps tag
     * definitions to each session, so this should not happen; should it, nothing was stored (the transaction rolled
     * back) and the message is tried again.
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
     * One database transaction for everything a message stores or starts (see {@link NotificationStore}), after the
     * per-encounter lock: it serialises messages about one encounter (copies of one discharge on several connections,
     * corrections sent at once, on any node sharing the database): the second waits, then meets the first one's
     * receipt or its newer state. A refusal anywhere rolls all of it back.
     */
    private NotificationOutcome store(ReceivedNotification notification) {
        locks.lock(LOCK_NAMESPACE, Matches.lockKey(notification));
        return store.store(notification);
    }

    /** Whether a relative reference ({@code Patient/123}) names a stored resource. */
    private boolean exists(String relativeReference) {
        IdType id = new IdType(relativeReference);
        try {
            Class<? extends IBaseResource> type = repository
                    .fhirContext()
                    .getResourceDefinition(id.getResourceType())
                    .getImplementingClass();
            return Stored.find(repository, type, relativeReference).isPresent();
        } catch (ca.uhn.fhir.parser.DataFormatException e) {
            return false;
        }
    }
}
