package dev.careflow.transitions;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import dev.careflow.platform.CareflowOperationProvider;
import dev.careflow.platform.OperationAccess;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.springframework.stereotype.Component;

/** {@code GET Patient/[id]/$tcm-status}: the state of each transitional care episode of the patient. */
@Component
public class TcmStatusOperationProvider implements CareflowOperationProvider {

    public static final String CANONICAL = "https://careflow.dev/fhir/OperationDefinition/tcm-status";

    private final TcmStatusService status;

    public TcmStatusOperationProvider(TcmStatusService status) {
        this.status = status;
    }

    @OperationAccess(resource = "Patient", interaction = OperationAccess.Interaction.READ, patientCompartment = true)
    @Operation(name = "$tcm-status", idempotent = true, type = Patient.class, canonicalUrl = CANONICAL)
    public Parameters tcmStatus(@IdParam IdType patient) {
        return status.status(patient);
    }
}
