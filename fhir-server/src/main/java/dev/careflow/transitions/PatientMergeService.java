package dev.careflow.transitions;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.dao.tx.IHapiTransactionService;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import dev.careflow.platform.CareflowException;
import dev.careflow.platform.StoredResources;
import java.util.List;
import java.util.concurrent.Callable;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.RiskAssessment;
import org.hl7.fhir.r4.model.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Two records of one patient merged by the hospital (HL7 v2 A40): the prior record becomes inactive and
 * {@code replaced-by} the surviving one, which {@code replaces} it, and the care Careflow keeps for the prior record
 * (TCM episodes, transitional care plans, Tasks, risk assessments) moves to the surviving one, in one transaction.
 */
@Service
public class PatientMergeService {

    private static final Logger log = LoggerFactory.getLogger(PatientMergeService.class);

    private final DaoRegistry daos;
    private final IFhirSystemDao<Bundle, Meta> systemDao;
    private final IHapiTransactionService transactions;

    public PatientMergeService(
            DaoRegistry daos, IFhirSystemDao<Bundle, Meta> systemDao, IHapiTransactionService transactions) {
        this.daos = daos;
        this.systemDao = systemDao;
        this.transactions = transactions;
    }

    /** Merges the prior patient into the surviving one; answers how many resources moved. */
    public int merge(List<Identifier> surviving, List<Identifier> prior) {
        return transactions.withSystemRequest().execute((Callable<Integer>) () -> {
            Patient survivor = only(surviving, "surviving (PID-3)");
            Patient merged = only(prior, "prior (MRG-1)");
            IdType survivorId = survivor.getIdElement().toUnqualifiedVersionless();
            IdType priorId = merged.getIdElement().toUnqualifiedVersionless();
            if (survivorId.equals(priorId)) {
                return 0;
            }
            Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
            if (merged.getLink().stream()
                    .noneMatch(l -> survivorId.getValue().equals(l.getOther().getReference()))) {
                merged.setActive(false);
                merged.addLink().setType(Patient.LinkType.REPLACEDBY).setOther(new Reference(survivorId.getValue()));
                put(transaction, merged);
            }
            if (survivor.getLink().stream()
                    .noneMatch(l -> priorId.getValue().equals(l.getOther().getReference()))) {
                survivor.addLink().setType(Patient.LinkType.REPLACES).setOther(new Reference(priorId.getValue()));
                put(transaction, survivor);
            }
            int moved = 0;
            moved += move(transaction, EpisodeOfCare.class, "patient", priorId);
            moved += move(transaction, CarePlan.class, "subject", priorId);
            moved += move(transaction, Task.class, "patient", priorId);
            moved += move(transaction, RiskAssessment.class, "subject", priorId);
            retarget(transaction, priorId, survivorId);
            if (!transaction.getEntry().isEmpty()) {
                systemDao.transactionNested(new SystemRequestDetails(), transaction);
            }
            log.info("{} merged into {}: {} resources moved", priorId.getValue(), survivorId.getValue(), moved);
            return moved;
        });
    }

    private Patient only(List<Identifier> identifiers, String which) {
        TokenOrListParam any = new TokenOrListParam();
        identifiers.stream()
                .filter(i -> i.hasSystem() && i.hasValue())
                .forEach(i -> any.addOr(new TokenParam(i.getSystem(), i.getValue())));
        List<Patient> found = StoredResources.search(
                daos, Patient.class, SearchParameterMap.newSynchronous().add("identifier", any));
        if (found.size() != 1) {
            throw new NotificationRejectedException(
                    CareflowException.Kind.NOT_FOUND,
                    "The " + which + " patient is "
                            + (found.isEmpty() ? "not known" : "ambiguous (" + found.size() + " records)"));
        }
        return found.get(0);
    }

    /** Each resource of the type that points at the prior patient, to be pointed at the surviving one. */
    private <T extends Resource> int move(Bundle transaction, Class<T> type, String parameter, IdType prior) {
        List<T> found = StoredResources.search(
                daos, type, SearchParameterMap.newSynchronous().add(parameter, new ReferenceParam(prior.getValue())));
        for (T resource : found) {
            put(transaction, resource);
        }
        return found.size();
    }

    /** Points every moved resource's patient reference at the surviving patient. */
    private static void retarget(Bundle transaction, IdType prior, IdType survivor) {
        for (Bundle.BundleEntryComponent entry : transaction.getEntry()) {
            Resource resource = entry.getResource();
            if (resource instanceof Patient) {
                continue;
            }
            for (Reference reference : ca.uhn.fhir.context.FhirContext.forR4Cached()
                    .newTerser()
                    .getAllPopulatedChildElementsOfType(resource, Reference.class)) {
                if (prior.getValue().equals(reference.getReference())) {
                    reference.setReference(survivor.getValue());
                }
            }
        }
    }

    private static void put(Bundle transaction, Resource resource) {
        IdType id = resource.getIdElement().toUnqualifiedVersionless();
        resource.setId(id);
        transaction
                .addEntry()
                .setFullUrl(id.getValue())
                .setResource(resource)
                .getRequest()
                .setMethod(Bundle.HTTPVerb.PUT)
                .setUrl(id.getValue());
    }
}
