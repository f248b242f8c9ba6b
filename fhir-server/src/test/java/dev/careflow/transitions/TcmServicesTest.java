package dev.careflow.transitions;

import static dev.careflow.transitions.TransitionsFixtures.DAY_AFTER;
import static dev.careflow.transitions.TransitionsFixtures.DISCHARGE;
import static dev.careflow.transitions.TransitionsFixtures.received;
import static dev.careflow.transitions.TransitionsFixtures.store;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.careflow.testing.FixtureRepository;
import dev.careflow.transitions.internal.Tcm;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.RiskAssessment;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

/** The TCM status computed from stored Tasks, and a patient merge moving the TCM, on a fixture repository. */
class TcmServicesTest {

    private static final Clock THREE_WEEKS_LATER = Clock.fixed(Instant.parse("2018-11-14T15:00:00Z"), ZoneOffset.UTC);

    private final FixtureRepository repository = FixtureRepository.empty();

    @Test
    void tcmStatus_isComputedFromTheStoredTasks() {
        NotificationOutcome discharge = store(repository, DAY_AFTER).store(received(DISCHARGE));
        Task contact = task(Tcm.CONTACT);
        contact.setStatus(Task.TaskStatus.COMPLETED);
        contact.getExecutionPeriod().setEndElement(new DateTimeType("2018-10-24T10:00:00Z"));
        repository.update(contact);

        Parameters status = new TcmStatusService(repository, THREE_WEEKS_LATER).status(discharge.patient());

        Parameters.ParametersParameterComponent episode = status.getParameterFirstRep();
        assertThat(part(episode, "dischargeDate")).isEqualTo("2018-10-23");
        assertThat(part(episode, "cpt")).isEqualTo("99495");
        assertThat(part(episode, "requirementsMet")).isEqualTo("false");
        Map<String, String> states = episode.getPart().stream()
                .filter(p -> p.getName().equals("deadline"))
                .collect(Collectors.toMap(d -> value(d, "code"), d -> value(d, "state")));
        assertThat(states)
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        Tcm.CONTACT, "done-on-time",
                        Tcm.VISIT, "overdue",
                        Tcm.RECONCILIATION, "overdue"));
        assertThat(episode.getPart().stream()
                        .filter(p -> p.getName().equals("missing"))
                        .map(p -> p.getValue().primitiveValue()))
                .containsExactly(
                        "face-to-face visit within 14 days of discharge (overdue, due 2018-11-06)",
                        "medication reconciliation no later than the face-to-face visit (overdue, due 2018-11-06)");
    }

    @Test
    void tcmStatus_ofAnUnknownPatient_isNotFound() {
        assertThatThrownBy(() -> new TcmStatusService(repository, DAY_AFTER).status(new IdType("Patient/nobody")))
                .hasMessageContaining("Patient/nobody is not known");
    }

    @Test
    void aMerge_linksTheRecordsAndMovesEpisodesPlansTasksAndRisk() {
        NotificationOutcome discharge = store(repository, DAY_AFTER).store(received(DISCHARGE));
        Patient prior = repository.read(Patient.class, discharge.patient());
        Patient survivor = new Patient();
        survivor.setId("survivor");
        survivor.addIdentifier().setSystem("urn:example:mrn").setValue("S-1");
        repository.with(survivor);

        int moved = new PatientMergeService(repository)
                .merge(List.of(new Identifier().setSystem("urn:example:mrn").setValue("S-1")), prior.getIdentifier());

        assertThat(moved).isEqualTo(6);
        Patient merged = repository.read(Patient.class, discharge.patient());
        assertThat(merged.getActive()).isFalse();
        assertThat(merged.getLinkFirstRep().getType()).isEqualTo(Patient.LinkType.REPLACEDBY);
        assertThat(merged.getLinkFirstRep().getOther().getReference()).isEqualTo("Patient/survivor");
        assertThat(repository
                        .read(Patient.class, new IdType("Patient/survivor"))
                        .getLinkFirstRep()
                        .getType())
                .isEqualTo(Patient.LinkType.REPLACES);
        assertThat(repository.all(EpisodeOfCare.class))
                .allSatisfy(e -> assertThat(e.getPatient().getReference()).isEqualTo("Patient/survivor"));
        assertThat(repository.all(Task.class))
                .allSatisfy(t -> assertThat(t.getFor().getReference()).isEqualTo("Patient/survivor"));
        assertThat(repository.all(CarePlan.class))
                .allSatisfy(p -> assertThat(p.getSubject().getReference()).isEqualTo("Patient/survivor"));
        assertThat(repository.all(RiskAssessment.class))
                .allSatisfy(r -> assertThat(r.getSubject().getReference()).isEqualTo("Patient/survivor"));
    }

    @Test
    void aMerge_withAnUnknownPriorRecord_isRefusedAndMovesNothing() {
        store(repository, DAY_AFTER).store(received(DISCHARGE));
        int transactions = repository.transactionCount();

        assertThatThrownBy(() -> new PatientMergeService(repository)
                        .merge(
                                repository.all(Patient.class).get(0).getIdentifier(),
                                List.of(new Identifier()
                                        .setSystem("urn:example:mrn")
                                        .setValue("nobody"))))
                .hasMessageContaining("The prior (MRG-1) patient is not known");
        assertThat(repository.transactionCount()).isEqualTo(transactions);
    }

    private Task task(String code) {
        return repository.all(Task.class).stream()
                .filter(t -> t.getCode().getCodingFirstRep().getCode().equals(code))
                .findFirst()
                .orElseThrow();
    }

    private static String part(Parameters.ParametersParameterComponent parameter, String name) {
        return value(parameter, name);
    }

    private static String value(Parameters.ParametersParameterComponent parameter, String name) {
        return parameter.getPart().stream()
                .filter(p -> p.getName().equals(name))
                .findFirst()
                .map(p -> p.getValue().primitiveValue())
                .orElse(null);
    }
}
