package dev.careflow.medications;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import dev.careflow.platform.CareflowException;
import dev.careflow.platform.StoredResources;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.ListResource;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Timing;
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
    static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";
    static final String REQUEST_CATEGORY = "http://terminology.hl7.org/CodeSystem/medicationrequest-category";

    private final DaoRegistry daos;
    private final Clock clock;

    /** @param clock the care team's clock: the List's date */
    public MedicationReconciliationService(DaoRegistry daos, Clock clock) {
        this.daos = daos;
        this.clock = clock;
    }

    public ListResource reconcile(IdType patientId, Optional<ListResource> dischargeList) {
        String patient = "Patient/" + patientId.getIdPart();
        if (StoredResources.find(daos, Patient.class, patient).isEmpty()) {
            throw new CareflowException(CareflowException.Kind.NOT_FOUND, List.of(patient + " is not known"));
        }
        List<MedicationReconciliation.Medication> before = new ArrayList<>();
        for (MedicationStatement statement : StoredResources.search(
                daos,
                MedicationStatement.class,
                SearchParameterMap.newSynchronous()
                        .add("patient", new ReferenceParam(patient))
                        .add("status", new TokenParam("active")))) {
            before.add(medication(statement, statement.getMedication(), statement.getDosageFirstRep(), null));
        }
        List<MedicationRequest> requests = StoredResources.search(
                daos,
                MedicationRequest.class,
                SearchParameterMap.newSynchronous()
                        .add("patient", new ReferenceParam(patient))
                        .add("status", new TokenParam("active")));
        for (MedicationRequest request : requests) {
            if (!isDischarge(request)) {
                before.add(medication(request, request.getMedication(), request.getDosageInstructionFirstRep(), null));
            }
        }
        List<MedicationReconciliation.Medication> after = new ArrayList<>();
        java.util.Map<String, Resource> containedItems = new java.util.HashMap<>();
        if (dischargeList.isPresent()) {
            ListResource list = dischargeList.get();
            for (ListResource.ListEntryComponent entry : list.getEntry()) {
                String reference = entry.getItem().getReference();
                Resource item = reference != null && reference.startsWith("#")
                        ? list.getContained().stream()
                                .filter(c -> local(c.getId()).equals(local(reference)))
                                .findFirst()
                                .orElse(null)
                        : reference == null
                                ? null
                                : StoredResources.find(daos, Resource.class, reference)
                                        .orElse(null);
                if (item != null && reference.startsWith("#")) {
                    containedItems.put(local(reference), item);
                }
                after.add(discharged(item, reference));
            }
        } else {
            requests.stream()
                    .filter(MedicationReconciliationService::isDischarge)
                    .forEach(r -> after.add(medication(r, r.getMedication(), r.getDosageInstructionFirstRep(), null)));
        }
        if (after.isEmpty()) {
            throw new CareflowException(
                    CareflowException.Kind.UNPROCESSABLE,
                    List.of("No discharge list: post one as the 'discharge' parameter (a List of MedicationRequests or"
                            + " MedicationStatements), or store the discharge orders as MedicationRequests of category"
                            + " 'discharge'"));
        }

        ListResource result = new ListResource();
        result.setStatus(ListResource.ListStatus.CURRENT);
        result.setMode(ListResource.ListMode.CHANGES);
        result.setTitle("Medication reconciliation: pre-admission against discharge");
        result.setSubject(new Reference(patient));
        result.setDate(Date.from(clock.instant()));
        for (MedicationReconciliation.Difference difference : MedicationReconciliation.reconcile(before, after)) {
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

    private MedicationReconciliation.Medication discharged(Resource item, String reference) {
        if (item instanceof MedicationRequest request) {
            return medication(request, request.getMedication(), request.getDosageInstructionFirstRep(), reference);
        }
        if (item instanceof MedicationStatement statement) {
            return medication(statement, statement.getMedication(), statement.getDosageFirstRep(), reference);
        }
        throw new CareflowException(
                CareflowException.Kind.UNPROCESSABLE,
                List.of(
                        "Discharge list entry '" + reference
                                + "' is not a MedicationRequest or MedicationStatement this server holds or the List contains"));
    }

    private MedicationReconciliation.Medication medication(
            Resource resource, org.hl7.fhir.r4.model.Type medication, Dosage dosage, String reference) {
        CodeableConcept code = medication instanceof CodeableConcept concept
                ? concept
                : medication instanceof Reference ref && ref.getReference() != null
                        ? StoredResources.find(daos, Medication.class, ref.getReference())
                                .map(Medication::getCode)
                                .orElse(new CodeableConcept().setText(ref.getDisplay()))
                        : new CodeableConcept();
        Optional<Coding> rxnorm = code.getCoding().stream()
                .filter(c -> RXNORM.equals(c.getSystem()))
                .findFirst();
        Optional<Coding> any = rxnorm.or(
                () -> code.getCoding().stream().filter(Coding::hasCode).findFirst());
        String name = code.hasText()
                ? code.getText()
                : any.map(c -> c.hasDisplay() ? c.getDisplay() : c.getCode()).orElse("unnamed medication");
        String key = any.map(c -> c.getSystem() + "|" + c.getCode())
                .orElse("text|" + name.trim().toLowerCase(java.util.Locale.ROOT));
        String source = reference != null
                ? reference
                : resource.getIdElement().toUnqualifiedVersionless().getValue();
        return new MedicationReconciliation.Medication(key, name, dose(dosage), frequency(dosage), source);
    }

    /** A contained resource's id or a local reference without its '#'. */
    private static String local(String id) {
        return id == null ? "" : id.startsWith("#") ? id.substring(1) : id;
    }

    private static boolean isDischarge(MedicationRequest request) {
        return request.getCategory().stream().anyMatch(c -> c.hasCoding(REQUEST_CATEGORY, "discharge"));
    }

    private static Optional<String> dose(Dosage dosage) {
        if (dosage == null
                || !dosage.hasDoseAndRate()
                || !dosage.getDoseAndRateFirstRep().hasDoseQuantity()) {
            return Optional.empty();
        }
        Quantity dose = dosage.getDoseAndRateFirstRep().getDoseQuantity();
        String unit = dose.hasCode() ? dose.getCode() : dose.getUnit();
        return Optional.of(dose.getValue().stripTrailingZeros().toPlainString() + (unit == null ? "" : " " + unit));
    }

    private static Optional<String> frequency(Dosage dosage) {
        if (dosage == null || !dosage.hasTiming()) {
            return Optional.empty();
        }
        Timing timing = dosage.getTiming();
        if (timing.hasCode() && timing.getCode().hasCoding()) {
            return Optional.of(timing.getCode().getCodingFirstRep().getCode());
        }
        Timing.TimingRepeatComponent repeat = timing.getRepeat();
        if (!repeat.hasPeriod() || !repeat.hasPeriodUnit()) {
            return Optional.empty();
        }
        return Optional.of((repeat.hasFrequency() ? repeat.getFrequency() : 1) + " per "
                + repeat.getPeriod().stripTrailingZeros().toPlainString() + " "
                + repeat.getPeriodUnit().toCode());
    }
}
