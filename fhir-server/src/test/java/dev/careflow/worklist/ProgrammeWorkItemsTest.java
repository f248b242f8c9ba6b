package dev.careflow.worklist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.careflow.testing.FixtureRepository;
import java.util.List;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

/**
 * The programme items of the worklist on {@code worklist/caseload} plus {@code worklist/programmes}: Ada has two
 * chronic categories and no programme; Ben has two and runs CCM without consent, and TCM (which needs none).
 */
class ProgrammeWorkItemsTest {

    private static FixtureRepository repository() {
        FixtureRepository programmes = FixtureRepository.load("worklist/programmes");
        return FixtureRepository.load("worklist/caseload")
                .with(programmes.all(Group.class).toArray(Resource[]::new))
                .with(programmes.all(EpisodeOfCare.class).toArray(Resource[]::new));
    }

    private static List<String> programmeLines(FixtureRepository repository) {
        return WorklistServiceTest.service(repository).worklist(WorklistServiceTest.all()).items().stream()
                .filter(i -> i.category() == WorkCategory.CONSENT_MISSING
                        || i.category() == WorkCategory.ELIGIBLE_NOT_ENROLLED)
                .map(i -> i.category().code() + " "
                        + i.resource().getIdElement().toUnqualifiedVersionless().getValue())
                .toList();
    }

    @Test
    void eligibleWithoutProgramme_andProgrammeWithoutConsent_areOnTheWorklist() {
        assertThat(programmeLines(repository()))
                .containsExactly("consent-missing EpisodeOfCare/ben-ccm", "eligible-not-enrolled Patient/ada");
    }

    @Test
    void anEligiblePatientsItem_showsThePatientAsStored() {
        WorklistService.Page page = WorklistServiceTest.service(repository()).worklist(WorklistServiceTest.all());

        Patient ada = page.items().stream()
                .filter(i -> i.category() == WorkCategory.ELIGIBLE_NOT_ENROLLED)
                .map(i -> (Patient) i.resource())
                .findFirst()
                .orElseThrow();
        assertThat(ada.getNameFirstRep().getFamily()).isEqualTo("Lovelace");
        assertThat(page.patients()).containsKey("Patient/ada");
    }

    @Test
    void anActiveConsent_takesTheItemOff_anEndedOneDoesNot() {
        FixtureRepository repository = repository();
        Consent consent = new Consent().setStatus(Consent.ConsentState.ACTIVE);
        consent.setId("Consent/ben-ccm");
        repository.with(consent);
        EpisodeOfCare episode = repository.all(EpisodeOfCare.class).stream()
                .filter(e -> e.getIdElement().getIdPart().equals("ben-ccm"))
                .findFirst()
                .orElseThrow();
        episode.addExtension(dev.careflow.vocabulary.Extensions.PROGRAMME_CONSENT, new Reference("Consent/ben-ccm"));
        repository.with(episode);

        assertThat(programmeLines(repository)).containsExactly("eligible-not-enrolled Patient/ada");

        consent.getProvision().getPeriod().setEndElement(new org.hl7.fhir.r4.model.DateTimeType("2026-10-31"));
        repository.with(consent);
        assertThat(programmeLines(repository))
                .containsExactly("consent-missing EpisodeOfCare/ben-ccm", "eligible-not-enrolled Patient/ada");
    }
}
