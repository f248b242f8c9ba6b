package dev.careflow.security;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.IPreResourceShowDetails;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.interceptor.auth.PolicyEnum;
import dev.careflow.platform.CareflowRequestInterceptor;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;

/**
 * A patient's own {@code $everything} (and the later pages of any of his searches) carries what his record refers to,
 * such as the hospital or his care manager: instead of refusing the whole answer, the entries his scopes do not reach
 * are left out, judged by the same rules as a read of each ({@link SmartAuthorizationInterceptor}). Runs before HAPI's
 * own check of the answer (order).
 */
@Interceptor
class PatientAnswers implements CareflowRequestInterceptor {

    private final SmartAuthorizationInterceptor authorization;

    PatientAnswers(SmartAuthorizationInterceptor authorization) {
        this.authorization = authorization;
    }

    @Hook(value = Pointcut.SERVER_OUTGOING_RESPONSE, order = -100)
    public void onlyWhatThePatientMaySee(RequestDetails request, IBaseResource response) {
        if (!(response instanceof Bundle bundle) || !patientFacing(request) || !patientOnly(request)) {
            return;
        }
        boolean removed =
                bundle.getEntry().removeIf(entry -> entry.hasResource() && !mayRead(request, entry.getResource()));
        if (removed) {
            bundle.setTotalElement(null);
        }
    }

    /** The same as the answer is loaded (HAPI checks shown resources here too). */
    @Hook(value = Pointcut.STORAGE_PRESHOW_RESOURCES, order = -100)
    public void onlyWhatThePatientMaySee(RequestDetails request, IPreResourceShowDetails shown) {
        if (request == null || !patientFacing(request) || !patientOnly(request)) {
            return;
        }
        for (int i = 0; i < shown.size(); i++) {
            IBaseResource resource = shown.getResource(i);
            if (resource != null && !mayRead(request, resource)) {
                shown.setResource(i, null);
            }
        }
    }

    private boolean mayRead(RequestDetails request, IBaseResource resource) {
        return authorization
                        .applyRulesAndReturnDecision(
                                RestOperationTypeEnum.READ,
                                request,
                                null,
                                null,
                                resource,
                                Pointcut.SERVER_OUTGOING_RESPONSE)
                        .getDecision()
                == PolicyEnum.ALLOW;
    }

    private static boolean patientOnly(RequestDetails request) {
        return TokenClaims.token()
                .map(token -> TokenClaims.scopes(request, token).stream()
                        .allMatch(s -> s.context() == SmartScope.Context.PATIENT))
                .orElse(false);
    }

    private static boolean patientFacing(RequestDetails request) {
        RestOperationTypeEnum type = request.getRestOperationType();
        return type == RestOperationTypeEnum.GET_PAGE
                || (type == RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE
                        && "$everything".equals(request.getOperation()));
    }
}
