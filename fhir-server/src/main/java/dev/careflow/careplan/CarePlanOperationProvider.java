package dev.careflow.careplan;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import dev.careflow.platform.CareflowOperationProvider;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.springframework.stereotype.Component;

/** {@code Patient/[id]/$propose-care-plan}. */
@Component
public class CarePlanOperationProvider implements CareflowOperationProvider {

    public static final String PROPOSE = "https://careflow.dev/fhir/OperationDefinition/propose-care-plan";

    private final CarePlanProposalService proposals;

    public CarePlanOperationProvider(CarePlanProposalService proposals) {
        this.proposals = proposals;
    }

    @Operation(name = "$propose-care-plan", type = Patient.class, canonicalUrl = PROPOSE)
    public Bundle propose(@IdParam IdType patient, @OperationParam(name = "persist", max = 1) BooleanType persist) {
        return proposals.propose(patient, persist == null || !persist.hasValue() || persist.getValue());
    }
}
