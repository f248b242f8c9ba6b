package dev.careflow.medications;

import ca.uhn.fhir.repository.IRepository;
import java.time.Clock;
import java.util.Optional;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.ListResource;
import org.springframework.stereotype.Service;

/**
 * {@code Patient/[id]/$reconcile-medications}: the patient's pre-admission medications against the discharge list
 * ({@link MedicationQueries}), as a List of differences ({@link MedicationReconciliation}): each entry's {@code flag}
 * says new, stopped, changed, duplicated, duplicated-class or unchanged, {@code item} the medication, stopped ones
 * marked {@code deleted}. Nothing is stored.
 */
@Service
public class MedicationReconciliationService {

    public static final String CHANGE_SYSTEM = ReconciliationLists.CHANGE_SYSTEM;

    private final MedicationQueries queries;
    private final Clock clock;

    /** @param clock the care team's clock: the List's date */
    public MedicationReconciliationService(IRepository repository, Clock clock) {
        this.queries = new MedicationQueries(repository);
        this.clock = clock;
    }

    public ListResource reconcile(IdType patientId, Optional<ListResource> dischargeList) {
        return ReconciliationLists.differences(queries.compare(patientId, dischargeList), clock);
    }
}
