package dev.careflow.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizationInterceptor;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRule;
import ca.uhn.fhir.rest.server.interceptor.auth.PolicyEnum;
import ca.uhn.fhir.rest.server.interceptor.auth.RuleBuilder;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.careflow.platform.CareflowOperationProvider;
import dev.careflow.platform.OperationAccess;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.junit.jupiter.api.Test;

/** Careflow's operations say who may call them; security reads it, and will not start without it. */
class OperationGrantsTest {

    static class Undeclared implements CareflowOperationProvider {
        @Operation(name = "$undeclared", type = Patient.class)
        public Parameters undeclared(@IdParam IdType patient) {
            return null;
        }
    }

    static class Summary implements CareflowOperationProvider {
        @OperationAccess(
                resource = "Patient",
                interaction = OperationAccess.Interaction.READ,
                patientCompartment = true)
        @Operation(name = "$summary", idempotent = true, type = Patient.class)
        public Parameters summary(@IdParam IdType patient) {
            return null;
        }
    }

    static class PractitionerReview implements CareflowOperationProvider {
        @OperationAccess(
                resource = "Practitioner",
                interaction = OperationAccess.Interaction.UPDATE,
                patientCompartment = true)
        @Operation(name = "$review", type = Practitioner.class)
        public Parameters review(@IdParam IdType practitioner) {
            return null;
        }
    }

    static class PlanDocument implements CareflowOperationProvider {
        @OperationAccess(
                resource = "CarePlan",
                interaction = OperationAccess.Interaction.READ,
                patientCompartment = true)
        @Operation(name = "$document", idempotent = true, type = CarePlan.class)
        public Bundle document(@IdParam IdType plan) {
            return null;
        }
    }

    static class Feed implements CareflowOperationProvider {
        @OperationAccess(
                resource = {"Patient", "Encounter"},
                interaction = {OperationAccess.Interaction.CREATE, OperationAccess.Interaction.UPDATE},
                backendOnly = true)
        @Operation(name = "$feed")
        public Bundle feed(@OperationParam(name = "content") Bundle content) {
            return null;
        }
    }

