package dev.careflow.medications;

import ca.uhn.fhir.repository.IRepository;
import dev.careflow.platform.CareflowException;
import dev.careflow.platform.Query;
import dev.careflow.platform.Stored;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.ListResource;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.stereotype.Service;

/**
 * {@code Patient/[id]/$reconcile-medications}: the patient's pre-admission medications (active MedicationStatements
 * and active MedicationRequests that are not discharge orders) against the discharge list (the List the client posts,
 * its entries stored or contained MedicationRequests or MedicationStatements; else the patient's active
 * MedicationRequests of category {@code discharge}), as a List of differences ({@link MedicationReconciliation}): each
 * entry's {@code flag} says new, stopped, changed, duplicated or unchanged, {@code item} the medication, stopped ones
 * marked {@code deleted}. Nothing is stored.
 */
@Service
public class MedicationReconciliationService {

    public static final String CHANGE_SYSTEM = "https://careflow.dev/fhir/CodeSystem/medication-change";

    private final IRepository repository;
    private final MedicationEntries entries;
    private final Clock clock;

    /** @param clock the care team's clock: the List's date */
    public MedicationReconciliationService(IRepository repository, Clock clock) {
        this.repository = repository;
        this.entries = new MedicationEntries(reference -> Stored.find(repository, Medication.class, reference));
        this.clock = clock;
    }

    public ListResource reconcile(IdType patientId, Optional<ListResource> dischargeList) {
        String patient = "Patient/" + patientId.getIdPart();
        Stored.require(repository, Patient.class, patient);
        Query active = Query.where("patient", Query.reference(patient)).and("status", Query.token("active"));
        List<MedicationReconciliation.Medication> before = new ArrayList<>();
        Stored.search(repository, MedicationStatement.class, active)
                .forEach(statement -> entries.of(statement, null).ifPresent(before::add));
        List<MedicationRequest> requests = Stored.search(repository, MedicationRequest.class, active);
        requests.stream()
                .filter(request -> !MedicationEntries.isDischarge(request))
                .forEach(request -> entries.of(request, null).ifPresent(before::add));
        List<MedicationReconciliation.Medication> after = new ArrayList<>();
        Map<String, Resource> containedItems = new HashMap<>();
        if (dischargeList.isPresent()) {
            for (ListResource.ListEntryComponent entry : dischargeList.get().getEntry()) {
                after.add(discharged(dischargeList.get(), entry.getItem().getReference(), containedItems));
            }
        } else {
            requests.stream().filter(MedicationEntries::isDischarge).forEach(request -> entries.of(request, null)
                    .ifPresent(after::add));
        }
        if (after.isEmpty()) {
            throw new CareflowException(
                    CareflowException.Kind.UNPROCESSABLE,
                    List.of("No discharge list: post one as the 'discharge' parameter (a List of MedicationRequests or"
                            + " MedicationStatements), or store the discharge orders as MedicationRequests of category"
                            + " 'discharge'"));
        }
        return differences(patient, MedicationReconciliation.reconcile(before, after), containedItems);
    }

    /** An entry of the posted list: a medication the List contains ({@code #id}) or one this server holds. */
    private MedicationReconciliation.Medication discharged(
            ListResource list, String reference, Map<String, Resource> containedItems) {
        Resource item = null;
        if (reference != null && reference.startsWith("#")) {
            item = list.getContained().stream()
                    .filter(c -> local(c.getId()).equals(local(reference)))
                    .findFirst()
                    .orElse(null);
            if (item != null) {
                containedItems.put(local(reference), item);
            }
        } else if (reference != null) {
            item = stored(reference).orElse(null);
        }
        return entries.of(item, reference)
                .orElseThrow(() -> new CareflowException(
                        CareflowException.Kind.UNPROCESSABLE,
                        List.of("Discharge list entry '" + reference
                                + "' is not a MedicationRequest or MedicationStatement this server holds or the"
                                + " List contains")));
    }

    /** The answer: one entry per difference, flagged with its change. */
    private ListResource differences(
            String patient,
            List<MedicationReconciliation.Difference> differences,
            Map<String, Resource> containedItems) {
        ListResource result = new ListResource();
        result.setStatus(ListResource.ListStatus.CURRENT);
        result.setMode(ListResource.ListMode.CHANGES);
        result.setTitle("Medication reconciliation: pre-admission against discharge");
        result.setSubject(new Reference(patient));
        result.setDate(Date.from(clock.instant()));
        for (MedicationReconciliation.Difference difference : differences) {
            ListResource.ListEntryComponent entry = result.addEntry();
            entry.setFlag(new CodeableConcept(new Coding(
                            CHANGE_SYSTEM,
                            difference.change().code(),
                            difference.change().display()))
                    .setText(difference.description()));
            MedicationReconciliation.Medication shown =
                    difference.after().or(difference::before).orElseThrow();
            entry.setItem(new Reference(shown.source()).setDisplay(shown.name()));
            // A medication of the posted list that was contained there is contained in the answer too: a local
            // reference must resolve inside the resource that carries it.
            Resource contained = containedItems.remove(local(shown.source()));
            if (shown.source().startsWith("#") && contained != null) {
                Resource copy = contained.copy();
                copy.setId(local(shown.source()));
                result.addContained(copy);
            }
            if (difference.change() == MedicationReconciliation.Change.STOPPED) {
                entry.setDeleted(true);
            }
        }
        return result;
    }

    /** A stored MedicationRequest or MedicationStatement. */
    private Optional<? extends Resource> stored(String reference) {
        return switch (String.valueOf(new IdType(reference).getResourceType())) {
            case "MedicationRequest" -> Stored.find(repository, MedicationRequest.class, reference);
            case "MedicationStatement" -> Stored.find(repository, MedicationStatement.class, reference);
            default -> Optional.empty();
        };
    }

    /** A contained resource's id or a local reference without its '#'. */
    private static String local(String id) {
        return id == null ? "" : id.startsWith("#") ? id.substring(1) : id;
    }
}
