package dev.careflow.transitions;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coverage;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r5.utils.validation.constants.ReferenceValidationPolicy;
import org.hl7.fhir.validation.instance.advisor.BasePolicyAdvisorForFullValidation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

    public NotificationService(
            FhirContext fhirContext,
            IInstanceValidatorModule instanceValidator,
            IFhirSystemDao<Bundle, Meta> systemDao,
            DaoRegistry daos,
            TransitionalCareService transitionalCare) {
        FhirValidator validator =
                fhirContext.newValidator().registerValidatorModule(withoutReferenceChecks(instanceValidator));
        this.checker = new NotificationChecker(fhirContext, validator, this::exists);
        this.systemDao = systemDao;
        this.daos = daos;
        this.transitionalCare = transitionalCare;
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

    public NotificationOutcome process(Bundle message) {
        ReceivedNotification notification = checker.check(message);
        for (int attempt = 1; ; attempt++) {
            try {
                return store(notification);
            } catch (ResourceVersionConflictException | PreconditionFailedException e) {
                if (attempt >= ATTEMPTS) {
                    throw e;
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
     * Two HAPI transactions: the first stores what the message carries (each carried resource matched or created, so
     * running it again changes nothing); the second writes the care it starts together with the receipt that marks
     * the message as processed. Until the second commits, the message counts as not processed, so a retry (ours, or
     * the sender's) completes it; after it commits, a replay is answered from the receipt.
     */
    private NotificationOutcome store(ReceivedNotification notification) {
        if (alreadyProcessed(notification.key())) {
            log.info("Notification {} was processed before: nothing stored again", notification.key());
            return new NotificationOutcome(notification, true, null, null, List.of());
        }
        Bundle carried = StoringTransaction.build(notification, new StoredResources());
        Bundle response = systemDao.transaction(new SystemRequestDetails(), carried);
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
        followUp.getEntry().addAll(transitionalCare.onNotification(notification.event(), patient, encounter));
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
        Bundle done = systemDao.transaction(new SystemRequestDetails(), followUp);
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
        return new NotificationOutcome(notification, false, patient, encounter, started);
    }

    /** Looks up what the server holds, inside the notification's database transaction. */
    private final class StoredResources implements StoringTransaction.KnownResources {
        @Override
        public Optional<String> byIdentifier(Resource resource) {
            String match = StoringTransaction.identifierMatch(resource);
            if (match == null || !daos.isResourceTypeSupported(resource.fhirType())) {
                return Optional.empty();
            }
            SearchParameterMap parameters = SearchParameterMap.newSynchronous();
            TokenOrListParam any = new TokenOrListParam();
            for (String token : match.substring("identifier=".length()).split(",")) {
                String decoded = java.net.URLDecoder.decode(token, java.nio.charset.StandardCharsets.UTF_8);
                int bar = decoded.indexOf('|');
                any.addOr(new TokenParam(decoded.substring(0, bar), decoded.substring(bar + 1)));
            }
            parameters.add("identifier", any);
            @SuppressWarnings("unchecked")
            List<IIdType> ids = (List<IIdType>) daos.getResourceDao(resource.fhirType())
                    .searchForResourceIds(parameters, new SystemRequestDetails());
            return ids.size() == 1
                    ? Optional.of(ids.get(0).toUnqualifiedVersionless().getValue())
                    : Optional.empty();
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
