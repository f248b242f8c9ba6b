package dev.careflow.programs;

import java.time.YearMonth;
import java.util.Map;
import java.util.TreeSet;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;

/**
 * The answer of {@code $time-spent}: a {@code month} parameter per month (oldest first) with a {@code practitioner}
 * part per practitioner (minutes and Tasks; no reference when none is named), the month's {@code totalMinutes}, and an
 * {@code outreach} part per Task with outreach attempts that month (attempts, unsuccessful ones, their minutes when
 * recorded); then, when there were any, the patient's {@code attempts} in all.
 */
final class TimeSpentParameters {

    private TimeSpentParameters() {}

    static Parameters of(TimeSpentService.TimeSpent spent) {
        Parameters parameters = new Parameters();
        TreeSet<YearMonth> months = new TreeSet<>(spent.months().keySet());
        months.addAll(spent.attempts().keySet());
        int attempts = 0;
        for (YearMonth month : months) {
            Parameters.ParametersParameterComponent part =
                    parameters.addParameter().setName("month");
            part.addPart().setName("month").setValue(new StringType(month.toString()));
            long total = 0;
            for (Map.Entry<String, TimeSpentService.Tally> who :
                    spent.months().getOrDefault(month, Map.of()).entrySet()) {
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
            for (Map.Entry<String, TimeSpentService.Attempts> task :
                    spent.attempts().getOrDefault(month, Map.of()).entrySet()) {
                outreach(part.addPart().setName("outreach"), task.getKey(), task.getValue());
                attempts += task.getValue().count();
            }
        }
        if (attempts > 0) {
            parameters.addParameter().setName("attempts").setValue(new IntegerType(attempts));
        }
        return parameters;
    }

    private static void outreach(
            Parameters.ParametersParameterComponent part, String task, TimeSpentService.Attempts attempts) {
        part.addPart().setName("task").setValue(new Reference(task));
        part.addPart().setName("attempts").setValue(new IntegerType(attempts.count()));
        part.addPart().setName("unsuccessful").setValue(new IntegerType(attempts.unsuccessful()));
        attempts.minutes()
                .ifPresent(minutes -> part.addPart().setName("minutes").setValue(new IntegerType(minutes)));
    }
}
