package dev.careflow.worklist;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import dev.careflow.platform.CareflowException;
import dev.careflow.platform.CareflowOperationProvider;
import dev.careflow.platform.OperationAccess;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;
import org.springframework.stereotype.Component;

/** {@code Practitioner/[id]/$worklist} and {@code Practitioner/[id]/$caseload}. */
@Component
public class WorklistOperationProvider implements CareflowOperationProvider {

    public static final String WORKLIST = "https://careflow.dev/fhir/OperationDefinition/worklist";
    public static final String CASELOAD = "https://careflow.dev/fhir/OperationDefinition/caseload";

    private final WorklistService worklists;

    public WorklistOperationProvider(WorklistService worklists) {
        this.worklists = worklists;
    }

    @OperationAccess(resource = "Task", interaction = OperationAccess.Interaction.READ)
    @Operation(name = "$worklist", idempotent = true, type = Practitioner.class, canonicalUrl = WORKLIST)
    public Bundle worklist(
            @IdParam IdType practitioner,
            @OperationParam(name = "due-before", max = 1) DateType dueBefore,
            @OperationParam(name = "priority", max = 1) org.hl7.fhir.r4.model.CodeType priority,
            @OperationParam(name = "code", max = 1) StringType code,
            @OperationParam(name = "patient", max = 1) StringType patient,
            @OperationParam(name = "_count", max = 1) IntegerType count,
            @OperationParam(name = "_offset", max = 1) IntegerType offset,
            RequestDetails request) {
        WorklistQuery query = new WorklistQuery(
                "Practitioner/" + practitioner.getIdPart(),
                Optional.ofNullable(dueBefore).filter(DateType::hasValue).map(WorklistOperationProvider::firstDay),
                Optional.ofNullable(priority)
                        .filter(org.hl7.fhir.r4.model.CodeType::hasValue)
                        .map(p -> priority(p.getValue())),
                Optional.ofNullable(code)
                        .filter(StringType::hasValue)
                        .filter(c -> c.getValue().contains("|"))
                        .map(c -> c.getValue().substring(0, c.getValue().indexOf('|')))
                        .filter(s -> !s.isEmpty()),
                Optional.ofNullable(code).filter(StringType::hasValue).map(c -> c.getValue()
                        .substring(c.getValue().indexOf('|') + 1)),
                Optional.ofNullable(patient)
                        .filter(StringType::hasValue)
                        .map(p -> p.getValue().contains("/") ? p.getValue() : "Patient/" + p.getValue()),
                bounded("_count", count, WorklistQuery.DEFAULT_COUNT, 1, WorklistQuery.MAX_COUNT),
                bounded("_offset", offset, 0, 0, Integer.MAX_VALUE));
        return WorklistBundle.of(worklists.worklist(query), query, request.getFhirServerBase());
    }

    @OperationAccess(resource = "Task", interaction = OperationAccess.Interaction.READ)
    @Operation(name = "$caseload", idempotent = true, type = Practitioner.class, canonicalUrl = CASELOAD)
    public Parameters caseload(@IdParam IdType practitioner, @OperationParam(name = "sort", max = 1) StringType sort) {
        String order = sort == null || !sort.hasValue() ? "overdue" : sort.getValue();
        if (!order.equals("overdue") && !order.equals("risk")) {
            throw new CareflowException(
                    CareflowException.Kind.MALFORMED, List.of("sort '" + order + "' is not one of overdue, risk"));
        }
        return WorklistBundle.caseload(
                worklists.caseload("Practitioner/" + practitioner.getIdPart(), order.equals("risk")));
    }

    /** The first day of a FHIR date of any precision: {@code 2026} is before 2026-01-01, {@code 2026-03} before March. */
    private static LocalDate firstDay(DateType date) {
        return LocalDate.of(
                date.getYear(),
                date.getPrecision().ordinal() >= TemporalPrecisionEnum.MONTH.ordinal() ? date.getMonth() + 1 : 1,
                date.getPrecision().ordinal() >= TemporalPrecisionEnum.DAY.ordinal() ? date.getDay() : 1);
    }

    private static Task.TaskPriority priority(String code) {
        try {
            return Task.TaskPriority.fromCode(code);
        } catch (org.hl7.fhir.exceptions.FHIRException e) {
            throw new CareflowException(
                    CareflowException.Kind.MALFORMED,
                    List.of("priority '" + code + "' is not one of routine, urgent, asap, stat"));
        }
    }

    private static int bounded(String name, IntegerType value, int fallback, int min, int max) {
        if (value == null || !value.hasValue()) {
            return fallback;
        }
        if (value.getValue() < min || value.getValue() > max) {
            throw new CareflowException(
                    CareflowException.Kind.MALFORMED,
                    List.of(name + " must be between " + min + " and " + max + ", not " + value.getValue()));
        }
        return value.getValue();
    }
}
