package dev.careflow.programs;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import dev.careflow.platform.CareflowException;
import dev.careflow.platform.CareflowOperationProvider;
import dev.careflow.platform.OperationAccess;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.StringType;
import org.springframework.stereotype.Component;

/** {@code Patient/[id]/$time-spent}: care management minutes per calendar month and per practitioner. */
@Component
public class TimeSpentOperationProvider implements CareflowOperationProvider {

    public static final String CANONICAL = "https://careflow.dev/fhir/OperationDefinition/time-spent";

    private final TimeSpentService timeSpent;

    public TimeSpentOperationProvider(TimeSpentService timeSpent) {
        this.timeSpent = timeSpent;
    }

    @OperationAccess(resource = "Patient", interaction = OperationAccess.Interaction.READ, patientCompartment = true)
    @Operation(name = "$time-spent", idempotent = true, type = Patient.class, canonicalUrl = CANONICAL)
    public Parameters timeSpent(
            @IdParam IdType patient,
            @OperationParam(name = "from", max = 1) StringType from,
            @OperationParam(name = "to", max = 1) StringType to) {
        return TimeSpentParameters.of(timeSpent.timeSpent(patient, month("from", from), month("to", to)));
    }

    private static Optional<YearMonth> month(String name, StringType value) {
        if (value == null || !value.hasValue()) {
            return Optional.empty();
        }
        try {
            return Optional.of(YearMonth.parse(value.getValue()));
        } catch (DateTimeParseException e) {
            throw new CareflowException(
                    CareflowException.Kind.MALFORMED,
                    List.of(name + " must be a month as YYYY-MM, not '" + value.getValue() + "'"));
        }
    }
}
