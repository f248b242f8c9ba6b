package dev.careflow.medications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.careflow.platform.CareflowException;
import dev.careflow.testing.FixtureRepository;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.ListResource;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

/** Ada's home medications against her discharge orders (fixtures/medications/admission). */
class MedicationReconciliationServiceTest {

    private static final Clock FRIDAY = Clock.fixed(Instant.parse("2026-11-20T15:00:00Z"), ZoneId.of("UTC"));

    private final FixtureRepository repository = FixtureRepository.load("medications/admission");
    private final MedicationReconciliationService reconciliation =
            new MedicationReconciliationService(repository, FRIDAY);

    private static List<String> lines(ListResource list) {
        return list.getEntry().stream()
                .map(e -> e.getFlag().getCodingFirstRep().getCode() + " "
                        + e.getItem().getReference() + (e.getDeleted() ? " deleted" : ""))
                .toList();
    }

    @Test
    void storedDischargeOrders_againstHomeMedications() {
        ListResource differences = reconciliation.reconcile(new IdType("Patient/ada"), Optional.empty());

        assertThat(lines(differences))
                .containsExactlyInAnyOrder(
                        "changed MedicationRequest/lisinopril-discharge",
                        "unchanged MedicationRequest/statin-discharge",
                        "new MedicationRequest/metformin-discharge",
                        "stopped MedicationStatement/aspirin-home deleted");
        assertThat(differences.getEntry())
                .filteredOn(e -> e.getFlag().hasCoding(MedicationReconciliationService.CHANGE_SYSTEM, "changed"))
                .singleElement()
                .satisfies(e -> assertThat(e.getFlag().getText())
                        .isEqualTo("lisinopril 10 MG Oral Tablet: lisinopril 10 MG Oral Tablet 10 mg QD"
                                + " -> lisinopril 10 MG Oral Tablet 20 mg QD"));
        assertThat(differences.getSubject().getReference()).isEqualTo("Patient/ada");
    }

    @Test
    void aPostedList_withAContainedDuplicate_isFlagged_andContainedInTheAnswer() {
        MedicationRequest second = new MedicationRequest();
        second.setId("second-metformin");
        second.setMedication(new CodeableConcept(
                new Coding("http://www.nlm.nih.gov/research/umls/rxnorm", "861007", "metformin 500 MG Oral Tablet")));
        ListResource posted = new ListResource();
        posted.addContained(second);
        posted.addEntry().setItem(new Reference("MedicationRequest/metformin-discharge"));
        posted.addEntry().setItem(new Reference("#second-metformin"));

        ListResource differences = reconciliation.reconcile(new IdType("Patient/ada"), Optional.of(posted));

        assertThat(lines(differences))
                .contains(
                        "duplicated MedicationRequest/metformin-discharge",
                        "duplicated #second-metformin",
                        "stopped MedicationStatement/lisinopril-home deleted");
        assertThat(differences.getContained()).hasSize(1);
    }

    @Test
    void anEntryThatIsNoMedication_isRefused_andAnUnknownPatientToo() {
        ListResource posted = new ListResource();
        posted.addEntry().setItem(new Reference("Patient/ada"));
        assertThatThrownBy(() -> reconciliation.reconcile(new IdType("Patient/ada"), Optional.of(posted)))
                .isInstanceOf(CareflowException.class)
                .hasMessageContaining("'Patient/ada' is not a MedicationRequest or MedicationStatement");
        assertThatThrownBy(() -> reconciliation.reconcile(new IdType("Patient/nobody"), Optional.empty()))
                .isInstanceOf(CareflowException.class)
                .hasMessageContaining("Patient/nobody is not known");
    }
}
