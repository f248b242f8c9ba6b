package dev.careflow.medications;

import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Type;

/**
 * What completing a reconciliation writes (builders, no storage): a discharge medication the patient did not take
 * before becomes an active MedicationStatement derived from its source; a stopped one is {@code stopped}; a changed dose
 * or frequency becomes the medication's dosage; the TCM Task is completed with the reconciled List as its output.
 */
final class ReconciliationWrites {

    private ReconciliationWrites() {}

    /** A new active MedicationStatement of a discharge medication, asserted now by the caller when known. */
    static MedicationStatement started(
            Resource discharge, String patient, Reference derivedFrom, Optional<Reference> who, Clock clock) {
        MedicationStatement statement = new MedicationStatement();
        statement.setStatus(MedicationStatement.MedicationStatementStatus.ACTIVE);
        statement.setSubject(new Reference(patient));
        statement.setMedication(medication(discharge).copy());
        dosage(discharge).forEach(d -> statement.addDosage(d.copy()));
        statement.addDerivedFrom(derivedFrom);
        statement.setDateAsserted(Date.from(clock.instant()));
        who.ifPresent(w -> statement.setInformationSource(w.copy()));
        return statement;
    }

    /** The pre-admission medication, stopped: not on the discharge list. */
    static Resource stopped(Resource before) {
        Resource copy = before.copy();
        if (copy instanceof MedicationStatement statement) {
            statement.setStatus(MedicationStatement.MedicationStatementStatus.STOPPED);
            statement.addStatusReason().setText("Not on the discharge list (medication reconciliation)");
        } else if (copy instanceof MedicationRequest request) {
            request.setStatus(MedicationRequest.MedicationRequestStatus.STOPPED);
            request.getStatusReason().setText("Not on the discharge list (medication reconciliation)");
        }
        return copy;
    }

    /** The pre-admission medication with the discharge list's dosage. */
    static Resource redosed(Resource before, Resource discharge) {
        Resource copy = before.copy();
        List<Dosage> dosage = dosage(discharge).stream().map(Dosage::copy).toList();
        if (copy instanceof MedicationStatement statement) {
            statement.setDosage(dosage);
        } else if (copy instanceof MedicationRequest request) {
            request.setDosageInstruction(dosage);
        }
        return copy;
    }

    /** The reconciliation Task, completed now, its output the reconciled List. */
    static Task completed(Task task, Reference list, Clock clock) {
        Task done = task.copy();
        Date now = Date.from(clock.instant());
        done.setStatus(Task.TaskStatus.COMPLETED);
        done.setLastModified(now);
        if (!done.getExecutionPeriod().hasStart()) {
            done.getExecutionPeriod().setStart(now);
        }
        done.getExecutionPeriod().setEnd(now);
        done.addOutput().setValue(list.copy()).getType().setText("Reconciled medication list");
        return done;
    }

    private static Type medication(Resource item) {
        return item instanceof MedicationRequest request
                ? request.getMedication()
                : ((MedicationStatement) item).getMedication();
    }

    private static List<Dosage> dosage(Resource item) {
        return item instanceof MedicationRequest request
                ? request.getDosageInstruction()
                : ((MedicationStatement) item).getDosage();
    }
}
