package dev.careflow.transitions;

import static dev.careflow.transitions.TransitionsFixtures.DAY_AFTER;
import static dev.careflow.transitions.TransitionsFixtures.DISCHARGE;
import static dev.careflow.transitions.TransitionsFixtures.received;
import static dev.careflow.transitions.TransitionsFixtures.store;
import static org.assertj.core.api.Assertions.assertThat;

import dev.careflow.platform.UnitOfWork;
import dev.careflow.testing.FixtureRepository;
import dev.careflow.transitions.internal.Tcm;
import dev.careflow.transitions.internal.TcmKeys;
import dev.careflow.transitions.internal.TcmResources;
import dev.careflow.vocabulary.CodeSystems;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Coverage;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.RiskAssessment;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

/** A notification stored on a fixture repository: what it carries, the care it starts, its receipt. */
class NotificationStoreTest {

    private final FixtureRepository repository = FixtureRepository.empty();

    @Test
    void aDischargeNotification_startsTheTcmEpisodeAndTasksWithTheirDeadlines() {
        NotificationOutcome outcome = store(repository, DAY_AFTER).store(received(DISCHARGE));

        assertThat(outcome.duplicate()).isFalse();
        assertThat(outcome.followUp()).hasSize(6);
        EpisodeOfCare episode = only(EpisodeOfCare.class);
        assertThat(episode.getStatus()).isEqualTo(EpisodeOfCare.EpisodeOfCareStatus.ACTIVE);
        assertThat(episode.getPatient().getReference())
                .isEqualTo(outcome.patient().getValue());
        assertThat(episode.getIdentifierFirstRep().getValue())
                .isEqualTo(outcome.encounter().getIdPart());
        assertThat(episode.getPeriod().getStartElement().getValueAsString()).isEqualTo("2018-10-23");
        assertThat(episode.getPeriod().getEndElement().getValueAsString()).isEqualTo("2018-11-21");
        Map<String, String> due = new TreeMap<>();
        for (Task task : repository.all(Task.class)) {
            assertThat(task.getEncounter().getReference())
                    .isEqualTo(outcome.encounter().getValue());
            assertThat(task.getStatus()).isEqualTo(Task.TaskStatus.REQUESTED);
            assertThat(task.getAuthoredOn()).isEqualTo(java.util.Date.from(DAY_AFTER.instant()));
            due.put(task.getCode().getCodingFirstRep().getCode(), Tcm.due(task).toString());
        }
        // Two business days for the contact; LACE below 10: moderate complexity, a visit within 14 days.
        assertThat(due)
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        Tcm.CONTACT, "2018-10-25",
                        Tcm.VISIT, "2018-11-06",
                        Tcm.RECONCILIATION, "2018-11-06"));
        CarePlan plan = only(CarePlan.class);
        assertThat(plan.getActivity()).hasSize(3);
        assertThat(plan.getSupportingInfoFirstRep().getReference())
                .isEqualTo(episode.getIdElement().toUnqualifiedVersionless().getValue());
        assertThat(only(RiskAssessment.class).getEncounter().getReference())
                .isEqualTo(outcome.encounter().getValue());
    }

    @Test
    void aDischargeNotification_storesWhatItCarriesItsReceiptAndOneProvenance() {
        ReceivedNotification notification = received(DISCHARGE);

        NotificationOutcome outcome = store(repository, DAY_AFTER).store(notification);

        assertThat(counts())
                .containsEntry("Patient", 1)
                .containsEntry("Encounter", 1)
                .containsEntry("Location", 1)
                .containsEntry("Practitioner", 1)
                .containsEntry("Organization", 2)
                .containsEntry("Condition", 1)
                .containsEntry("Coverage", 1)
                .containsEntry("MessageHeader", 1);
        assertThat(repository.transactionCount()).isEqualTo(2);
        Provenance provenance = only(Provenance.class);
        assertThat(provenance.getActivity().getCodingFirstRep().getSystem()).isEqualTo(CodeSystems.V3_DATA_OPERATION);
        assertThat(provenance.getRecorded()).isEqualTo(java.util.Date.from(DAY_AFTER.instant()));
        assertThat(provenance.getTarget())
                .extracting(r -> r.getReference())
                .contains(outcome.patient().getValue(), outcome.encounter().getValue())
                .containsAll(
                        outcome.followUp().stream().map(id -> id.getValue()).toList());
        MessageHeader receipt = only(MessageHeader.class);
        assertThat(provenance.getEntityFirstRep().getWhat().getReference())
                .isEqualTo(receipt.getIdElement().toUnqualifiedVersionless().getValue());
        assertThat(receipt.getFocusFirstRep().getReference())
                .isEqualTo(outcome.encounter().getValue());
    }

    @Test
    void aReplay_storesNothingNew() {
        store(repository, DAY_AFTER).store(received(DISCHARGE));
        Map<String, Integer> before = counts();
        int transactions = repository.transactionCount();

        NotificationOutcome replay = store(repository, DAY_AFTER).store(received(DISCHARGE));

        assertThat(replay.duplicate()).isTrue();
        assertThat(replay.followUp()).isEmpty();
        assertThat(counts()).isEqualTo(before);
        assertThat(repository.transactionCount()).isEqualTo(transactions);
    }

    @Test
    void theEpisodeAndEachTcmTask_carryTheirConditionalKeyFromTheEncounter() {
        NotificationOutcome outcome = store(repository, DAY_AFTER).store(received(DISCHARGE));

        String encounter = outcome.encounter().getValue();
        assertThat(only(EpisodeOfCare.class).getIdentifier())
                .filteredOn(i -> TcmKeys.SYSTEM.equals(i.getSystem()))
                .extracting(i -> i.getValue())
                .containsExactly(encounter + "/episode");
        assertThat(repository.all(Task.class))
                .flatExtracting(Task::getIdentifier)
                .filteredOn(i -> TcmKeys.SYSTEM.equals(i.getSystem()))
                .extracting(i -> i.getValue())
                .containsExactlyInAnyOrder(
                        encounter + "/" + Tcm.CONTACT,
                        encounter + "/" + Tcm.VISIT,
                        encounter + "/" + Tcm.RECONCILIATION);
    }

    @Test
    void aSecondWriterWithoutTheLock_cannotDuplicateTheEpisodeOrATask() {
        NotificationOutcome outcome = store(repository, DAY_AFTER).store(received(DISCHARGE));
        TcmKeys keys = new TcmKeys(outcome.encounter(), 0);
        UnitOfWork late = new UnitOfWork(repository);
        keys.create(
                TcmResources.episode(
                        outcome.patient(),
                        outcome.encounter(),
                        java.time.LocalDate.of(2018, 10, 23),
                        java.util.Optional.empty()),
                late);
        keys.create(
                TcmResources.task(
                        Tcm.CONTACT,
                        "TCM interactive contact",
                        outcome.patient(),
                        outcome.encounter(),
                        java.time.LocalDate.of(2018, 10, 25),
                        java.util.Optional.empty(),
                        DAY_AFTER),
                late);

        late.commit();

        assertThat(repository.all(EpisodeOfCare.class)).hasSize(1);
        assertThat(repository.all(Task.class)).hasSize(3);
    }

    @Test
    void aDischargeStartedAgainAfterItsWithdrawal_getsKeysOfItsOwn() {
        IdType encounter = new IdType("Encounter/42");

        assertThat(new TcmKeys(encounter, 0).key(new EpisodeOfCare())).isEqualTo("Encounter/42/episode");
        assertThat(new TcmKeys(encounter, 1).key(new EpisodeOfCare())).isEqualTo("Encounter/42/2/episode");
        Task contact = TcmResources.task(
                Tcm.CONTACT,
                "contact",
                new IdType("Patient/1"),
                encounter,
                java.time.LocalDate.of(2018, 10, 25),
                java.util.Optional.empty(),
                DAY_AFTER);
        assertThat(new TcmKeys(encounter, 1).key(contact)).isEqualTo("Encounter/42/2/" + Tcm.CONTACT);
    }

    private <T extends Resource> T only(Class<T> type) {
        List<T> all = repository.all(type);
        assertThat(all).as(type.getSimpleName()).hasSize(1);
        return all.get(0);
    }

    private Map<String, Integer> counts() {
        Map<String, Integer> counts = new TreeMap<>();
        for (Class<? extends Resource> type : List.of(
                Patient.class,
                Encounter.class,
                EpisodeOfCare.class,
                Task.class,
                CarePlan.class,
                MessageHeader.class,
                Provenance.class,
                RiskAssessment.class,
                Location.class,
                Organization.class,
                Practitioner.class,
                Condition.class,
                Coverage.class)) {
            counts.put(type.getSimpleName(), repository.all(type).size());
        }
        return counts;
    }
}
