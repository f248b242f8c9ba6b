package dev.careflow.security;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizationInterceptor;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRule;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilderRuleOp;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilderRuleOpClassifier;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthorizationSearchParamMatcher;
import ca.uhn.fhir.rest.server.interceptor.auth.RuleBuilder;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * SMART scopes as HAPI authorization rules, per request. A {@code patient/} scope reaches only the launched patient's
 * compartment (the token's {@code patient} claim); {@code user/} and {@code system/} scopes reach resources by type
 * and interaction. Each Careflow operation has its own rule; anything no rule allows is refused with 403.
 */
public class SmartAuthorizationInterceptor extends AuthorizationInterceptor {

    /** @param matcher matches stored resources against the {@code ?param=value} restrictions of v2 scopes */
    public SmartAuthorizationInterceptor(IAuthorizationSearchParamMatcher matcher) {
        setAuthorizationSearchParamMatcher(matcher);
    }

    @Override
    public List<IAuthRule> buildRuleList(RequestDetails request) {
        Optional<JwtAuthenticationToken> token = token();
        RuleBuilder rules = new RuleBuilder();
        rules.allow("metadata").metadata();
        if (token.isEmpty()) {
            return rules.denyAll("no token").build();
        }
        List<SmartScope> scopes = scopes(request, token.get());
        Optional<IdType> patient = patient(token.get());
        for (SmartScope scope : scopes) {
            if (scope.context() == SmartScope.Context.PATIENT && patient.isEmpty()) {
                continue;
            }
            if (scope.allows(SmartScope.Permission.READ) || scope.allows(SmartScope.Permission.SEARCH)) {
                reach(types(rules.allow(scope + " read").read(), scope), scope, patient);
            }
            if (scope.allows(SmartScope.Permission.CREATE) || scope.allows(SmartScope.Permission.UPDATE)) {
                reach(types(rules.allow(scope + " write").write(), scope), scope, patient);
                if (scope.context() != SmartScope.Context.PATIENT
                        && scope.restriction().isEmpty()) {
                    rules.allow(scope + " patch").patch().allRequests();
                }
            }
            if (scope.allows(SmartScope.Permission.DELETE)) {
                reach(types(rules.allow(scope + " delete").delete(), scope), scope, patient);
            }
        }
        rules.allow("transactions").transaction().withAnyOperation().andApplyNormalRules();
        operations(rules, scopes, patient);
        return rules.denyAll("not allowed by the token's scopes").build();
    }

    /** Careflow's operations, each allowed by the scope that matches what it reads or changes. */
    private static void operations(RuleBuilder rules, List<SmartScope> scopes, Optional<IdType> patient) {
        boolean patientRead = can(scopes, SmartScope.Context.PATIENT, "Patient", SmartScope.Permission.READ);
        if (patient.isPresent() && patientRead) {
            for (String name : List.of("$everything", "$tcm-status", "$time-spent")) {
                rules.allow(name + " (own patient)")
                        .operation()
                        .named(name)
                        .onInstance(patient.get())
                        .andRequireExplicitResponseAuthorization();
            }
        }
        if (staff(scopes, "Patient", SmartScope.Permission.READ)) {
            for (String name : List.of("$everything", "$tcm-status", "$time-spent")) {
                rules.allow(name)
                        .operation()
                        .named(name)
                        .onInstancesOfType(Patient.class)
                        .andAllowAllResponses();
            }
        }
        if (staff(scopes, "Task", SmartScope.Permission.READ)) {
            for (String name : List.of("$worklist", "$caseload")) {
                rules.allow(name)
                        .operation()
                        .named(name)
                        .onInstancesOfType(Practitioner.class)
                        .andAllowAllResponses();
            }
        }
        if (staff(scopes, "CarePlan", SmartScope.Permission.CREATE)) {
            rules.allow("$propose-care-plan")
                    .operation()
                    .named("$propose-care-plan")
                    .onInstancesOfType(Patient.class)
                    .andAllowAllResponses();
        }
        if (staff(scopes, "CarePlan", SmartScope.Permission.UPDATE)) {
            for (String name : List.of("$progress", "$revise")) {
                rules.allow(name)
                        .operation()
                        .named(name)
                        .onInstancesOfType(CarePlan.class)
                        .andAllowAllResponses();
            }
        }
        if (staff(scopes, "QuestionnaireResponse", SmartScope.Permission.READ)) {
            rules.allow("$extract")
                    .operation()
                    .named("$extract")
                    .onInstancesOfType(QuestionnaireResponse.class)
                    .andAllowAllResponses();
            rules.allow("$extract (type)")
                    .operation()
                    .named("$extract")
                    .onType(QuestionnaireResponse.class)
                    .andAllowAllResponses();
        }
        if (staff(scopes, "Questionnaire", SmartScope.Permission.READ)) {
            rules.allow("$populate")
                    .operation()
                    .named("$populate")
                    .onInstancesOfType(Questionnaire.class)
                    .andAllowAllResponses();
        }
        // Hospital feeds: a backend service allowed to write messages.
        if (can(scopes, SmartScope.Context.SYSTEM, "MessageHeader", SmartScope.Permission.CREATE)) {
            rules.allow("$process-message")
                    .operation()
                    .named("$process-message")
                    .onServer()
                    .andAllowAllResponses();
        }
    }

    private static boolean staff(List<SmartScope> scopes, String type, SmartScope.Permission permission) {
        return can(scopes, SmartScope.Context.USER, type, permission)
                || can(scopes, SmartScope.Context.SYSTEM, type, permission);
    }

    private static boolean can(
            List<SmartScope> scopes, SmartScope.Context context, String type, SmartScope.Permission permission) {
        return scopes.stream().anyMatch(s -> s.context() == context && s.covers(type) && s.allows(permission));
    }

    /**
     * What a scope reaches: the launched patient's compartment for patient scopes, any resource of its types
     * otherwise; with a v2 restriction ({@code ?category=laboratory}), only resources that match it.
     */
    private static void reach(IAuthRuleBuilderRuleOpClassifier rule, SmartScope scope, Optional<IdType> patient) {
        boolean compartment = scope.context() == SmartScope.Context.PATIENT;
        if (scope.restriction().isPresent()) {
            if (compartment) {
                rule.inCompartmentWithFilter(
                        "Patient", patient.orElseThrow(), scope.restriction().get());
            } else {
                rule.withFilter(scope.restriction().get());
            }
        } else if (compartment) {
            rule.inCompartment("Patient", patient.orElseThrow());
        } else {
            rule.withAnyId();
        }
    }

    private static IAuthRuleBuilderRuleOpClassifier types(IAuthRuleBuilderRuleOp op, SmartScope scope) {
        return "*".equals(scope.resourceType()) ? op.allResources() : op.resourcesOfType(scope.resourceType());
    }

    static Optional<JwtAuthenticationToken> token() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication instanceof JwtAuthenticationToken jwt ? Optional.of(jwt) : Optional.empty();
    }

    /** The token's resource scopes, parsed once per request (authorization and search narrowing both need them). */
    @SuppressWarnings("unchecked")
    static List<SmartScope> scopes(RequestDetails request, JwtAuthenticationToken token) {
        return (List<SmartScope>) request.getUserData()
                .computeIfAbsent(SmartScope.class.getName(), k -> SmartScope.parseAll(scopeClaim(token)));
    }

    static String scopeClaim(JwtAuthenticationToken token) {
        // A space-separated string (RFC 8693, SMART), or a list, as some issuers write it ("scope" or "scp").
        for (String name : List.of("scope", "scp")) {
            Object scope = token.getToken().getClaims().get(name);
            if (scope instanceof String s) {
                return s;
            }
            if (scope instanceof java.util.Collection<?> list) {
                return String.join(" ", list.stream().map(String::valueOf).toList());
            }
        }
        return "";
    }

    static Optional<IdType> patient(JwtAuthenticationToken token) {
        Object claim = token.getToken().getClaims().get("patient");
        if (!(claim instanceof String id) || id.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new IdType("Patient", id.startsWith("Patient/") ? id.substring("Patient/".length()) : id));
    }
}
