package dev.careflow.programs.enrolment;

import java.util.List;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;

/** The answer of {@code $eligibility}: one {@code programme} part per programme. */
final class EligibilityParameters {

    private EligibilityParameters() {}

    static Parameters of(List<Eligibility.Verdict> verdicts) {
        Parameters parameters = new Parameters();
        for (Eligibility.Verdict verdict : verdicts) {
            Parameters.ParametersParameterComponent programme =
                    parameters.addParameter().setName("programme");
            programme.addPart().setName("code").setValue(verdict.programme().coding());
            programme.addPart().setName("eligible").setValue(new BooleanType(verdict.eligible()));
            verdict.reasons()
                    .forEach(reason -> programme.addPart().setName("reason").setValue(new StringType(reason)));
            verdict.evidence()
                    .forEach(evidence -> programme.addPart().setName("evidence").setValue(new Reference(evidence)));
            verdict.level()
                    .ifPresent(level -> programme.addPart().setName("level").setValue(level.coding()));
        }
        return parameters;
    }
}
