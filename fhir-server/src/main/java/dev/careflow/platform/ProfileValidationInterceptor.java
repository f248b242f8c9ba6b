package dev.careflow.platform;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.IValidatorModule;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;

/**
 * Validates every resource that claims a Careflow profile in {@code meta.profile}, on create and on update (PUT, PATCH,
 * and entries of batches and transactions alike, since it listens on the storage pointcuts), and refuses it with 422
 * and an OperationOutcome naming the failing elements when it does not conform. Resources that claim no Careflow
 * profile are stored as HAPI stores them.
 */
@Interceptor
public class ProfileValidationInterceptor implements CareflowStorageInterceptor {

    public static final String CAREFLOW_PROFILE_PREFIX = "https://careflow.dev/fhir/StructureDefinition/";

    private final FhirContext fhirContext;
    private final FhirValidator validator;
    private final ReferenceTargets referenceTargets;

    public ProfileValidationInterceptor(FhirContext fhirContext, IValidatorModule instanceValidator) {
        this.fhirContext = fhirContext;
        this.validator = fhirContext.newValidator().registerValidatorModule(instanceValidator);
        this.referenceTargets = ReferenceTargets.fromProfilesPackage(fhirContext);
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
    public void resourceCreated(IBaseResource resource, RequestDetails request) {
        if (!isCareflowsOwnWrite(resource, request)) {
            validateIfClaimed(resource);
        }
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
    public void resourceUpdated(IBaseResource previous, IBaseResource resource, RequestDetails request) {
        if (!isCareflowsOwnWrite(resource, request)) {
            validateIfClaimed(resource);
        }
    }

    /**
     * Resources Careflow's services build themselves (TCM plans and tasks, say), written through the services'
     * repository by the server itself, are held to the profiles by {@code GeneratedResourcesConformIT}, not
     * re-validated on every write (the validator is the most expensive step of a notification). Everything else is
     * validated: a client's writes, and outside data stored by the server (resources a notification carries, marked by
     * {@link WriteOrigin#outside}).
     */
    static boolean isCareflowsOwnWrite(IBaseResource resource, RequestDetails request) {
        return request instanceof SystemRequestDetails && WriteOrigin.isCareflows(resource);
    }

    void validateIfClaimed(IBaseResource resource) {
        if (!claimsCareflowProfile(resource)) {
            return;
        }
        ValidationResult result = validator.validateWithResult(resource);
        List<SingleValidationMessage> errors = new ArrayList<>(result.getMessages().stream()
                .filter(m -> m.getSeverity() != null && m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal())
                .toList());
        for (String problem : referenceTargets.problems(resource)) {
            SingleValidationMessage message = new SingleValidationMessage();
            message.setSeverity(ResultSeverityEnum.ERROR);
            message.setLocationString(problem.substring(0, problem.indexOf(':')));
            message.setMessage(problem);
            errors.add(message);
        }
        if (!errors.isEmpty()) {
            ValidationResult failed = new ValidationResult(fhirContext, errors);
            throw new UnprocessableEntityException(fhirContext, failed.toOperationOutcome());
        }
    }

    static boolean claimsCareflowProfile(IBaseResource resource) {
        for (IPrimitiveType<String> profile : resource.getMeta().getProfile()) {
            String url = profile.getValue();
            if (url != null && url.startsWith(CAREFLOW_PROFILE_PREFIX)) {
                return true;
            }
        }
        return false;
    }
}