    @Test
    void anOperationWithoutDeclaration_stopsTheStart() {
        assertThatThrownBy(() -> OperationGrants.ofTypes(List.of(Summary.class, Undeclared.class)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("$undeclared")
                .hasMessageContaining("Undeclared.undeclared")
                .hasMessageContaining("declares no @OperationAccess");
    }

    @Test
    void aPatientsOwnCall_ofAnOperationOutsideThePatientCompartment_stopsTheStart() {
        assertThatThrownBy(() -> OperationGrants.ofTypes(List.of(PractitionerReview.class)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("$review")
                .hasMessageContaining("not an operation on an instance of Patient or of a type in the Patient");
    }

    @Test
    void patientCompartmentOperationOnACarePlan_aPatientTokenCallsItOnHisOwnPlansOnly() {
        OperationGrants grants = OperationGrants.ofTypes(List.of(PlanDocument.class))
                .withOwners((plan, patient) -> plan.getValue().equals("CarePlan/mine")
                        && patient.getValue().equals("Patient/1"));
        Optional<IdType> patient = Optional.of(new IdType("Patient/1"));

        assertThat(callDecision(grants, "patient/CarePlan.r", patient, "$document", "CarePlan/mine"))
                .isEqualTo(PolicyEnum.ALLOW);
        assertThat(callDecision(grants, "patient/CarePlan.r", patient, "$document", "CarePlan/theirs"))
                .as("another patient's plan, or an unknown one")
                .isEqualTo(PolicyEnum.DENY);
        assertThat(callDecision(grants, "patient/Observation.r", patient, "$document", "CarePlan/mine"))
                .as("without a CarePlan scope")
                .isEqualTo(PolicyEnum.DENY);
        assertThat(callDecision(grants, "user/CarePlan.r", Optional.empty(), "$document", "CarePlan/theirs"))
                .as("staff")
                .isEqualTo(PolicyEnum.ALLOW);
    }

    @Test
    void patientCompartmentOperation_aPatientTokenCallsItOnItsOwnRecordOnly() {
        OperationGrants grants = OperationGrants.ofTypes(List.of(Summary.class));
        assertThat(grants.operations()).singleElement().satisfies(d -> assertThat(d.level())
                .isEqualTo(OperationGrants.Level.INSTANCE));

        List<IAuthRule> rules = rules(grants, "patient/Patient.rs", Optional.of(new IdType("Patient/1")));

        assertThat(decision(rules, "$summary", "Patient/1")).isEqualTo(PolicyEnum.ALLOW);
        assertThat(decision(rules, "$summary", "Patient/2")).isEqualTo(PolicyEnum.DENY);
    }

    @Test
    void patientCompartmentOperation_needsThePatientScopeOfItsType() {
        OperationGrants grants = OperationGrants.ofTypes(List.of(Summary.class));

        List<IAuthRule> rules = rules(grants, "patient/Observation.rs", Optional.of(new IdType("Patient/1")));

        assertThat(decision(rules, "$summary", "Patient/1")).isEqualTo(PolicyEnum.DENY);
    }

    @Test
    void staffScopes_reachTheOperationOnEveryInstance() {
        OperationGrants grants = OperationGrants.ofTypes(List.of(Summary.class));

        assertThat(decision(rules(grants, "user/Patient.rs", Optional.empty()), "$summary", "Patient/2"))
                .isEqualTo(PolicyEnum.ALLOW);
        assertThat(decision(rules(grants, "user/Observation.rs", Optional.empty()), "$summary", "Patient/2"))
                .isEqualTo(PolicyEnum.DENY);
    }

    @Test
    void backendOnlyOperation_needsUnrestrictedSystemScopesForEveryTypeAndInteraction() {
        OperationGrants grants = OperationGrants.ofTypes(List.of(Feed.class));
        assertThat(grants.operations()).singleElement().satisfies(d -> assertThat(d.level())
                .isEqualTo(OperationGrants.Level.SERVER));

        assertThat(serverDecision(rules(grants, "system/Patient.cu system/Encounter.cu", Optional.empty())))
                .isEqualTo(PolicyEnum.ALLOW);
        assertThat(serverDecision(rules(grants, "system/Patient.cu", Optional.empty())))
                .isEqualTo(PolicyEnum.DENY);
        assertThat(serverDecision(rules(grants, "user/Patient.cu user/Encounter.cu", Optional.empty())))
                .isEqualTo(PolicyEnum.DENY);
        assertThat(serverDecision(
                        rules(grants, "system/Patient.cu system/Encounter.cu?status=finished", Optional.empty())))
                .isEqualTo(PolicyEnum.DENY);
    }

    @Test
    void everyCareflowOperation_declaresItsAccess_andTheFeedAsksWhatHl7v2Asks() {
        List<Class<?>> providers = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.careflow").stream()
                        .filter(c -> c.isAssignableTo(CareflowOperationProvider.class) && !c.isInterface())
                        .map(JavaClass::reflect)
                        .<Class<?>>map(c -> c)
                        .toList();
        assertThat(providers).isNotEmpty();

        OperationGrants grants = OperationGrants.ofTypes(providers);

        assertThat(grants.operations())
                .filteredOn(d -> d.name().equals("$process-message"))
                .singleElement()
                .satisfies(d -> {
                    assertThat(d.access().backendOnly()).isTrue();
                    assertThat(Arrays.asList(d.access().resource()))
                            .containsExactlyInAnyOrderElementsOf(NotificationScopes.TYPES);
                    assertThat(d.access().interaction())
                            .containsExactlyInAnyOrder(
                                    OperationAccess.Interaction.CREATE, OperationAccess.Interaction.UPDATE);
                });
    }

    private static List<IAuthRule> rules(OperationGrants grants, String scopes, Optional<IdType> patient) {
        RuleBuilder rules = new RuleBuilder();
        grants.allow(rules, SmartScope.parseAll(scopes), patient);
        return rules.denyAll("not allowed").build();
    }

    private static PolicyEnum decision(List<IAuthRule> rules, String operation, String id) {
        IdType target = new IdType(id);
        return decide(rules, instanceRequest(operation, target), target);
    }

    /** Rules built for the call itself, as each request's are. */
    private static PolicyEnum callDecision(
            OperationGrants grants, String scopes, Optional<IdType> patient, String operation, String id) {
        IdType target = new IdType(id);
        RequestDetails request = instanceRequest(operation, target);
        RuleBuilder rules = new RuleBuilder();
        grants.allow(rules, SmartScope.parseAll(scopes), patient, request);
        return decide(rules.denyAll("not allowed").build(), request, target);
    }

    private static RequestDetails instanceRequest(String operation, IdType target) {
        RequestDetails request = request(RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE, operation);
        request.setResourceName(target.getResourceType());
        request.setId(target);
        return request;
    }

    private static PolicyEnum serverDecision(List<IAuthRule> rules) {
        return decide(rules, request(RestOperationTypeEnum.EXTENDED_OPERATION_SERVER, "$feed"), null);
    }

    private static RequestDetails request(RestOperationTypeEnum type, String operation) {
        ServletRequestDetails request = new ServletRequestDetails();
        request.setServer(new RestfulServer(FhirContext.forR4Cached()));
        request.setRestOperationType(type);
        request.setOperation(operation);
        return request;
    }

    private static PolicyEnum decide(List<IAuthRule> rules, RequestDetails request, IdType target) {
        AuthorizationInterceptor authorization = new AuthorizationInterceptor() {
            @Override
            public List<IAuthRule> buildRuleList(RequestDetails request) {
                return rules;
            }
        };
        return authorization
                .applyRulesAndReturnDecision(
                        request.getRestOperationType(),
                        request,
                        null,
                        target,
                        null,
                        Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
                .getDecision();
    }
}
