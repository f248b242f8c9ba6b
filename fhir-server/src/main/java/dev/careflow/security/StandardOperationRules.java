package dev.careflow.security;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilderOperationNamed;
import ca.uhn.fhir.rest.server.interceptor.auth.RuleBuilder;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;

/**
 * The rules of HAPI's own operations, which declare no {@code OperationAccess}: {@code Patient/[id]/$everything} by
 * the Patient read scope (a patient's own record for a patient token, its answer cut to what he may see), terminology
 * and definition operations and {@code $validate} of a posted resource for any token with a resource scope (they carry
 * no one's health data and store nothing), {@code $meta}, {@code $diff} and {@code $validate} of a stored resource for
 * staff or systems that may read resources of its type, {@code $meta-add} and {@code $meta-delete} for those that may
 * update them.
 */
final class StandardOperationRules {

    /** Operations over terminology and definitions: they carry no one's health data. */
    private static final List<String> TERMINOLOGY =
            List.of("$expand", "$lookup", "$validate-code", "$subsumes", "$translate", "$closure", "$snapshot");

    private StandardOperationRules() {}

    static void allow(RuleBuilder rules, List<SmartScope> scopes, Optional<IdType> patient) {
        everything(rules, scopes, patient);
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
            if (scope.context() == SmartScope.Context.PATIENT) {
                continue;
            }
            if (scope.allows(SmartScope.Permission.READ)) {
                onInstances(rules, scope, List.of("$meta", "$diff", "$validate"));
            }
            if (scope.allows(SmartScope.Permission.UPDATE)) {
                // Tags and security labels of a stored resource: an update of its meta.
                onInstances(rules, scope, List.of("$meta-add", "$meta-delete"));
            }
        }
    }

    private static void onInstances(RuleBuilder rules, SmartScope scope, List<String> names) {
        for (String name : names) {
            IAuthRuleBuilderOperationNamed operation =
                    rules.allow(scope + " " + name).operation().named(name);
            ("*".equals(scope.resourceType())
                            ? operation.onAnyInstance()
                            : operation.onInstancesOfType(resourceClass(scope.resourceType())))
                    .andAllowAllResponses();
        }
    }

    private static void everything(RuleBuilder rules, List<SmartScope> scopes, Optional<IdType> patient) {
        if (patient.isPresent() && can(scopes, List.of(SmartScope.Context.PATIENT))) {
            rules.allow("$everything (own patient)")
                    .operation()
                    .named("$everything")
                    .onInstance(patient.get())
                    // What the answer carries is cut to what the patient may see (PatientAnswers).
                    .andAllowAllResponses();
        }
        if (can(scopes, List.of(SmartScope.Context.USER, SmartScope.Context.SYSTEM))) {
            rules.allow("$everything")
                    .operation()
                    .named("$everything")
                    .onInstancesOfType(Patient.class)
                    .andAllowAllResponses();
        }
    }

    private static boolean can(List<SmartScope> scopes, List<SmartScope.Context> contexts) {
        return scopes.stream()
                .anyMatch(s ->
                        contexts.contains(s.context()) && s.covers("Patient") && s.allows(SmartScope.Permission.READ));
    }

    private static Class<? extends IBaseResource> resourceClass(String type) {
        return FhirContext.forR4Cached().getResourceDefinition(type).getImplementingClass();
    }
}
