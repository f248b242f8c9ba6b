package dev.careflow.medications;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import dev.careflow.platform.CareflowOperationProvider;
import dev.careflow.platform.OperationAccess;
import java.util.Optional;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.ListResource;
import org.hl7.fhir.r4.model.Patient;
import org.springframework.stereotype.Component;

/** {@code POST Patient/[id]/$reconcile-medications}: pre-admission against discharge medications, as a List. */
@Component
public class ReconcileMedicationsOperationProvider implements CareflowOperationProvider {

    public static final String CANONICAL = "https://careflow.dev/fhir/OperationDefinition/reconcile-medications";

    private final MedicationReconciliationService reconciliation;

    public ReconcileMedicationsOperationProvider(MedicationReconciliationService reconciliation) {
        this.reconciliation = reconciliation;
    }

    @OperationAccess(
            resource = "MedicationRequest",
            interaction = OperationAccess.Interaction.READ,
            patientCompartment = true)
    @Operation(name = "$reconcile-medications", type = Patient.class, canonicalUrl = CANONICAL)
    public ListResource reconcile(
            @IdParam IdType patient, @OperationParam(name = "discharge", max = 1) ListResource discharge) {
        return reconciliation.reconcile(patient, Optional.ofNullable(discharge));
    }
}
