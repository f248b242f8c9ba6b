package dev.careflow.security;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizedList;
import ca.uhn.fhir.rest.server.interceptor.auth.SearchNarrowingInterceptor;
import dev.careflow.platform.CareflowRequestInterceptor;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.IdType;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Searches narrowed to what the token's scopes reach, so that a search means "what I may see" rather than a refusal:
 * a token with only patient-level scopes searches the launched patient's compartment ({@code CarePlan?status=active}
 * is that patient's active plans), and a search of a type that only v2-restricted scopes reach
 * ({@code patient/Observation.rs?category=laboratory}) gets the restriction added to it.
 */
class SmartSearchNarrowingInterceptor extends SearchNarrowingInterceptor implements CareflowRequestInterceptor {

    @Override
    protected AuthorizedList buildAuthorizedList(RequestDetails request) {
        Optional<JwtAuthenticationToken> token = TokenClaims.token();
        if (token.isEmpty()) {
            return null;
        }
        List<SmartScope> scopes = TokenClaims.scopes(request, token.get());
        boolean patientOnly =
                !scopes.isEmpty() && scopes.stream().allMatch(s -> s.context() == SmartScope.Context.PATIENT);
        Optional<IdType> patient = TokenClaims.patient(token.get());
        if (!patientOnly || patient.isEmpty() || "Task".equals(request.getResourceName())) {
            // Task is outside R4's Patient compartment: narrowed below, to the Tasks for the patient.
            return null;
        }
        return new AuthorizedList().addCompartment(patient.get().getValue());
    }

    /** Adds the restriction of the v2 scopes that reach a searched type, when only restricted scopes reach it. */
    @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
    public void restrict(RequestDetails request) {
        if (request.getRestOperationType() != RestOperationTypeEnum.SEARCH_TYPE || request.getResourceName() == null) {
            return;
        }
        Optional<JwtAuthenticationToken> token = TokenClaims.token();
        if (token.isEmpty()) {
            return;
        }
        List<SmartScope> all = TokenClaims.scopes(request, token.get());
        Optional<IdType> patient = TokenClaims.patient(token.get());
        boolean patientOnly = patient.isPresent()
                && !all.isEmpty()
                && all.stream().allMatch(s -> s.context() == SmartScope.Context.PATIENT);
        if (patientOnly && "Task".equals(request.getResourceName())) {
            Map<String, String[]> parameters = new HashMap<>(request.getParameters());
            add(parameters, "patient", patient.get().getValue());
            request.setParameters(parameters);
        } else if (patientOnly && "Patient".equals(request.getResourceName())) {
            // The patient's own record only, in the search itself (so its count and total say no more).
            Map<String, String[]> parameters = new HashMap<>(request.getParameters());
            add(parameters, "_id", patient.get().getIdPart());
            request.setParameters(parameters);
        }
        List<SmartScope> reaching = TokenClaims.scopes(request, token.get()).stream()
                .filter(s -> s.covers(request.getResourceName()) && s.allows(SmartScope.Permission.SEARCH))
                .toList();
        if (reaching.isEmpty()
                || reaching.stream().anyMatch(s -> s.restriction().isEmpty())) {
            return;
        }
        Map<String, String[]> parameters = new HashMap<>(request.getParameters());
        if (reaching.size() == 1) {
            restriction(reaching.get(0)).forEach((name, value) -> add(parameters, name, value));
        } else {
            // Several restricted scopes are a union: expressible as one search when each restricts the same single
            // parameter (category=laboratory or category=vital-signs); otherwise the results are checked one by one.
            List<Map<String, String>> each =
                    reaching.stream().map(s -> restriction(s)).toList();
            String name =
                    each.get(0).size() == 1 ? each.get(0).keySet().iterator().next() : null;
            if (name == null || !each.stream().allMatch(r -> r.size() == 1 && r.containsKey(name))) {
                request.getUserData().put(SearchCountInterceptor.CHECKED_ONE_BY_ONE, Boolean.TRUE);
                return;
            }
            add(parameters, name, each.stream().map(r -> r.get(name)).distinct().collect(Collectors.joining(",")));
        }
        request.setParameters(parameters);
    }

    private static Map<String, String> restriction(SmartScope scope) {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String pair : scope.restriction().orElse("").split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                pairs.put(decode(pair.substring(0, equals)), decode(pair.substring(equals + 1)));
            }
        }
        return pairs;
    }

    private static void add(Map<String, String[]> parameters, String name, String value) {
        String[] current = parameters.getOrDefault(name, new String[0]);
        String[] next = Arrays.copyOf(current, current.length + 1);
        next[current.length] = value;
        parameters.put(name, next);
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
