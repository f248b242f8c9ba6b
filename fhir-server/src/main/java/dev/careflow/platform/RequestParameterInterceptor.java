package dev.careflow.platform;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.commons.lang3.StringUtils;
import org.hl7.fhir.instance.model.api.IIdType;

/**
 * Checks a REST request's URL before HAPI selects its handler (rules in {@link SearchUrlRules}): no NUL or other
 * control character in a parameter (PostgreSQL refused it with a 500 carrying SQL), {@code _count} and
 * {@code _offset} whole numbers in range (500s on negative or huge offsets, and on operations), only modifiers FHIR
 * defines on a search (HAPI ignored {@code name:banana}), and a version id that can exist. Refusals are 400 (404 for a
 * version id that cannot exist) with one issue per problem.
 */
@Interceptor
public class RequestParameterInterceptor implements CareflowRequestInterceptor {

    private static final Pattern VERSION = Pattern.compile("[1-9]\\d{0,17}");

    private final Set<String> resourceTypes;

    public RequestParameterInterceptor(FhirContext fhirContext) {
        this.resourceTypes = Set.copyOf(fhirContext.getResourceTypes());
    }

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLER_SELECTED)
    public boolean checkParameters(RequestDetails request) {
        IIdType id = request.getId();
        if (id != null
                && id.hasVersionIdPart()
                && !VERSION.matcher(id.getVersionIdPart()).matches()) {
            throw new ResourceNotFoundException("Version '" + SearchUrlRules.printable(id.getVersionIdPart()) + "' of "
                    + request.getResourceName() + "/" + id.getIdPart() + " does not exist");
        }
        Map<String, String[]> parameters = request.getParameters() == null ? Map.of() : request.getParameters();
        boolean conditionalWrite = isConditionalWrite(request);
        List<String> problems = new ArrayList<>(SearchUrlRules.check(
                parameters, resourceTypes, isSearch(request) || conditionalWrite, conditionalWrite));
        String ifNoneExist = request.getHeader(Constants.HEADER_IF_NONE_EXIST);
        if (StringUtils.isNotBlank(ifNoneExist)) {
            problems.addAll(SearchUrlRules.check(queryOf(ifNoneExist), resourceTypes, true, true).stream()
                    .map(p -> "If-None-Exist: " + p)
                    .toList());
        }
        if (!problems.isEmpty()) {
            throw DomainExceptionInterceptor.badRequest(problems);
        }
        return true;
    }

    private static boolean isSearch(RequestDetails request) {
        String operation = request.getOperation();
        if (request.getId() != null && request.getId().hasIdPart()) {
            return false;
        }
        return (request.getRequestType() == RequestTypeEnum.GET && StringUtils.isBlank(operation))
                || Constants.PARAM_SEARCH.equals(operation);
    }

    private static boolean isConditionalWrite(RequestDetails request) {
        RequestTypeEnum method = request.getRequestType();
        return (method == RequestTypeEnum.PUT || method == RequestTypeEnum.DELETE || method == RequestTypeEnum.PATCH)
                && (request.getId() == null || !request.getId().hasIdPart())
                && StringUtils.isNotBlank(request.getCompleteUrl())
                && request.getCompleteUrl().contains("?");
    }

    /** The parameters of a match URL such as {@code Patient?identifier=x|1} or {@code identifier=x|1}. */
    static Map<String, String[]> queryOf(String url) {
        String query = url.contains("?") ? url.substring(url.indexOf('?') + 1) : url;
        Map<String, List<String>> collected = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            collected.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        Map<String, String[]> parameters = new LinkedHashMap<>();
        collected.forEach((name, values) -> parameters.put(name, values.toArray(String[]::new)));
        return parameters;
    }

    private static String decode(String text) {
        try {
            return java.net.URLDecoder.decode(text, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return text;
        }
    }
}
