package dev.careflow.programs.enrolment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.careflow.platform.CareflowException;
import dev.careflow.testing.FixtureRepository;
import dev.careflow.vocabulary.Extensions;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

/**
 * {@code $eligibility}, {@code $enrol} and {@code $withdraw} on the fixture {@code programs/enrolment}: Patient/mcc in
 * the chronic (3 categories), 2+, 3+ and recent-discharge registries with a QMB Coverage; Patient/one with one category
 * and behavioural health; Patient/two with two categories and a Coverage that ended; Patient/none in no registry.
 */
class EnrolmentServiceTest {

    private static final Clock CLOCK =
            Clock.fixed(Instant.parse("2026-11-27T15:00:00Z"), ZoneId.of("America/New_York"));

    private final FixtureRepository repository = FixtureRepository.load("programs/enrolment");
    private final EnrolmentService enrolment = new EnrolmentService(repository, CLOCK);
    private final WithdrawalService withdrawal = new WithdrawalService(repository, CLOCK);
    private final EligibilityService eligibility = new EligibilityService(repository, CLOCK);

    static EnrolmentRequest verbal(String patient, String programme, String billing) {
        return new EnrolmentRequest(
                patient,
                Optional.of(programme),
                Optional.of("verbal"),
                Optional.of(new DateTimeType("2026-11-20")),
                Optional.empty(),
                Optional.of(billing),
                Optional.empty(),
                Optional.of(LocalDate.of(2026, 11, 20)),
                Optional.empty());
    }

    private Eligibility.Verdict verdict(String patient, Programme programme) {
        return eligibility.eligibility(patient).stream()
                .filter(v -> v.programme() == programme)
                .findFirst()
                .orElseThrow();
    }

    @Test
    void eligibility_readsRegistriesAndCoverage() {
        assertThat(verdict("Patient/mcc", Programme.CCM).eligible()).isTrue();
        assertThat(verdict("Patient/mcc", Programme.COMPLEX_CCM).eligible()).isTrue();
        assertThat(verdict("Patient/mcc", Programme.TCM).evidence()).containsExactly("Group/registry-recent-discharge");
        assertThat(verdict("Patient/mcc", Programme.BHI).eligible()).isFalse();
        Eligibility.Verdict apcm = verdict("Patient/mcc", Programme.APCM);
        assertThat(apcm.level()).contains(ApcmLevel.G0558);
        assertThat(apcm.evidence()).contains("Coverage/mcc-medicare", "Condition/mcc-hf");
        // Patient/two's QMB Coverage ended in 2025.
        assertThat(verdict("Patient/two", Programme.APCM).level()).contains(ApcmLevel.G0557);
        assertThat(verdict("Patient/one", Programme.APCM).level()).contains(ApcmLevel.G0556);
        assertThat(verdict("Patient/none", Programme.APCM).eligible()).isFalse();
    }

