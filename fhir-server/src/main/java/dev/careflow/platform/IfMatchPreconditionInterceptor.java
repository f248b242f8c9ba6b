package dev.careflow.platform;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import org.apache.commons.lang3.StringUtils;

/**
 * FHIR's answer to an {@code If-Match} whose version is stale is 412 Precondition Failed (R4 http.html#concurrency);
 * HAPI answers 409. This turns HAPI's version conflict into 412 when, and only when, the client sent {@code If-Match},
 * keeping the OperationOutcome. A conflict between two writers without {@code If-Match} stays 409.
 */
@Interceptor
public class IfMatchPreconditionInterceptor implements CareflowRequestInterceptor {

    @Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
    public BaseServerResponseException staleIfMatchIs412(RequestDetails request, Throwable exception) {
        if (exception instanceof ResourceVersionConflictException conflict
                && StringUtils.isNotBlank(request.getHeader(Constants.HEADER_IF_MATCH))) {
            return new PreconditionFailedException(conflict.getMessage(), conflict.getOperationOutcome());
        }
        return null;
    }
}
