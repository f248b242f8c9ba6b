package dev.careflow.programs.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.careflow.platform.CareflowException;
import dev.careflow.testing.FixtureRepository;
import dev.careflow.transitions.TcmStatusService;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import org.hl7.fhir.r4.model.ChargeItem;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

/**
 * {@code $billing-summary} for October 2026 on the fixture {@code programs/billing/october}: p1 has 45 minutes of CCM
 * staff time, 12 of the doctor's own, a TCM episode (its Tasks and a call about its encounter) with the visit on time
 * and 10 minutes before enrolment; p2 19 minutes and an APCM episode without a level; p3 time without an active consent;
 * p4 is another practitioner's; p5 was discharged on 20 October, no TCM Task done.
 */
class BillingSummaryServiceTest {

    private static final Clock CLOCK =
            Clock.fixed(Instant.parse("2026-11-05T15:00:00Z"), ZoneId.of("America/New_York"));
    private static final YearMonth OCTOBER = YearMonth.of(2026, 10);

    private final FixtureRepository repository = FixtureRepository.load("programs/billing/october");
    private final BillingSummaryService service =
            new BillingSummaryService(repository, new TcmStatusService(repository, CLOCK), CLOCK);

    private static PatientBill bill(BillingSummaryService.Summary summary, String patient) {
        return summary.practitioners().get(0).patients().stream()
                .map(BillingSummaryService.Billed::bill)
                .filter(b -> b.patient().equals(patient))
                .findFirst()
                .orElseThrow();
    }

    private static List<String> codes(PatientBill bill) {
        return bill.charges().stream().map(c -> c.code() + "x" + c.units()).toList();
    }

    @Test
    void ccmStaffTime_andTcm_areBilledOnce_tcmMinutesExcluded() {
        PatientBill p1 = bill(service.ofPractitioner("Practitioner/doc", OCTOBER), "Patient/p1");

        assertThat(codes(p1)).containsExactlyInAnyOrder("99490x1", "99439x1", "99496x1");
        PatientBill.Charge ccm = p1.charges().stream()
                .filter(c -> c.code().equals("99490"))
                .findFirst()
                .orElseThrow();
        assertThat(ccm.measured()).contains(45L);
        assertThat(ccm.evidence()).containsExactlyInAnyOrder("Task/call1", "Task/call2", "Communication/attempt1");
        assertThat(p1.tcmMinutes()).isEqualTo(85);
        assertThat(p1.outsideMinutes()).isEqualTo(10);
        assertThat(p1.shortfalls())
                .containsExactlyInAnyOrder("ccm: 15 minutes short of another 99439", "ccm: 18 minutes short of 99491");
    }

    @Test
    void chargeItems_areStoredInOneTransaction_andReRunningTheMonthChangesNothing() {
        service.ofPractitioner("Practitioner/doc", OCTOBER);
        assertThat(repository.transactionCount()).isEqualTo(1);
        List<ChargeItem> items = repository.all(ChargeItem.class);
        assertThat(items)
                .extracting(i -> i.getIdentifierFirstRep().getValue())
                .containsExactlyInAnyOrder("p1/2026-10/99490", "p1/2026-10/99439", "p1/2026-10/99496");
        ChargeItem ccm = items.stream()
                .filter(i -> i.getCode().getCodingFirstRep().getCode().equals("99490"))
                .findFirst()
                .orElseThrow();
        assertThat(ccm.getStatus()).isEqualTo(ChargeItem.ChargeItemStatus.BILLABLE);
        assertThat(ccm.getContext().getReference()).isEqualTo("EpisodeOfCare/ccm1");
        assertThat(ccm.getPerformerFirstRep().getActor().getReference()).isEqualTo("Practitioner/doc");
        assertThat(ccm.getOccurrencePeriod().getStartElement().getValueAsString())
                .isEqualTo("2026-10-01");
        assertThat(ccm.getOccurrencePeriod().getEndElement().getValueAsString()).isEqualTo("2026-10-31");

        BillingSummaryService.Summary again = service.ofPractitioner("Practitioner/doc", OCTOBER);

        assertThat(repository.all(ChargeItem.class)).hasSize(3);
        assertThat(repository.transactionCount()).isEqualTo(1);
        assertThat(again.practitioners().get(0).patients().stream()
                        .flatMap(b -> b.chargeItems().values().stream())
                        .map(Reference::getReference))
                .hasSize(3)
                .allMatch(r -> r.startsWith("ChargeItem/"));
    }

