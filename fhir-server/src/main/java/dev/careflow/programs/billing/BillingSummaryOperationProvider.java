package dev.careflow.programs.billing;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import dev.careflow.platform.CareflowException;
import dev.careflow.platform.CareflowOperationProvider;
import dev.careflow.platform.OperationAccess;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.StringType;
import org.springframework.stereotype.Component;

/**
 * {@code Practitioner/[id]/$billing-summary} and {@code Organization/[id]/$billing-summary}: the month's codes earned
 * per patient, stored as ChargeItems. Staff and backend tokens only: it writes ChargeItems.
 */
@Component
public class BillingSummaryOperationProvider implements CareflowOperationProvider {

    public static final String CANONICAL = "https://careflow.dev/fhir/OperationDefinition/billing-summary";

    private final BillingSummaryService billing;

    public BillingSummaryOperationProvider(BillingSummaryService billing) {
        this.billing = billing;
    }

    @OperationAccess(
            resource = {"ChargeItem", "EpisodeOfCare"},
            interaction = {OperationAccess.Interaction.READ, OperationAccess.Interaction.CREATE})
    @Operation(name = "$billing-summary", type = Practitioner.class, canonicalUrl = CANONICAL)
    public Parameters ofPractitioner(
            @IdParam IdType practitioner, @OperationParam(name = "month", min = 1, max = 1) StringType month) {
        return BillingSummaryParameters.of(
                billing.ofPractitioner("Practitioner/" + practitioner.getIdPart(), month(month)));
    }

    @OperationAccess(
            resource = {"ChargeItem", "EpisodeOfCare"},
            interaction = {OperationAccess.Interaction.READ, OperationAccess.Interaction.CREATE})
    @Operation(name = "$billing-summary", type = Organization.class, canonicalUrl = CANONICAL)
    public Parameters ofOrganization(
            @IdParam IdType organization, @OperationParam(name = "month", min = 1, max = 1) StringType month) {
        return BillingSummaryParameters.of(
                billing.ofOrganization("Organization/" + organization.getIdPart(), month(month)));
    }

    private static YearMonth month(StringType value) {
        if (value == null || !value.hasValue()) {
            throw new CareflowException(CareflowException.Kind.MALFORMED, List.of("month is required, as YYYY-MM"));
        }
        try {
            return YearMonth.parse(value.getValue());
        } catch (DateTimeParseException e) {
            throw new CareflowException(
                    CareflowException.Kind.MALFORMED,
                    List.of("month must be a month as YYYY-MM, not '" + value.getValue() + "'"));
        }
    }
}
