package dev.careflow.security;

import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilderRuleOp;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilderRuleOpClassifier;
import ca.uhn.fhir.rest.server.interceptor.auth.RuleBuilder;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.IdType;

/**
 * The rules of resource scopes over reads, searches and writes: a {@code patient/} scope reaches only the launched
 * patient's compartment (and the Tasks for him); {@code user/} and {@code system/} scopes reach resources by type and
 * interaction, cut to their v2 restriction.
 */
final class ScopeRules {

    private ScopeRules() {}

    static void allow(RuleBuilder rules, List<SmartScope> scopes, Optional<IdType> patient) {
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

    /**
     * What a scope reaches: the launched patient's compartment for patient scopes, any resource of its types
     * otherwise; a v2 restriction ({@code ?category=laboratory}) narrows either.
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
}
