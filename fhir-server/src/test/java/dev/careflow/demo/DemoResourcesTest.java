package dev.careflow.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Arrays;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

class DemoResourcesTest {

    private static final ZonedDateTime NOW =
            ZonedDateTime.of(2026, 11, 27, 10, 30, 0, 0, ZoneId.of("America/New_York"));

    private static String[] segment(String message, String name) {
        return Arrays.stream(message.split("\r"))
                .filter(s -> s.startsWith(name + "|"))
                .findFirst()
                .orElseThrow()
                .split("\\|", -1);
    }

    @Test
    void discharge_isAnA03AdmittedFourDaysAgoDischargedHomeYesterday() {
        String message = DemoResources.discharge(NOW);

        assertThat(segment(message, "MSH")[8]).isEqualTo("ADT^A03");
        assertThat(segment(message, "MSH")[6]).isEqualTo("20261127103000-0500");
        assertThat(segment(message, "PID")[3]).startsWith(DemoResources.DISCHARGED_MRN + "^^^HOSP^MR");
        String[] visit = segment(message, "PV1");
        assertThat(visit[36]).as("disposition: home").isEqualTo("01");
        assertThat(visit[44]).isEqualTo("20261123081500-0500");
        assertThat(visit[45]).isEqualTo("20261126140000-0500");
    }

    @Test
    void caseload_fivePatientsEachWithTheDemoCareManagerAsCareManager() {
        assertThat(DemoResources.PATIENTS)
                .extracting(row -> row[0])
                .hasSize(5)
                .contains(DemoResources.REFERRED, DemoResources.DISCHARGED, DemoResources.SCREENED);
        Patient discharged = DemoResources.patient(DemoResources.PATIENTS.get(1));
        assertThat(discharged.getIdentifier())
                .extracting(i -> i.getSystem() + "|" + i.getValue())
                .contains("urn:careflow:v2:assigning-authority:HOSP|" + DemoResources.DISCHARGED_MRN);
        assertThat(DemoResources.patient(DemoResources.PATIENTS.get(0))
                        .getNameFirstRep()
                        .getText())
                .isEqualTo("Pat Demo");
        CareTeam team = DemoResources.careTeam(DemoResources.DISCHARGED);
        assertThat(team.getSubject().getReference()).isEqualTo("Patient/demo-discharged");
        assertThat(team.getParticipantFirstRep().getMember().getReference()).isEqualTo(DemoResources.CARE_MANAGER);
        assertThat(team.getParticipantFirstRep()
                        .getRoleFirstRep()
                        .getCodingFirstRep()
                        .getCode())
                .isEqualTo("care-manager");
    }

    @Test
    void settings_unsetSeedsOnTheEmbeddedDatabaseOnly() {
        assertThat(new DemoSettings(null).seeds(true)).isTrue();
        assertThat(new DemoSettings(null).seeds(false)).isFalse();
        assertThat(new DemoSettings(false).seeds(true)).isFalse();
        assertThat(new DemoSettings(true).seeds(false)).isTrue();
    }
}
