package dev.careflow.populations;

import java.util.List;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;

/** The answer of {@code $stratify}: one {@code patient} parameter per patient with its tier, registries and assessment. */
final class StratifyParameters {

    private StratifyParameters() {}

    static Parameters of(List<RegistryService.Outcome> outcomes) {
        Parameters parameters = new Parameters();
        for (RegistryService.Outcome outcome : outcomes) {
            Parameters.ParametersParameterComponent patient =
                    parameters.addParameter().setName("patient");
            patient.addPart().setName("patient").setValue(new Reference(outcome.patient()));
            patient.addPart().setName("tier").setValue(outcome.tier().coding());
            outcome.registries().keySet().forEach(r -> patient.addPart()
                    .setName("registry")
                    .setValue(new Reference(r.groupReference()).setDisplay(r.title())));
            outcome.tierAssessment()
                    .ifPresent(a -> patient.addPart().setName("riskAssessment").setValue(new Reference(a)));
        }
        return parameters;
    }
}