    @Test
    void aCodeNoLongerEarned_becomesEnteredInError() {
        service.ofPractitioner("Practitioner/doc", OCTOBER);
        repository.with(repository.all(org.hl7.fhir.r4.model.Task.class).stream()
                .filter(t -> t.getIdPart().equals("call2"))
                .map(t -> t.setStatus(org.hl7.fhir.r4.model.Task.TaskStatus.CANCELLED))
                .toArray(org.hl7.fhir.r4.model.Resource[]::new));

        service.ofPractitioner("Practitioner/doc", OCTOBER);

        assertThat(repository.all(ChargeItem.class))
                .filteredOn(i -> i.getCode().getCodingFirstRep().getCode().equals("99439"))
                .extracting(ChargeItem::getStatus)
                .containsExactly(ChargeItem.ChargeItemStatus.ENTEREDINERROR);
    }

    @Test
    void shortTime_noConsent_unknownApcmLevel_areExplained_andAnotherPractitionersPatientIsLeftOut() {
        BillingSummaryService.Summary summary = service.ofPractitioner("Practitioner/doc", OCTOBER);

        PatientBill p2 = bill(summary, "Patient/p2");
        assertThat(p2.charges()).isEmpty();
        assertThat(p2.shortfalls())
                .contains("ccm: 1 minute short of 99490")
                .anyMatch(s -> s.contains("APCM level is unknown"));
        PatientBill p3 = bill(summary, "Patient/p3");
        assertThat(p3.charges()).isEmpty();
        assertThat(p3.shortfalls())
                .containsExactly("ccm (EpisodeOfCare/ccm3): nothing billed, no active consent"
                        + " recorded for the ccm episode");
        assertThat(p3.outsideMinutes()).isEqualTo(30);
        assertThat(summary.practitioners().get(0).patients())
                .extracting(b -> b.bill().patient())
                .containsExactly("Patient/p1", "Patient/p2", "Patient/p3", "Patient/p5");
    }

    @Test
    void aTcmEpisodeWithoutBillingPractitioner_isBilledByItsCareManager_andSaysWhatIsMissing() {
        PatientBill p5 = bill(service.ofPractitioner("Practitioner/doc", OCTOBER), "Patient/p5");

        assertThat(p5.charges()).isEmpty();
        assertThat(p5.shortfalls()).singleElement().satisfies(s -> assertThat(s)
                .startsWith("tcm (EpisodeOfCare/tcm5): 99495 not earned: ")
                .contains("face-to-face visit within 14 days of discharge: no task found"));
    }

    @Test
    void anOrganisation_billsForEachOfItsPractitioners() {
        BillingSummaryService.Summary summary = service.ofOrganization("Organization/clinic", OCTOBER);

        assertThat(summary.practitioners())
                .extracting(BillingSummaryService.PractitionerSummary::practitioner)
                .containsExactly("Practitioner/doc");
    }

    @Test
    void aFutureMonth_isRefused_andAnUnknownPractitionerIsNotFound() {
        assertThatThrownBy(() -> service.ofPractitioner("Practitioner/doc", YearMonth.of(2026, 12)))
                .isInstanceOf(CareflowException.class)
                .hasMessageContaining("month 2026-12 is in the future");
        assertThatThrownBy(() -> service.ofPractitioner("Practitioner/nobody", OCTOBER))
                .isInstanceOf(CareflowException.class)
                .hasMessageContaining("Practitioner/nobody is not known");
        assertThat(repository.all(ChargeItem.class)).isEmpty();
    }
}
