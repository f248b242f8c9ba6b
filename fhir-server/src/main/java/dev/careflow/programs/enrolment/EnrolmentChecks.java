package dev.careflow.programs.enrolment;

import ca.uhn.fhir.repository.IRepository;
import dev.careflow.platform.CareflowException;
import dev.careflow.platform.Stored;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.DateTimeType;

/**
 * The checks of a {@code $enrol} request before any eligibility rule: a programme Careflow knows, the patient's
 * consent (how, when, by whom; a written consent with its document; given before the programme starts), a known billing
 * practitioner. Every problem found is named in one refusal (422).
 */
final class EnrolmentChecks {

    private final IRepository repository;
    private final Clock clock;

    EnrolmentChecks(IRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    EnrolmentResources.Enrolment check(EnrolmentRequest request, Optional<String> caller, LocalDate today) {
        List<String> reasons = new ArrayList<>();
        Optional<Programme> programme = request.programme().flatMap(Programme::of);
        if (request.programme().isEmpty()) {
            reasons.add("programme is required (one of " + EnrolmentService.known() + ")");
        } else if (programme.isEmpty()) {
            reasons.add(
                    "unknown programme '" + request.programme().get() + "' (one of " + EnrolmentService.known() + ")");
        }
        LocalDate start = request.start().orElse(today);
        consent(request, start, reasons);
        if (request.billingPractitioner().isEmpty()) {
            reasons.add("billing-practitioner is required: every programme is billed by one practitioner");
        } else {
            known(request.billingPractitioner().get(), "billing-practitioner", "Practitioner", reasons);
        }
        String givenBy = request.consentGivenBy().orElse(request.patient());
        if (!givenBy.equals(request.patient())) {
            known(givenBy, "consent-given-by", "RelatedPerson", reasons);
        }
        request.careManager().ifPresent(m -> known(m, "care-manager", "Practitioner", reasons));
        if (!reasons.isEmpty()) {
            throw new CareflowException(CareflowException.Kind.UNPROCESSABLE, reasons);
        }
        Optional<String> careManager = request.careManager()
                .or(() -> caller.filter(c -> c.startsWith("Practitioner/") || c.startsWith("PractitionerRole/")));
        return new EnrolmentResources.Enrolment(
                request.patient(),
                programme.get(),
                "written".equals(request.consentMethod().get()),
                request.consentDate().get(),
                givenBy,
                request.billingPractitioner().get(),
                careManager,
                start,
                request.consentDocument(),
                Optional.empty());
    }

    private void consent(EnrolmentRequest request, LocalDate start, List<String> reasons) {
        if (request.consentMethod().isEmpty() || request.consentDate().isEmpty()) {
            reasons.add("no consent: CMS requires the patient's verbal or written consent before care management"
                    + " starts (consent-method and consent-date are required)");
            return;
        }
        String method = request.consentMethod().get();
        if (!method.equals("verbal") && !method.equals("written")) {
            reasons.add("consent-method must be verbal or written, not '" + method + "'");
        }
        if (method.equals("written") && request.consentDocument().isEmpty()) {
            reasons.add("a written consent needs its signed document (consent-document)");
        }
        DateTimeType date = request.consentDate().get();
        LocalDate given = EnrolmentQueries.day(date, clock.getZone());
        if (given.isAfter(LocalDate.now(clock))) {
            reasons.add("consent-date " + date.getValueAsString() + " is in the future");
        }
        if (given.isAfter(start)) {
            reasons.add("consent must be given before the programme starts (consent-date " + given + ", start " + start
                    + ")");
        }
    }

    private void known(String reference, String parameter, String type, List<String> reasons) {
        boolean typed = reference.startsWith(type + "/")
                || (parameter.equals("care-manager") && reference.startsWith("PractitionerRole/"));
        if (!typed) {
            reasons.add(parameter + " must reference a " + type + ", not " + reference);
        } else if (Stored.find(repository, reference).isEmpty()) {
            reasons.add(parameter + " " + reference + " is not known");
        }
    }
}
