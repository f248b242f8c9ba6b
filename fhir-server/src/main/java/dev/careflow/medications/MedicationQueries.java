package dev.careflow.medications;

import ca.uhn.fhir.repository.IRepository;
import ca.uhn.fhir.rest.param.UriParam;
import dev.careflow.platform.CareflowException;
import dev.careflow.platform.Query;
import dev.careflow.platform.Stored;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.ConceptMap;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.ListResource;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;

/**
 * The reads of a medication reconciliation: the patient's pre-admission medications (active MedicationStatements and
 * active MedicationRequests that are not discharge orders), the discharge list (the List the client posts, its entries
 * stored or contained MedicationRequests or MedicationStatements; else the patient's active MedicationRequests of
 * category {@code discharge}), the therapeutic classes ({@link TherapeuticClasses#CONCEPT_MAP}), compared by {@link
 * MedicationReconciliation}.
 */
final class MedicationQueries {

    /**
     * What was compared: the patient ({@code Patient/id}), the differences, and every medication resource they name,
     * by its source ({@code Type/id}, or {@code #id} for one the posted List contains).
     */
    record Compared(
            String patient, List<MedicationReconciliation.Difference> differences, Map<String, Resource> items) {

        Resource item(MedicationReconciliation.Medication medication) {
            return items.get(medication.source());
        }
    }

    private final IRepository repository;

    MedicationQueries(IRepository repository) {
        this.repository = repository;
    }

    Compared compare(IdType patientId, Optional<ListResource> dischargeList) {
        String patient = "Patient/" + patientId.getIdPart();
        Stored.require(repository, Patient.class, patient);
        MedicationEntries entries = new MedicationEntries(
                reference -> Stored.find(repository, Medication.class, reference),
                TherapeuticClasses.of(Stored.search(
                        repository,
                        ConceptMap.class,
                        Query.where("url", new UriParam(TherapeuticClasses.CONCEPT_MAP)))));
        Map<String, Resource> items = new LinkedHashMap<>();
        Query active = Query.where("patient", Query.reference(patient)).and("status", Query.token("active"));
        List<Resource> before = new ArrayList<>(Stored.search(repository, MedicationStatement.class, active));
        List<MedicationRequest> requests = Stored.search(repository, MedicationRequest.class, active);
        requests.stream().filter(r -> !MedicationEntries.isDischarge(r)).forEach(before::add);
        List<MedicationReconciliation.Medication> after = new ArrayList<>();
        if (dischargeList.isPresent()) {
            for (ListResource.ListEntryComponent entry : dischargeList.get().getEntry()) {
                String reference = entry.getItem().getReference();
                Resource item = discharged(dischargeList.get(), reference);
                after.add(entries.of(item, reference).orElseThrow(() -> notAMedication(reference)));
                items.put(reference, item);
            }
        } else {
            requests.stream()
                    .filter(MedicationEntries::isDischarge)
                    .forEach(request -> after.add(add(entries, request, items)));
        }
        if (after.isEmpty()) {
            throw new CareflowException(
                    CareflowException.Kind.UNPROCESSABLE,
                    List.of("No discharge list: post one as the 'discharge' parameter (a List of MedicationRequests or"
                            + " MedicationStatements), or store the discharge orders as MedicationRequests of category"
                            + " 'discharge'"));
        }
        List<MedicationReconciliation.Medication> was =
                before.stream().map(item -> add(entries, item, items)).toList();
        return new Compared(patient, MedicationReconciliation.reconcile(was, after), items);
    }

    private static MedicationReconciliation.Medication add(
            MedicationEntries entries, Resource item, Map<String, Resource> items) {
        MedicationReconciliation.Medication medication = entries.of(item, null).orElseThrow();
        items.put(medication.source(), item);
        return medication;
    }

    /** An entry of the posted list: a medication the List contains ({@code #id}) or one this server holds. */
    private Resource discharged(ListResource list, String reference) {
        if (reference != null && reference.startsWith("#")) {
            return list.getContained().stream()
                    .filter(c -> local(c.getId()).equals(local(reference)))
                    .findFirst()
                    .orElse(null);
        }
        return reference == null ? null : stored(reference).orElse(null);
    }

    private static CareflowException notAMedication(String reference) {
        return new CareflowException(
                CareflowException.Kind.UNPROCESSABLE,
                List.of("Discharge list entry '" + reference
                        + "' is not a MedicationRequest or MedicationStatement this server holds or the List"
                        + " contains"));
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
    static String local(String id) {
        return id == null ? "" : id.startsWith("#") ? id.substring(1) : id;
    }
}
