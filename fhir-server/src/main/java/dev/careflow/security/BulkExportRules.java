package dev.careflow.security;

import ca.uhn.fhir.jpa.model.util.JpaConstants;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilderRuleBulkExportWithTarget;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleTester;
import ca.uhn.fhir.rest.server.interceptor.auth.RuleBuilder;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.Patient;

/**
 * Who may use FHIR Bulk Data export (HAPI's {@code $export}, {@code $export-poll-status} and the ndjson Binaries it
 * writes): only a backend service, by {@code system/} read scopes without a v2 restriction, and only for the resource
 * types those scopes cover (an export naming another type in {@code _type}, or none when the scopes do not cover every
 * type, is refused with 403 when it starts). An export file is read only by such a token covering the file's type; a
 * person's or patient's token never reads one, even with a scope covering Binary.
 */
final class BulkExportRules {

    private static final List<String> OPERATIONS = List.of("$export", "$export-poll-status");

    private BulkExportRules() {}

    /** Adds the rules; before any rule that reads Binary by scope. */
    static void allow(RuleBuilder rules, List<SmartScope> scopes) {
        List<SmartScope> backend = scopes.stream()
                .filter(s -> s.context() == SmartScope.Context.SYSTEM
                        && s.restriction().isEmpty()
                        && s.allows(SmartScope.Permission.READ))
                .toList();
        if (!backend.isEmpty()) {
            allowBackend(rules, backend);
        }
        rules.deny("export files are for backend services")
                .read()
                .resourcesOfType(Binary.class)
                .withAnyId()
                .withTester(decidesOnTheResource(
                        false, resource -> exportFileType(resource).isPresent()));
    }

    private static void allowBackend(RuleBuilder rules, List<SmartScope> backend) {
        // First: HAPI checks an export's types when it starts with these rules, and the first rule to decide wins (an
        // operation rule below would allow it).
        IAuthRuleBuilderRuleBulkExportWithTarget export =
                rules.allow("bulk export").bulkExport().any();
        if (backend.stream().noneMatch(s -> "*".equals(s.resourceType()))) {
            export.withResourceTypes(
                    backend.stream().map(SmartScope::resourceType).distinct().toList());
        }
        for (String name : OPERATIONS) {
            rules.allow(name).operation().named(name).onServer().andAllowAllResponses();
        }
        rules.allow("Patient/$export")
                .operation()
                .named("$export")
                .onType(Patient.class)
                .andAllowAllResponses();
        rules.allow("Patient/[id]/$export")
                .operation()
                .named("$export")
                .onInstancesOfType(Patient.class)
                .andAllowAllResponses();
        rules.allow("Group/[id]/$export")
                .operation()
                .named("$export")
                .onInstancesOfType(Group.class)
                .andAllowAllResponses();
        rules.allow("export files of the scopes' types")
                .read()
                .resourcesOfType(Binary.class)
                .withAnyId()
                .withTester(decidesOnTheResource(true, resource -> exportFileType(resource)
                        .filter(type -> backend.stream().anyMatch(s -> s.covers(type)))
                        .isPresent()));
    }

    /** The resource type of an export file (a Binary HAPI's export job wrote), empty for any other resource. */
    static Optional<String> exportFileType(IBaseResource resource) {
        if (!(resource instanceof Binary binary)) {
            return Optional.empty();
        }
        Extension type = binary.getMeta().getExtensionByUrl(JpaConstants.BULK_META_EXTENSION_RESOURCE_TYPE);
        return type == null || type.getValue() == null
                ? Optional.empty()
                : Optional.ofNullable(type.getValue().primitiveValue());
    }

    /**
     * A tester that decides on the resource read, which HAPI's authorization checks before it is sent; on arrival (the
     * resource not known yet) the rule applies or abstains as said.
     */
    private static IAuthRuleTester decidesOnTheResource(boolean onArrival, Predicate<IBaseResource> test) {
        return new IAuthRuleTester() {
            @Override
            public boolean matches(RuleTestRequest request) {
                return onArrival;
            }

            @Override
            public boolean matchesOutput(RuleTestRequest request) {
                return request.resource != null && test.test(request.resource);
            }
        };
    }
}
