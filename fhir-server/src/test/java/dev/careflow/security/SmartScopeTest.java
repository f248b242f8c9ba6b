package dev.careflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SmartScopeTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "patient/Observation.rs, PATIENT, Observation, 'READ,SEARCH'",
        "user/*.cruds, USER, *, 'CREATE,READ,UPDATE,DELETE,SEARCH'",
        "system/Task.cu, SYSTEM, Task, 'CREATE,UPDATE'",
        "patient/CarePlan.read, PATIENT, CarePlan, 'READ,SEARCH'",
        "user/Task.write, USER, Task, 'CREATE,UPDATE,DELETE'",
        "system/*.*, SYSTEM, *, 'CREATE,READ,UPDATE,DELETE,SEARCH'"
    })
    void v1AndV2Scopes_areRead(String scope, SmartScope.Context context, String type, String permissions) {
        SmartScope parsed = SmartScope.parse(scope).orElseThrow();
        assertThat(parsed.context()).isEqualTo(context);
        assertThat(parsed.resourceType()).isEqualTo(type);
        EnumSet<SmartScope.Permission> expected = EnumSet.noneOf(SmartScope.Permission.class);
        for (String p : permissions.split(",")) {
            expected.add(SmartScope.Permission.valueOf(p));
        }
        assertThat(parsed.permissions()).isEqualTo(expected);
    }

    @Test
    void v2Restrictions_areKept() {
        assertThat(SmartScope.parse("patient/Observation.rs?category=laboratory")
                        .orElseThrow()
                        .restriction())
                .contains("category=laboratory");
    }

    @Test
    void whatIsNotAResourceScope_isIgnored() {
        for (String other : new String[] {
            "openid",
            "fhirUser",
            "launch/patient",
            "offline_access",
            "patient/Observation.sr",
            "user/Task.x",
            "doctor/Task.rs"
        }) {
            assertThat(SmartScope.parse(other)).as(other).isEmpty();
        }
        assertThat(SmartScope.parseAll("openid launch/patient patient/*.rs user/Task.read"))
                .hasSize(2);
    }
}
