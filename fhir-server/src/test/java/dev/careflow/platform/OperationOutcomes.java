package dev.careflow.platform;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.OperationOutcome;

/** Test helper: parses an OperationOutcome body. */
final class OperationOutcomes {

    private static final FhirContext R4 = FhirContext.forR4Cached();

    private OperationOutcomes() {}

    static OperationOutcome parse(String body) {
        return R4.newJsonParser().parseResource(OperationOutcome.class, body);
    }
}
