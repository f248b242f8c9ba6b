package dev.careflow.careplan.document;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import dev.careflow.platform.CareflowOperationProvider;
import dev.careflow.platform.OperationAccess;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.IdType;
import org.springframework.stereotype.Component;

/**
 * {@code CarePlan/[id]/$document}: the plan of care as a FHIR document with a printable narrative; not stored. Staff
 * with CarePlan read scopes call it on any plan; a patient's token ({@code patient/CarePlan.r}) on his own plans only
 * (CCM requires that he has a copy), anyone else's is refused as an unknown one is.
 */
@Component
public class PlanDocumentOperationProvider implements CareflowOperationProvider {

    public static final String CANONICAL = "https://careflow.dev/fhir/OperationDefinition/care-plan-document";

    private final PlanDocumentService documents;

    public PlanDocumentOperationProvider(PlanDocumentService documents) {
        this.documents = documents;
    }

    @OperationAccess(resource = "CarePlan", interaction = OperationAccess.Interaction.READ, patientCompartment = true)
    @Operation(name = "$document", idempotent = true, type = CarePlan.class, canonicalUrl = CANONICAL)
    public Bundle document(@IdParam IdType plan, RequestDetails request) {
        return documents.document("CarePlan/" + plan.getIdPart(), request.getFhirServerBase());
    }
}
