package dev.careflow.platform;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.ConceptValidationOptions;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.context.support.ValidationSupportContext;
import java.util.Set;
import org.hl7.fhir.common.hapi.validation.support.BaseValidationSupport;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Code systems of other publishers that Careflow references without holding them: their codes are a warning, not
 * checked, rather than the error HL7's validator makes of a code of an unknown code system under {@code hl7.org/fhir}.
 * Careflow does not republish another publisher's code system (not even a fragment) and installs no package from a
 * registry; a server that installs the real package answers from it first (this support is the last of the chain).
 * Today one: Da Vinci Unsolicited Notifications' {@code notification-event} (hl7.fhir.us.davinci-alerts), whose codes
 * every Da Vinci notification carries in {@code MessageHeader.eventCoding}; {@code $process-message} checks the codes it
 * acts on itself.
 */
class ReferencedCodeSystems extends BaseValidationSupport {

    private final Set<String> systems;

    ReferencedCodeSystems(FhirContext fhirContext, Set<String> systems) {
        super(fhirContext);
        this.systems = Set.copyOf(systems);
    }

    @Override
    public String getName() {
        return "Careflow referenced code systems";
    }

    @Override
    public boolean isCodeSystemSupported(ValidationSupportContext context, String system) {
        return systems.contains(system);
    }

    @Override
    public CodeValidationResult validateCode(
            ValidationSupportContext context,
            ConceptValidationOptions options,
            String system,
            String code,
            String display,
            String valueSetUrl) {
        if (!systems.contains(system)) {
            return null;
        }
        String message = "Code system " + system + " is referenced, not installed on this server: code '" + code
                + "' is not checked against it";
        return new CodeValidationResult()
                .setCode(code)
                .setDisplay(display)
                .setSeverity(IValidationSupport.IssueSeverity.WARNING)
                .setMessage(message)
                .addIssue(new CodeValidationIssue(
                        message,
                        IValidationSupport.IssueSeverity.WARNING,
                        CodeValidationIssueCode.NOT_FOUND,
                        CodeValidationIssueCoding.NOT_FOUND));
    }

    @Override
    public CodeValidationResult validateCodeInValueSet(
            ValidationSupportContext context,
            ConceptValidationOptions options,
            String system,
            String code,
            String display,
            IBaseResource valueSet) {
        return validateCode(context, options, system, code, display, null);
    }
}
