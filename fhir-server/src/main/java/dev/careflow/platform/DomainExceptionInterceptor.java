package dev.careflow.platform;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.util.List;
import org.hl7.fhir.r4.model.OperationOutcome;

/** Maps {@link CareflowException} to its HTTP status with an OperationOutcome: one error issue per reason. */
@Interceptor
public class DomainExceptionInterceptor implements CareflowRequestInterceptor {

    private final FhirContext fhirContext;

    public DomainExceptionInterceptor(FhirContext fhirContext) {
        this.fhirContext = fhirContext;
    }

    @Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
    public BaseServerResponseException mapDomainException(Throwable exception) {
        Throwable cause = exception;
        while (cause != null && !(cause instanceof CareflowException)) {
            cause = cause.getCause();
        }
        return cause instanceof CareflowException refusal ? toServerException(refusal) : null;
    }

    BaseServerResponseException toServerException(CareflowException refusal) {
        OperationOutcome outcome = outcome(refusal);
        String message = refusal.getMessage();
        return switch (refusal.kind()) {
            case MALFORMED -> new InvalidRequestException(message, outcome);
            case NOT_FOUND -> new ResourceNotFoundException(message, outcome);
            case CONFLICT -> new ResourceVersionConflictException(message, outcome);
            case UNPROCESSABLE -> new UnprocessableEntityException(fhirContext, outcome);
        };
    }

    /**
     * A 400 for platform's own checks, thrown from HAPI hooks: as HAPI's exception type, since HAPI logs any other type
     * a hook throws at ERROR with its stack trace, and a client's bad input is no server error.
     */
    static InvalidRequestException badRequest(List<String> problems) {
        CareflowException refusal = new CareflowException(CareflowException.Kind.MALFORMED, problems);
        return new InvalidRequestException(refusal.getMessage(), outcome(refusal));
    }

    static OperationOutcome outcome(CareflowException refusal) {
        OperationOutcome outcome = new OperationOutcome();
        for (String reason : refusal.reasons()) {
            outcome.addIssue()
                    .setSeverity(OperationOutcome.IssueSeverity.ERROR)
                    .setCode(OperationOutcome.IssueType.fromCode(refusal.kind().issueType()))
                    .setDiagnostics(reason);
        }
        return outcome;
    }
}
