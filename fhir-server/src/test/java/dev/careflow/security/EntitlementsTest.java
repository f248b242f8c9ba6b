package dev.careflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.careflow.security.SecuritySettings.Role;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EntitlementsTest {

    private static final List<String> REGISTERED = List.of(
            "openid", "fhirUser", "launch/patient", "offline_access", "patient/*.rs", "user/*.cruds", "system/*.*");
    private static final List<String> ASKED =
            List.of("openid", "fhirUser", "launch/patient", "patient/*.rs", "user/*.cruds", "user/*.*", "system/*.*");

    @Test
    void aPatient_getsOnlyPatientScopes_ofThoseTheClientMayAskFor() {
        assertThat(Entitlements.forPerson(Role.PATIENT, ASKED, REGISTERED))
                .containsExactly("openid", "fhirUser", "launch/patient", "patient/*.rs");
        assertThat(Entitlements.forPerson(Role.RELATED_PERSON, ASKED, REGISTERED))
                .containsExactly("openid", "fhirUser", "launch/patient", "patient/*.rs");
    }

    @Test
    void staff_getUserScopes_neverSystemScopes_norUnregisteredOnes() {
        assertThat(Entitlements.forPerson(Role.STAFF, ASKED, REGISTERED))
                .containsExactly("openid", "fhirUser", "launch/patient", "patient/*.rs", "user/*.cruds");
    }

    @Test
    void someoneWithoutARole_getsNothingButOpenid() {
        assertThat(Entitlements.forPerson(Role.NONE, ASKED, REGISTERED)).containsExactly("openid");
    }

    @Test
    void aClientActingForItself_getsOnlySystemScopes() {
        assertThat(Entitlements.forClient(ASKED, REGISTERED)).containsExactly("system/*.*");
    }

    @Test
    void atUse_aPatientsTokenCountsOnlyItsPatientScopes_andNoPersonUsesSystemScopes() {
        List<SmartScope> all = SmartScope.parseAll("patient/*.rs user/*.cruds system/*.*");

        assertThat(Entitlements.effective(all, Optional.of("Patient/123")))
                .extracting(SmartScope::context)
                .containsExactly(SmartScope.Context.PATIENT);
        assertThat(Entitlements.effective(all, Optional.of("https://ehr.example/fhir/RelatedPerson/9")))
                .extracting(SmartScope::context)
                .containsExactly(SmartScope.Context.PATIENT);
        assertThat(Entitlements.effective(all, Optional.of("Practitioner/7")))
                .extracting(SmartScope::context)
                .containsExactly(SmartScope.Context.PATIENT, SmartScope.Context.USER);
        assertThat(Entitlements.effective(all, Optional.empty())).hasSize(3);
    }

    @Test
    void aUsersRole_isReadOffTheirFhirUser_unlessGiven() {
        assertThat(user("Patient/1", "", "").effectiveRole()).isEqualTo(Role.PATIENT);
        assertThat(user("Patient/1", "", "").effectivePatient()).isEqualTo("1");
        assertThat(user("RelatedPerson/2", "1", "").effectiveRole()).isEqualTo(Role.RELATED_PERSON);
        assertThat(user("Practitioner/3", "", "").effectiveRole()).isEqualTo(Role.STAFF);
        assertThat(user("PractitionerRole/4", "", "").effectiveRole()).isEqualTo(Role.STAFF);
        assertThat(user("", "", "").effectiveRole()).isEqualTo(Role.NONE);
        assertThat(user("Practitioner/3", "", "related-person").effectiveRole()).isEqualTo(Role.RELATED_PERSON);
    }

    private static SecuritySettings.User user(String fhirUser, String patient, String role) {
        return new SecuritySettings.User("u", "p", fhirUser, patient, role, "");
    }
}
