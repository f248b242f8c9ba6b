package dev.careflow.programs;

import java.time.YearMonth;
import java.util.Map;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;

/**
 * The answer of {@code $time-spent}: a {@code month} parameter per month (oldest first) with a {@code practitioner}
 * part per practitioner (minutes and Tasks; no reference when none is named) and the month's {@code totalMinutes}.
 */
final class TimeSpentParameters {

    private TimeSpentParameters() {}

    static Parameters of(TimeSpentService.TimeSpent spent) {
        Parameters parameters = new Parameters();
        for (Map.Entry<YearMonth, Map<String, TimeSpentService.Tally>> month :
                spent.months().entrySet()) {
            Parameters.ParametersParameterComponent part =
                    parameters.addParameter().setName("month");
            part.addPart()
                    .setName("month")
                    .setValue(new StringType(month.getKey().toString()));
            long total = 0;
            for (Map.Entry<String, TimeSpentService.Tally> who :
                    month.getValue().entrySet()) {
                Parameters.ParametersParameterComponent practitioner =
                        part.addPart().setName("practitioner");
                if (!who.getKey().isEmpty()) {
                    practitioner.addPart().setName("practitioner").setValue(new Reference(who.getKey()));
                }
                practitioner
                        .addPart()
                        .setName("minutes")
                        .setValue(new IntegerType(who.getValue().minutes()));
                practitioner
                        .addPart()
                        .setName("tasks")
                        .setValue(new IntegerType(who.getValue().tasks()));
                total += who.getValue().minutes();
            }
            part.addPart().setName("totalMinutes").setValue(new IntegerType(total));
        }
        return parameters;
    }
}
