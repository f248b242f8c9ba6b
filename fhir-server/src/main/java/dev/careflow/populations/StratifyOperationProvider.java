package dev.careflow.populations;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import dev.careflow.platform.CareflowOperationProvider;
import dev.careflow.platform.OperationAccess;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Parameters;
import org.springframework.stereotype.Component;

/** {@code POST Group/[id]/$stratify}: recomputes the registries and risk tiers of the Group's patients. */
@Component
public class StratifyOperationProvider implements CareflowOperationProvider {

    public static final String CANONICAL = "https://careflow.dev/fhir/OperationDefinition/stratify";

    private final StratifyService stratify;

    public StratifyOperationProvider(StratifyService stratify) {
        this.stratify = stratify;
    }

    @OperationAccess(
            resource = {"Group", "RiskAssessment"},
            interaction = {OperationAccess.Interaction.READ, OperationAccess.Interaction.UPDATE})
    @Operation(name = "$stratify", idempotent = false, type = Group.class, canonicalUrl = CANONICAL)
    public Parameters stratify(@IdParam IdType group) {
        return StratifyParameters.of(stratify.stratify(group));
    }
}
