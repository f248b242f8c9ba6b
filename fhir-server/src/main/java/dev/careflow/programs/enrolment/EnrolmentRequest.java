package dev.careflow.programs.enrolment;

import java.time.LocalDate;
import java.util.Optional;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.DateTimeType;

/**
 * A {@code $enrol} request as the provider read it; the service checks it (what is missing is a refusal naming the
 * rule, not a malformed request).
 *
 * @param patient {@code Patient/id}
 * @param programme the care-programme code
 * @param consentMethod {@code verbal} or {@code written}
 * @param consentGivenBy who gave consent ({@code Patient/id} or {@code RelatedPerson/id}); the patient when empty
 * @param careManager the care manager; the caller (fhirUser) when empty
 * @param start the first day of the episode; today when empty
 * @param consentDocument the signed document of a written consent
 */
public record EnrolmentRequest(
        String patient,
        Optional<String> programme,
        Optional<String> consentMethod,
        Optional<DateTimeType> consentDate,
        Optional<String> consentGivenBy,
        Optional<String> billingPractitioner,
        Optional<String> careManager,
        Optional<LocalDate> start,
        Optional<Attachment> consentDocument) {}