    @Test
    void enrol_storesConsentEpisodeAndProvenance_inOneTransaction() {
        EpisodeOfCare episode =
                enrolment.enrol(verbal("Patient/mcc", "ccm", "Practitioner/dr-a"), Optional.of("Practitioner/nurse"));

        assertThat(repository.transactionCount()).isEqualTo(1);
        assertThat(episode.getStatus()).isEqualTo(EpisodeOfCare.EpisodeOfCareStatus.ACTIVE);
        assertThat(episode.getTypeFirstRep().getCodingFirstRep().getCode()).isEqualTo("ccm");
        assertThat(episode.getPeriod().getStartElement().getValueAsString()).isEqualTo("2026-11-20");
        assertThat(episode.getCareManager().getReference()).isEqualTo("Practitioner/nurse");
        assertThat(((Reference) episode.getExtensionByUrl(Extensions.BILLING_PRACTITIONER)
                                .getValue())
                        .getReference())
                .isEqualTo("Practitioner/dr-a");
        Consent consent = repository.all(Consent.class).get(0);
        assertThat(((Reference) episode.getExtensionByUrl(Extensions.PROGRAMME_CONSENT)
                                .getValue())
                        .getReference())
                .isEqualTo("Consent/" + consent.getIdElement().getIdPart());
        assertThat(consent.getStatus()).isEqualTo(Consent.ConsentState.ACTIVE);
        assertThat(consent.getScope().getCodingFirstRep().getCode()).isEqualTo("treatment");
        assertThat(consent.getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("59284-0");
        assertThat(consent.getPerformerFirstRep().getReference()).isEqualTo("Patient/mcc");
        assertThat(consent.hasSourceAttachment()).isFalse();
        assertThat(consent.getProvision().getType()).isEqualTo(Consent.ConsentProvisionType.PERMIT);
        assertThat(consent.getProvision().getCodeFirstRep().getCodingFirstRep().getCode())
                .isEqualTo("ccm");
        assertThat(consent.getText().getDivAsString()).contains("verbal", "may stop at any time");
        assertThat(repository.all(Provenance.class)).singleElement().satisfies(p -> assertThat(p.getTarget())
                .hasSize(2));
    }

    @Test
    void enrolWithoutConsent_isRefused_andStoresNothing() {
        EnrolmentRequest request = verbal("Patient/mcc", "ccm", "Practitioner/dr-a");
        EnrolmentRequest noConsent = new EnrolmentRequest(
                request.patient(),
                request.programme(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                request.billingPractitioner(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());

        assertThatThrownBy(() -> enrolment.enrol(noConsent, Optional.empty()))
                .isInstanceOf(CareflowException.class)
                .hasMessageContaining("no consent");
        assertThat(repository.transactionCount()).isZero();
        assertThat(repository.all(EpisodeOfCare.class)).isEmpty();
        assertThat(repository.all(Consent.class)).isEmpty();
    }

    @Test
    void writtenConsent_needsItsDocument_andKeepsIt() {
        EnrolmentRequest v = verbal("Patient/mcc", "ccm", "Practitioner/dr-a");
        EnrolmentRequest written = new EnrolmentRequest(
                v.patient(),
                v.programme(),
                Optional.of("written"),
                v.consentDate(),
                Optional.of("RelatedPerson/daughter"),
                v.billingPractitioner(),
                Optional.of("Practitioner/nurse"),
                v.start(),
                Optional.empty());
        assertThatThrownBy(() -> enrolment.enrol(written, Optional.empty()))
                .hasMessageContaining("a written consent needs its signed document");

        Attachment document = new Attachment().setContentType("application/pdf").setUrl("https://example.org/c.pdf");
        enrolment.enrol(
                new EnrolmentRequest(
                        v.patient(),
                        v.programme(),
                        Optional.of("written"),
                        v.consentDate(),
                        Optional.of("RelatedPerson/daughter"),
                        v.billingPractitioner(),
                        Optional.of("Practitioner/nurse"),
                        v.start(),
                        Optional.of(document)),
                Optional.empty());
        Consent consent = repository.all(Consent.class).get(0);
        assertThat(consent.getSourceAttachment().getUrl()).isEqualTo("https://example.org/c.pdf");
        assertThat(consent.getPerformerFirstRep().getReference()).isEqualTo("RelatedPerson/daughter");
    }

    @Test
    void unknownProgrammeAndNotEligible_areRefusedWithTheirReasons() {
        assertThatThrownBy(() -> enrolment.enrol(verbal("Patient/mcc", "yoga", "Practitioner/dr-a"), Optional.empty()))
                .isInstanceOf(CareflowException.class)
                .hasMessageContaining("unknown programme 'yoga'");
        assertThatThrownBy(() -> enrolment.enrol(verbal("Patient/one", "ccm", "Practitioner/dr-a"), Optional.empty()))
                .isInstanceOf(CareflowException.class)
                .hasMessageContaining("not eligible for ccm: 1 chronic-condition category [Diabetes]");
        assertThatThrownBy(() -> enrolment.enrol(verbal("Patient/mcc", "ccm", "Practitioner/nobody"), Optional.empty()))
                .hasMessageContaining("billing-practitioner Practitioner/nobody is not known");
        assertThat(repository.transactionCount()).isZero();
    }

    @Test
    void ccmThenPcm_bySamePractitioner_isRefused_byAnother_isAllowed() {
        enrolment.enrol(verbal("Patient/mcc", "ccm", "Practitioner/dr-a"), Optional.empty());

        assertThatThrownBy(() -> enrolment.enrol(verbal("Patient/mcc", "pcm", "Practitioner/dr-a"), Optional.empty()))
                .isInstanceOf(CareflowException.class)
                .satisfies(
                        e -> assertThat(((CareflowException) e).kind()).isEqualTo(CareflowException.Kind.UNPROCESSABLE))
                .hasMessageContaining("pcm and ccm");
        enrolment.enrol(verbal("Patient/mcc", "pcm", "Practitioner/dr-b"), Optional.empty());
        assertThat(repository.all(EpisodeOfCare.class)).hasSize(2);
    }

    @Test
    void replay_answersTheStoredEpisode_aDifferentEnrolmentIsAConflict() {
        EpisodeOfCare first = enrolment.enrol(verbal("Patient/mcc", "ccm", "Practitioner/dr-a"), Optional.empty());
        EpisodeOfCare again = enrolment.enrol(verbal("Patient/mcc", "ccm", "Practitioner/dr-a"), Optional.empty());

        assertThat(again.getIdElement().getIdPart())
                .isEqualTo(first.getIdElement().getIdPart());
        assertThat(repository.all(EpisodeOfCare.class)).hasSize(1);
        assertThat(repository.all(Consent.class)).hasSize(1);
        assertThatThrownBy(() -> enrolment.enrol(verbal("Patient/mcc", "ccm", "Practitioner/dr-b"), Optional.empty()))
                .satisfies(e -> assertThat(((CareflowException) e).kind()).isEqualTo(CareflowException.Kind.CONFLICT))
                .hasMessageContaining("already enrolled in ccm");
    }

    @Test
    void apcm_recordsItsLevel_andExcludesCcmOfTheSamePractitioner() {
        EpisodeOfCare apcm = enrolment.enrol(verbal("Patient/mcc", "apcm", "Practitioner/dr-a"), Optional.empty());

        assertThat(apcm.getType()).hasSize(2);
        assertThat(apcm.getType().get(1).getCodingFirstRep().getCode()).isEqualTo("G0558");
        assertThatThrownBy(() -> enrolment.enrol(verbal("Patient/mcc", "ccm", "Practitioner/dr-a"), Optional.empty()))
                .hasMessageContaining("ccm and apcm")
                .hasMessageContaining("CMS-1807-F");
    }

    @Test
    void withdrawal_endsEpisodeAndConsentAtMonthEnd_withAProvenance() {
        enrolment.enrol(verbal("Patient/mcc", "ccm", "Practitioner/dr-a"), Optional.empty());

        EpisodeOfCare withdrawn =
                withdrawal.withdraw("Patient/mcc", "ccm", "Moving away", Optional.of("Practitioner/nurse"));

        assertThat(withdrawn.getPeriod().getEndElement().getValueAsString()).isEqualTo("2026-11-30");
        assertThat(withdrawn.getStatus()).isEqualTo(EpisodeOfCare.EpisodeOfCareStatus.ACTIVE);
        Consent consent = repository.all(Consent.class).get(0);
        assertThat(consent.getProvision().getPeriod().getEndElement().getValueAsString())
                .isEqualTo("2026-11-30");
        assertThat(repository.all(Provenance.class))
                .anySatisfy(p -> assertThat(p.getReasonFirstRep().getText()).contains("Moving away", "2026-11-30"));
        int transactions = repository.transactionCount();
        withdrawal.withdraw("Patient/mcc", "ccm", "Again", Optional.empty());
        assertThat(repository.transactionCount()).isEqualTo(transactions);
        assertThatThrownBy(() -> withdrawal.withdraw("Patient/mcc", "pcm", "Never enrolled", Optional.empty()))
                .hasMessageContaining("Patient/mcc is not enrolled in pcm");
    }
}
