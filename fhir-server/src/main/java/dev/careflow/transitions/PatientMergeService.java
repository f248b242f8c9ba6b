package dev.careflow.transitions;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.repository.IRepository;
import dev.careflow.platform.CareflowException;
import dev.careflow.platform.Query;
import dev.careflow.platform.Stored;
import dev.careflow.platform.UnitOfWork;
import java.util.List;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.RiskAssessment;
import org.hl7.fhir.r4.model.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Two records of one patient merged by the hospital (HL7 v2 A40, or A34 which names the patients the same way): the prior record becomes inactive and
 * {@code replaced-by} the surviving one, which {@code replaces} it, and the care Careflow keeps for the prior record
 * (TCM episodes, transitional care plans, Tasks, risk assessments) moves to the surviving one, in one transaction.
 */
@Service
public class PatientMergeService {

    private static final Logger log = LoggerFactory.getLogger(PatientMergeService.class);

    private final IRepository repository;

    public PatientMergeService(IRepository repository) {
        this.repository = repository;
    }

    /**
     * Merges the prior patient into the surviving one; answers how many resources moved. The reads and the writes are
     * one database transaction, the writes one unit of work.
     */
    @Transactional
    public int merge(List<Identifier> surviving, List<Identifier> prior) {
        Patient survivor = only(surviving, "surviving (PID-3)");
        Patient merged = only(prior, "prior (MRG-1)");
        IdType survivorId = survivor.getIdElement().toUnqualifiedVersionless();
        IdType priorId = merged.getIdElement().toUnqualifiedVersionless();
        if (survivorId.equals(priorId)) {
            return 0;
        }
        UnitOfWork work = new UnitOfWork(repository);
        if (merged.getLink().stream()
                .noneMatch(l -> survivorId.getValue().equals(l.getOther().getReference()))) {
            merged.setActive(false);
            merged.addLink().setType(Patient.LinkType.REPLACEDBY).setOther(new Reference(survivorId.getValue()));
            put(work, merged);
        }
        if (survivor.getLink().stream()
                .noneMatch(l -> priorId.getValue().equals(l.getOther().getReference()))) {
            survivor.addLink().setType(Patient.LinkType.REPLACES).setOther(new Reference(priorId.getValue()));
            put(work, survivor);
        }
        int moved = 0;
        moved += move(work, EpisodeOfCare.class, "patient", priorId, survivorId);
        moved += move(work, CarePlan.class, "subject", priorId, survivorId);
        moved += move(work, Task.class, "patient", priorId, survivorId);
        moved += move(work, RiskAssessment.class, "subject", priorId, survivorId);
        work.commit();
        log.info("{} merged into {}: {} resources moved", priorId.getValue(), survivorId.getValue(), moved);
        return moved;
    }

    private Patient only(List<Identifier> identifiers, String which) {
        List<Identifier> usable =
                identifiers.stream().filter(i -> i.hasSystem() && i.hasValue()).toList();
        List<Patient> found = usable.isEmpty()
                ? List.of()
                : Stored.search(
                        repository,
                        Patient.class,
                        Query.all()
                                .and(
                                        "identifier",
                                        usable.stream()
                                                .map(i -> Query.token(i.getSystem(), i.getValue()))
                                                .toList()));
        if (found.size() != 1) {
            throw new NotificationRejectedException(
                    CareflowException.Kind.NOT_FOUND,
                    "The " + which + " patient is "
                            + (found.isEmpty() ? "not known" : "ambiguous (" + found.size() + " records)"));
        }
        return found.get(0);
    }

    /** Each resource of the type that points at the prior patient, pointed at the surviving one. */
    private <T extends Resource> int move(
            UnitOfWork work, Class<T> type, String parameter, IdType prior, IdType survivor) {
        List<T> found = Stored.search(repository, type, Query.where(parameter, Query.reference(prior.getValue())));
        for (T resource : found) {
            for (Reference reference : FhirContext.forR4Cached()
                    .newTerser()
                    .getAllPopulatedChildElementsOfType(resource, Reference.class)) {
                if (prior.getValue().equals(reference.getReference())) {
                    reference.setReference(survivor.getValue());
                }
            }
            put(work, resource);
        }
        return found.size();
    }

    private static void put(UnitOfWork work, Resource resource) {
        resource.setIdElement(resource.getIdElement().toUnqualifiedVersionless());
        work.update(resource);
    }
}
