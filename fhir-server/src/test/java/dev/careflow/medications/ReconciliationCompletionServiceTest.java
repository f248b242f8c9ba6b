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
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

/** Ada's reconciliation completed by her care manager (fixtures/medications/tcm: home medications, discharge orders, the TCM Task). */
class ReconciliationCompletionServiceTest {

    private static final Clock FRIDAY = Clock.fixed(Instant.parse("2026-11-20T15:00:00Z"), ZoneId.of("UTC"));
    private static final Optional<String> CARE_MANAGER = Optional.of("Practitioner/care-manager-1");

    private final FixtureRepository repository =
            FixtureRepository.load("medications/tcm").with(TherapeuticClassesTest.conceptMap());
    private final ReconciliationCompletionService completion = new ReconciliationCompletionService(repository, FRIDAY);

    private MedicationStatement statement(String id) {
        return repository.read(MedicationStatement.class, new IdType("MedicationStatement/" + id));
    }

    @Test
    void completing_storesTheList_updatesTheMedications_andCompletesTheTask_inOneTransaction() {
        ListResource list = completion.complete(new IdType("Patient/ada"), Optional.empty(), CARE_MANAGER);

        assertThat(repository.transactionCount()).isEqualTo(1);
        assertThat(list.getMode()).isEqualTo(ListResource.ListMode.SNAPSHOT);
        assertThat(list.getSource().getReference()).isEqualTo("Practitioner/care-manager-1");
        assertThat(list.getEntry())
                .extracting(e -> e.getFlag().getCodingFirstRep().getCode() + " "
                        + e.getItem()
                                .getReference()
                                .replaceAll("^MedicationStatement/(?!.*-home$).*", "MedicationStatement/new")
                        + (e.getDeleted() ? " deleted" : ""))
                .containsExactlyInAnyOrder(
                        "changed MedicationStatement/lisinopril-home",
                        "unchanged MedicationStatement/statin-home",
                        "new MedicationStatement/new",
                        "stopped MedicationStatement/aspirin-home deleted");
        assertThat(statement("aspirin-home").getStatus())
                .isEqualTo(MedicationStatement.MedicationStatementStatus.STOPPED);
        assertThat(MedicationEntries.dose(statement("lisinopril-home").getDosageFirstRep()))
                .contains("20 mg");
        MedicationStatement metformin = repository.all(MedicationStatement.class).stream()
                .filter(s -> s.hasDerivedFrom())
                .collect(singleton());
        assertThat(metformin.getStatus()).isEqualTo(MedicationStatement.MedicationStatementStatus.ACTIVE);
        assertThat(metformin.getDerivedFromFirstRep().getReference())
                .isEqualTo("MedicationRequest/metformin-discharge");
        assertThat(metformin.getInformationSource().getReference()).isEqualTo("Practitioner/care-manager-1");
        Task task = repository.read(Task.class, new IdType("Task/reconcile"));
        assertThat(task.getStatus()).isEqualTo(Task.TaskStatus.COMPLETED);
        assertThat(((Reference) task.getOutputFirstRep().getValue()).getReference())
                .isEqualTo(list.getIdElement().toUnqualifiedVersionless().getValue());
        Provenance provenance = repository.all(Provenance.class).get(0);
        assertThat(provenance.getTarget())
                .extracting(Reference::getReference)
                .contains(
                        list.getIdElement().toUnqualifiedVersionless().getValue(),
                        "MedicationStatement/aspirin-home",
                        "MedicationStatement/lisinopril-home",
                        "Task/reconcile")
                .doesNotContain("MedicationStatement/statin-home");
        assertThat(provenance.getAgentFirstRep().getWho().getReference()).isEqualTo("Practitioner/care-manager-1");
    }

    @Test
    void aReplay_storesNothing_andAnswersTheSameList() {
        ListResource first = completion.complete(new IdType("Patient/ada"), Optional.empty(), CARE_MANAGER);
        ListResource again = completion.complete(new IdType("Patient/ada"), Optional.empty(), CARE_MANAGER);

        assertThat(repository.transactionCount()).isEqualTo(1);
        assertThat(again.getIdElement().getIdPart())
                .isEqualTo(first.getIdElement().getIdPart());
        assertThat(repository.all(ListResource.class)).hasSize(1);
    }

    @Test
    void aDischargeListNamingOneDrugTwice_isRefused_andNothingIsStored() {
        MedicationRequest second = new MedicationRequest();
        second.setId("second-metformin");
        second.setMedication(
                new CodeableConcept(new Coding(MedicationEntries.RXNORM, "861007", "metformin 500 MG Oral Tablet")));
        ListResource posted = new ListResource();
        posted.addContained(second);
        posted.addEntry().setItem(new Reference("MedicationRequest/metformin-discharge"));
        posted.addEntry().setItem(new Reference("#second-metformin"));

        assertThatThrownBy(() -> completion.complete(new IdType("Patient/ada"), Optional.of(posted), CARE_MANAGER))
                .isInstanceOf(CareflowException.class)
                .hasMessageContaining("is on the discharge list 2 times: correct the discharge list");
        assertThat(repository.transactionCount()).isZero();
        assertThat(repository.all(ListResource.class)).isEmpty();
        assertThat(statement("aspirin-home").getStatus())
                .isEqualTo(MedicationStatement.MedicationStatementStatus.ACTIVE);
    }

    @Test
    void aContainedNewMedication_isDerivedFromTheStoredList_andABackendCallerLeavesNoSource() {
        MedicationRequest losartan = new MedicationRequest();
        losartan.setId("losartan");
        losartan.setMedication(new CodeableConcept(new Coding(MedicationEntries.RXNORM, "52175", "losartan")));
        ListResource posted = new ListResource();
        posted.addContained(losartan);
        posted.addEntry().setItem(new Reference("MedicationRequest/lisinopril-discharge"));
        posted.addEntry().setItem(new Reference("#losartan"));

        ListResource list = completion.complete(new IdType("Patient/ada"), Optional.of(posted), Optional.empty());

        assertThat(list.hasSource()).isFalse();
        assertThat(list.getEntry())
                .extracting(e -> e.getFlag().getCodingFirstRep().getCode())
                .containsExactlyInAnyOrder("duplicated-class", "duplicated-class", "stopped", "stopped");
        MedicationStatement started = repository.all(MedicationStatement.class).stream()
                .filter(s -> s.hasDerivedFrom())
                .collect(singleton());
        assertThat(started.getDerivedFromFirstRep().getReference())
                .isEqualTo(list.getIdElement().toUnqualifiedVersionless().getValue());
    }

    private static <T> java.util.stream.Collector<T, ?, T> singleton() {
        return java.util.stream.Collectors.collectingAndThen(java.util.stream.Collectors.toList(), (List<T> all) -> {
            assertThat(all).hasSize(1);
            return all.get(0);
        });
    }
}
