package dev.careflow.careplan.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.careflow.platform.CareflowException;
import dev.careflow.testing.FixtureRepository;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Composition;
import org.junit.jupiter.api.Test;

/** The plan of care document of the fixture {@code careplan/document/diabetes}. */
class PlanDocumentServiceTest {

    private static final Clock CLOCK =
            Clock.fixed(Instant.parse("2026-11-27T15:00:00Z"), ZoneId.of("America/New_York"));
    private static final String BASE = "http://careflow.example/fhir";

    private final FixtureRepository repository = FixtureRepository.load("careplan/document/diabetes");
    private final PlanDocumentService service = new PlanDocumentService(repository, CLOCK);

    @Test
    void theDocument_startsWithAPlanOfCareComposition_followedByWhatItShows() {
        Bundle document = service.document("CarePlan/plan", BASE);

        assertThat(document.getType()).isEqualTo(Bundle.BundleType.DOCUMENT);
        assertThat(document.getIdentifier().getValue()).startsWith("urn:uuid:");
        assertThat(document.getTimestamp().toInstant()).isEqualTo(CLOCK.instant());
        Composition composition = (Composition) document.getEntryFirstRep().getResource();
        assertThat(composition.getType().getCodingFirstRep().getCode()).isEqualTo("18776-5");
        assertThat(composition.getSubject().getReference()).isEqualTo("Patient/pat");
        assertThat(composition.getAuthorFirstRep().getReference()).isEqualTo("Practitioner/gp");
        assertThat(composition.getTitle()).isEqualTo("Plan of care: Diabetes care plan");
        assertThat(composition.getSection())
                .extracting(Composition.SectionComponent::getTitle)
                .containsExactly("Goals", "Health concerns", "Activities", "Care team", "Contacts");
        assertThat(document.getEntry().subList(1, document.getEntry().size()))
                .extracting(Bundle.BundleEntryComponent::getFullUrl)
                .containsExactly(
                        BASE + "/CarePlan/plan",
                        BASE + "/Patient/pat",
                        BASE + "/Goal/a1c",
                        BASE + "/Condition/dm",
                        BASE + "/CareTeam/team",
                        BASE + "/Practitioner/cm",
                        BASE + "/Practitioner/gp");
    }

    @Test
    void theNarrative_readsAsThePlan_escaped() {
        Composition composition = (Composition)
                service.document("CarePlan/plan", BASE).getEntryFirstRep().getResource();

        String html = composition.getText().getDivAsString();
        assertThat(html)
                .contains("<h2>Plan of care: Diabetes care plan</h2>")
                .contains("For Ada Lovelace")
                .contains("<li>HbA1c below 7% &lt;soon&gt;, by 2027-03-01 (active)</li>")
                .contains("<li>Type 2 diabetes mellitus without complications (Active)</li>")
                .contains("<li>Check blood sugar every morning (in progress)</li>")
                .contains("<li>Monthly call with the care manager</li>")
                .contains("<li>Carla Manager, Care manager</li>")
                .contains("<li>Dr. Grace Hopper, Primary care physician</li>")
                .contains("<li>Carla Manager: phone +1 555 0100, email carla@clinic.example</li>");
        assertThat(composition.getSectionFirstRep().getText().getDivAsString()).contains("HbA1c below 7%");
    }

    @Test
    void aBarePlan_saysWhatIsMissing_andAnUnknownPlanIsNotFound() {
        Composition composition = (Composition)
                service.document("CarePlan/bare", BASE).getEntryFirstRep().getResource();
        assertThat(composition.getText().getDivAsString())
                .contains("No goals recorded.")
                .contains("No care team recorded.");
        assertThat(composition.getAuthorFirstRep().getDisplay()).isEqualTo("Careflow");
        assertThatThrownBy(() -> service.document("CarePlan/nothing", BASE))
                .isInstanceOf(CareflowException.class)
                .hasMessageContaining("CarePlan/nothing is not known");
    }
}
