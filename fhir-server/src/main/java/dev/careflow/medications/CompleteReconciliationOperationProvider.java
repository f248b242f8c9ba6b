package dev.careflow.medications;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import dev.careflow.audit.Callers;
import dev.careflow.platform.CareflowOperationProvider;
import dev.careflow.platform.OperationAccess;
import java.util.Optional;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.ListResource;
import org.hl7.fhir.r4.model.Patient;
import org.springframework.stereotype.Component;

/**
 * {@code POST Patient/[id]/$complete-medication-reconciliation}: stores the reconciled medication list, updates the
 * medications and completes the TCM reconciliation Task, recording the caller.
 */
@Component
public class CompleteReconciliationOperationProvider implements CareflowOperationProvider {

    public static final String CANONICAL =
            "https://careflow.dev/fhir/OperationDefinition/complete-medication-reconciliation";

    private final ReconciliationCompletionService completion;

    public CompleteReconciliationOperationProvider(ReconciliationCompletionService completion) {
        this.completion = completion;
    }

    @OperationAccess(
            resource = {"MedicationStatement", "MedicationRequest", "List", "Task"},
            interaction = {OperationAccess.Interaction.CREATE, OperationAccess.Interaction.UPDATE})
    @Operation(name = "$complete-medication-reconciliation", type = Patient.class, canonicalUrl = CANONICAL)
    public ListResource complete(
            @IdParam IdType patient, @OperationParam(name = "discharge", max = 1) ListResource discharge) {
        return completion.complete(patient, Optional.ofNullable(discharge), Callers.fhirUser());
    }
}
