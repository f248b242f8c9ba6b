package dev.careflow.careplan;

import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;

/**
 * The answer of {@code $progress}: one {@code goal} parameter per Goal with a target, its parts the Goal, the measure,
 * the latest value ({@code none} without one), whether it meets the target, the trend, the achievement status, and
 * {@code provenance} when the Goal was brought in line.
 */
final class ProgressReport {

    private final Parameters parameters = new Parameters();

    /** Adds a Goal's parameter; the answer is the part to mark when the Goal is written back. */
    Parameters.ParametersParameterComponent add(Goal goal, GoalEvaluator.Evaluation evaluation) {
        Parameters.ParametersParameterComponent part = parameters.addParameter().setName("goal");
        part.addPart()
                .setName("goal")
                .setValue(new Reference(goal.getIdElement().toUnqualifiedVersionless()));
        part.addPart()
                .setName("measure")
                .setValue(evaluation.target().getMeasure().copy());
        if (evaluation.newestFirst().isEmpty()) {
            part.addPart().setName("latest").setValue(new CodeType("none"));
            return part;
        }
        Observation latest = evaluation.newestFirst().get(0);
        part.addPart()
                .setName("latest")
                .setValue(new Reference(latest.getIdElement().toUnqualifiedVersionless()));
        part.addPart().setName("value").setValue(latest.getValue().copy());
        part.addPart().setName("targetMet").setValue(new BooleanType(evaluation.targetMet()));
        evaluation.trend().ifPresent(t -> part.addPart().setName("trend").setValue(new CodeType(t.code())));
        part.addPart().setName("achievementStatus").setValue(new CodeType(evaluation.achievement()));
        return part;
    }

    static void writtenBack(Parameters.ParametersParameterComponent part) {
        part.addPart().setName("provenance").setValue(new BooleanType(true));
    }

    Parameters parameters() {
        return parameters;
    }
}
