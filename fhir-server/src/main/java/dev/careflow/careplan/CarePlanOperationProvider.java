package dev.careflow.careplan;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import dev.careflow.platform.CareflowOperationProvider;
import dev.careflow.platform.OperationAccess;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.springframework.stereotype.Component;

/** {@code Patient/[id]/$propose-care-plan}, {@code CarePlan/[id]/$progress} and {@code CarePlan/[id]/$revise}. */
@Component
public class CarePlanOperationProvider implements CareflowOperationProvider {

    public static final String PROPOSE = "https://careflow.dev/fhir/OperationDefinition/propose-care-plan";
    public static final String PROGRESS = "https://careflow.dev/fhir/OperationDefinition/progress";
    public static final String REVISE = "https://careflow.dev/fhir/OperationDefinition/revise";

    private final CarePlanProposalService proposals;
    private final CarePlanProgressService progress;
    private final CarePlanRevisionService revisions;

    public CarePlanOperationProvider(
            CarePlanProposalService proposals, CarePlanProgressService progress, CarePlanRevisionService revisions) {
        this.proposals = proposals;
        this.progress = progress;
        this.revisions = revisions;
    }

    @OperationAccess(resource = "CarePlan", interaction = OperationAccess.Interaction.UPDATE)
    @Operation(name = "$progress", type = org.hl7.fhir.r4.model.CarePlan.class, canonicalUrl = PROGRESS)
    public org.hl7.fhir.r4.model.Parameters progress(@IdParam IdType plan) {
        return progress.progress(plan);
    }

    @OperationAccess(resource = "CarePlan", interaction = OperationAccess.Interaction.UPDATE)
    @Operation(name = "$revise", type = org.hl7.fhir.r4.model.CarePlan.class, canonicalUrl = REVISE)
    public org.hl7.fhir.r4.model.CarePlan revise(
            @IdParam IdType plan,
            @OperationParam(name = "reason", max = 1) org.hl7.fhir.r4.model.StringType reason,
            @OperationParam(name = "author", max = 1) org.hl7.fhir.r4.model.Reference author) {
        return revisions.revise(
                plan,
                java.util.Optional.ofNullable(reason).filter(r -> r.hasValue()).map(r -> r.getValue()),
                java.util.Optional.ofNullable(author).filter(a -> a.hasReference()));
    }

    @OperationAccess(resource = "CarePlan", interaction = OperationAccess.Interaction.CREATE)
    @Operation(name = "$propose-care-plan", type = Patient.class, canonicalUrl = PROPOSE)
    public Bundle propose(@IdParam IdType patient, @OperationParam(name = "persist", max = 1) BooleanType persist) {
        return proposals.propose(patient, persist == null || !persist.hasValue() || persist.getValue());
    }
}
