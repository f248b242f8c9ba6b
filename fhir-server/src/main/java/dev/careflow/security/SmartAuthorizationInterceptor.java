package dev.careflow.security;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.IPreResourceShowDetails;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizationInterceptor;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRule;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilderOperationNamed;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilderRuleOp;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilderRuleOpClassifier;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthorizationSearchParamMatcher;
import ca.uhn.fhir.rest.server.interceptor.auth.PolicyEnum;
import ca.uhn.fhir.rest.server.interceptor.auth.RuleBuilder;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
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
        patientTasks(rules, scopes, patient);
        rules.allow("transactions").transaction().withAnyOperation().andApplyNormalRules();
        operations(rules, scopes, patient);
        standardOperations(rules, scopes);
        return rules.denyAll("not allowed by the token's scopes").build();
    }

    /**
     * A patient's own {@code $everything} (and the later pages of any of his searches) carries what his record refers
     * to, such as the hospital or his care manager: instead of refusing the whole answer, the entries his scopes do not
     * reach are left out, judged by the same rules as a read of each. Runs before HAPI's own check of the answer.
     */
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
        return applyRulesAndReturnDecision(
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
        Optional<JwtAuthenticationToken> token = token();
        return token.isPresent()
                && scopes(request, token.get()).stream().allMatch(s -> s.context() == SmartScope.Context.PATIENT);
    }

    private static boolean patientFacing(RequestDetails request) {
        RestOperationTypeEnum type = request.getRestOperationType();
        return type == RestOperationTypeEnum.GET_PAGE
                || (type == RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE
                        && "$everything".equals(request.getOperation()));
    }

    /** Operations over terminology and definitions: they carry no one's health data. */
    private static final List<String> TERMINOLOGY =
            List.of("$expand", "$lookup", "$validate-code", "$subsumes", "$translate", "$closure", "$snapshot");

    /**
     * HAPI's own operations, by what they read: terminology and definition operations for any token with a resource
     * scope, {@code $validate} of a posted resource likewise (it stores nothing); {@code $meta} and {@code $diff} of a
     * stored resource, and {@code $validate} of one, for staff or systems that may read resources of its type.
     */
    private static void standardOperations(RuleBuilder rules, List<SmartScope> scopes) {
        if (scopes.isEmpty()) {
            return;
        }
        for (String name : TERMINOLOGY) {
            rules.allow(name).operation().named(name).atAnyLevel().andAllowAllResponses();
        }
        rules.allow("$validate (a posted resource)")
                .operation()
                .named("$validate")
                .onAnyType()
                .andAllowAllResponses();
        for (SmartScope scope : scopes) {
            if (scope.context() == SmartScope.Context.PATIENT || !scope.allows(SmartScope.Permission.READ)) {
                continue;
            }
            for (String name : List.of("$meta", "$diff", "$validate")) {
                IAuthRuleBuilderOperationNamed operation =
                        rules.allow(scope + " " + name).operation().named(name);
                ("*".equals(scope.resourceType())
                                ? operation.onAnyInstance()
                                : operation.onInstancesOfType(resourceClass(scope.resourceType())))
                        .andAllowAllResponses();
            }
        }
    }

    private static Class<? extends org.hl7.fhir.instance.model.api.IBaseResource> resourceClass(String type) {
        return ca.uhn.fhir.context.FhirContext.forR4Cached()
                .getResourceDefinition(type)
                .getImplementingClass();
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
                        // What the answer carries is cut to what the patient may see (onlyWhatThePatientMaySee).
                        .andAllowAllResponses();
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
        // Medication reconciliation reads the patient's medication lists and changes nothing.
        if (patient.isPresent()
                && can(scopes, SmartScope.Context.PATIENT, "MedicationRequest", SmartScope.Permission.READ)) {
            rules.allow("$reconcile-medications (own patient)")
                    .operation()
                    .named("$reconcile-medications")
                    .onInstance(patient.get())
                    .andAllowAllResponses();
        }
        if (staff(scopes, "MedicationRequest", SmartScope.Permission.READ)) {
            rules.allow("$reconcile-medications")
                    .operation()
                    .named("$reconcile-medications")
                    .onInstancesOfType(Patient.class)
                    .andAllowAllResponses();
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
        // Hospital feeds: a backend service allowed to write what a notification stores.
        if (NotificationScopes.allowed(scopes)) {
            rules.allow("$process-message")
                    .operation()
                    .named("$process-message")
                    .onServer()
                    .andAllowAllResponses();
        }
    }

    /**
     * R4's Patient compartment has no Task, yet Gravity's patient tasks ({@code make-contact},
     * {@code complete-questionnaire}) are meant for patient apps: a patient scope covering Task reaches the Tasks for
     * the patient, and those the patient owns.
     */
    private static void patientTasks(RuleBuilder rules, List<SmartScope> scopes, Optional<IdType> patient) {
        if (patient.isEmpty()) {
            return;
        }
        String who = patient.get().getValue();
        for (SmartScope scope : scopes) {
            if (scope.context() != SmartScope.Context.PATIENT || !scope.covers("Task")) {
                continue;
            }
            String restriction = scope.restriction().map(r -> "&" + r).orElse("");
            if (scope.allows(SmartScope.Permission.READ) || scope.allows(SmartScope.Permission.SEARCH)) {
                rules.allow(scope + " Task for the patient")
                        .read()
                        .resourcesOfType("Task")
                        .withFilter("patient=" + who + restriction);
                rules.allow(scope + " Task owned by the patient")
                        .read()
                        .resourcesOfType("Task")
                        .withFilter("owner=" + who + restriction);
            }
            if (scope.allows(SmartScope.Permission.UPDATE)) {
                rules.allow(scope + " Task for the patient (update)")
                        .write()
                        .resourcesOfType("Task")
                        .withFilter("patient=" + who + restriction);
            }
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

    /**
     * The token's resource scopes as they count here ({@link Entitlements#effective}: a person never uses system
     * scopes, a patient only patient scopes), parsed once per request (authorization and narrowing both need them).
     */
    @SuppressWarnings("unchecked")
    static List<SmartScope> scopes(RequestDetails request, JwtAuthenticationToken token) {
        return (List<SmartScope>) request.getUserData()
                .computeIfAbsent(
                        SmartScope.class.getName(),
                        k -> Entitlements.effective(
                                SmartScope.parseAll(scopeClaim(token)), SecurityConfiguration.fhirUser(token)));
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
