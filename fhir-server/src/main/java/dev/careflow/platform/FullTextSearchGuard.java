package dev.careflow.platform;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.Map;

/**
 * Refuses (400) a full-text search ({@code _content}, {@code _text}) on a resource type the full-text index leaves out
 * ({@link FullTextTypes}), or across every type when not every type is indexed: the index would answer nothing, and
 * an empty result would read as "no such words".
 */
@Interceptor
public class FullTextSearchGuard implements CareflowRequestInterceptor {

    private final FullTextTypes types;

    public FullTextSearchGuard(FullTextTypes types) {
        this.types = types;
    }

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLER_SELECTED)
    public boolean check(RequestDetails request) {
        if (types.all() || !isSearch(request) || !asksFullText(request.getParameters())) {
            return true;
        }
        String refusal = types.refusal(request.getResourceName());
        if (refusal != null) {
            throw new InvalidRequestException(refusal);
        }
        return true;
    }

    private static boolean isSearch(RequestDetails request) {
        if (request.getId() != null && request.getId().hasIdPart()) {
            return false;
        }
        String operation = request.getOperation();
        return (request.getRequestType() == RequestTypeEnum.GET && (operation == null || operation.isEmpty()))
                || "_search".equals(operation);
    }

    static boolean asksFullText(Map<String, String[]> parameters) {
        if (parameters == null) {
            return false;
        }
        for (String name : parameters.keySet()) {
            int modifier = name.indexOf(':');
            if (SearchCounts.FULL_TEXT.contains(modifier < 0 ? name : name.substring(0, modifier))) {
                return true;
            }
        }
        return false;
    }
}
