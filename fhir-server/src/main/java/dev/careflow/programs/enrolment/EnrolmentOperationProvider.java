package dev.careflow.programs.enrolment;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import dev.careflow.audit.Callers;
import dev.careflow.platform.CareflowOperationProvider;
import dev.careflow.platform.OperationAccess;
import java.time.LocalDate;
import java.util.Optional;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.springframework.stereotype.Component;

/**
 * {@code Patient/[id]/$eligibility}, {@code $enrol} and {@code $withdraw}: the care-management programmes a patient
 * qualifies for, enrolment with consent, and withdrawal at the end of the month. Staff and backend services only:
 * eligibility is the practice's billing view of a patient (registries, Medicaid status), not the patient's own record.
 */
@Component
public class EnrolmentOperationProvider implements CareflowOperationProvider {

    public static final String ELIGIBILITY = "https://careflow.dev/fhir/OperationDefinition/eligibility";
    public static final String ENROL = "https://careflow.dev/fhir/OperationDefinition/enrol";
    public static final String WITHDRAW = "https://careflow.dev/fhir/OperationDefinition/withdraw";

    private final EligibilityService eligibility;
    private final EnrolmentService enrolment;
    private final WithdrawalService withdrawal;

    public EnrolmentOperationProvider(
            EligibilityService eligibility, EnrolmentService enrolment, WithdrawalService withdrawal) {
        this.eligibility = eligibility;
        this.enrolment = enrolment;
        this.withdrawal = withdrawal;
    }

    @OperationAccess(
            resource = {"Patient", "Group", "Coverage"},
            interaction = OperationAccess.Interaction.READ)
    @Operation(name = "$eligibility", idempotent = true, type = Patient.class, canonicalUrl = ELIGIBILITY)
    public Parameters eligibility(@IdParam IdType patient) {
        return EligibilityParameters.of(eligibility.eligibility(patientOf(patient)));
    }

    @OperationAccess(
            resource = {"EpisodeOfCare", "Consent"},
            interaction = OperationAccess.Interaction.CREATE)
    @Operation(name = "$enrol", type = Patient.class, canonicalUrl = ENROL)
    public EpisodeOfCare enrol(
            @IdParam IdType patient,
            @OperationParam(name = "programme", max = 1) CodeType programme,
            @OperationParam(name = "consent-method", max = 1) CodeType consentMethod,
            @OperationParam(name = "consent-date", max = 1) DateTimeType consentDate,
            @OperationParam(name = "consent-given-by", max = 1) Reference consentGivenBy,
            @OperationParam(name = "consent-document", max = 1) Attachment consentDocument,
            @OperationParam(name = "billing-practitioner", max = 1) Reference billingPractitioner,
            @OperationParam(name = "care-manager", max = 1) Reference careManager,
            @OperationParam(name = "start", max = 1) DateType start) {
        return enrolment.enrol(
                new EnrolmentRequest(
                        patientOf(patient),
                        text(programme),
                        text(consentMethod),
                        Optional.ofNullable(consentDate).filter(DateTimeType::hasValue),
                        reference(consentGivenBy),
                        reference(billingPractitioner),
                        reference(careManager),
                        Optional.ofNullable(start)
                                .filter(DateType::hasValue)
                                .map(d -> LocalDate.parse(d.getValueAsString())),
                        Optional.ofNullable(consentDocument)),
                Callers.fhirUser());
    }

    @OperationAccess(
            resource = {"EpisodeOfCare", "Consent"},
            interaction = OperationAccess.Interaction.UPDATE)
    @Operation(name = "$withdraw", type = Patient.class, canonicalUrl = WITHDRAW)
    public EpisodeOfCare withdraw(
            @IdParam IdType patient,
            @OperationParam(name = "programme", min = 1, max = 1) CodeType programme,
            @OperationParam(name = "reason", min = 1, max = 1) StringType reason) {
        return withdrawal.withdraw(patientOf(patient), programme.getValue(), reason.getValue(), Callers.fhirUser());
    }

    private static String patientOf(IdType id) {
        return "Patient/" + id.getIdPart();
    }

    private static Optional<String> text(CodeType code) {
        return Optional.ofNullable(code).filter(CodeType::hasValue).map(CodeType::getValue);
    }

    private static Optional<String> reference(Reference reference) {
        return Optional.ofNullable(reference)
                .filter(Reference::hasReference)
                .map(r -> r.getReferenceElement().toUnqualifiedVersionless().getValue());
    }
}
