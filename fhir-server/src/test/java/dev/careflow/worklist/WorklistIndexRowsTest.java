package dev.careflow.worklist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.careflow.careteam.CareManagerDirectory;
import dev.careflow.task.TaskDue;
import dev.careflow.testing.FixtureRepository;
import dev.careflow.vocabulary.CodeSystems;
import dev.careflow.worklist.WorklistIndexRows.MemberRow;
import dev.careflow.worklist.WorklistIndexRows.TaskRow;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

/** Which write changes which rows of the worklist index (fixtures/worklist/caseload), and what a row holds. */
class WorklistIndexRowsTest {

    private final FixtureRepository repository = FixtureRepository.load("worklist/caseload");
    private final InMemoryWorklistIndex index = new InMemoryWorklistIndex();
    private final WorklistIndexInterceptor hooks = new WorklistIndexInterceptor(index, true);

    private Task stored(String id) {
        return repository.all(Task.class).stream()
                .filter(t -> t.getIdElement().getIdPart().equals(id))
                .findFirst()
                .orElseThrow();
    }

    private CareTeam team(String id) {
        return repository.all(CareTeam.class).stream()
                .filter(t -> t.getIdElement().getIdPart().equals(id))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void anOpenTask_hasARowWithWhatTheWorklistReads() {
        Task task = stored("overdue");
        task.getCode().addCoding(new Coding(null, "local", null));
        TaskDue.markOverdue(task);

        TaskRow row = WorklistIndexRows.row(task).orElseThrow();

        assertThat(row.id()).isEqualTo("overdue");
        assertThat(row.status()).isEqualTo(task.getStatus().toCode());
        assertThat(row.patient()).isEqualTo(WorklistRules.patientOf(task));
        assertThat(row.due())
                .isEqualTo(task.getRestriction().getPeriod().getEndElement().getValueAsString());
        assertThat(row.markedOverdue()).isTrue();
        assertThat(row.codes()).contains(CodeSystems.CARE_TASK + "\t").endsWith("\tlocal\n");
    }

    @Test
    void theSkeletonOfARow_isReadByTheRulesAsTheStoredTask() {
        WorklistRules rules =
                new WorklistRules(Instant.parse("2026-11-20T15:00:00Z"), WorklistServiceTest.FRIDAY_10AM.getZone());
        for (Task task : repository.all(Task.class)) {
            Optional<TaskRow> row = WorklistIndexRows.row(task);
            if (row.isEmpty()) {
                continue;
            }
            Task skeleton = WorklistIndexRows.skeleton(row.get());
            WorklistService.Item expected = rules.task(task);
            WorklistService.Item actual = rules.task(skeleton);
            assertThat(List.of(actual.category(), actual.due(), actual.priority(), String.valueOf(actual.patient())))
                    .as(task.getIdElement().getIdPart())
                    .isEqualTo(List.of(
                            expected.category(),
                            expected.due(),
                            expected.priority(),
                            String.valueOf(expected.patient())));
            assertThat(skeleton.hasOwner()).isEqualTo(task.hasOwner());
        }
    }

    @Test
    void aTaskLeavesTheIndex_whenCompletedOrDeleted_andMovesWhenReassigned() {
        Task task = stored("routine-upcoming");
        hooks.created(task);
        assertThat(index.tasks).containsKey("routine-upcoming");

        task.setOwner(new Reference("Practitioner/someone-else"));
        hooks.updated(stored("routine-upcoming"), task);
        assertThat(index.ownedBy(List.of("Practitioner/someone-else"))).hasSize(1);

        task.setStatus(Task.TaskStatus.COMPLETED);
        hooks.updated(stored("routine-upcoming"), task);
        assertThat(index.tasks).isEmpty();

        hooks.created(stored("due-today"));
        hooks.deleted(stored("due-today"));
        assertThat(index.tasks).isEmpty();
    }

    @Test
    void aTaskWithoutStatus_orFinished_hasNoRow() {
        assertThat(WorklistIndexRows.row(stored("done"))).isEmpty();
        assertThat(WorklistIndexRows.row(new Task().setIntent(Task.TaskIntent.ORDER)))
                .isEmpty();
    }

    @Test
    void anActiveCareTeam_namesItsCareManagers_only() {
        CareTeam team = team("team-ada");
        team.addParticipant()
                .addRole(new CodeableConcept(new Coding(
                        CareManagerDirectory.CARE_TEAM_ROLE, CareManagerDirectory.SUPERVISING_CLINICIAN, null)))
                .setMember(new Reference("Practitioner/doctor"));

        List<MemberRow> rows = WorklistIndexRows.members(team);

        assertThat(rows)
                .extracting(MemberRow::member)
                .doesNotContain("Practitioner/doctor")
                .isNotEmpty();
        assertThat(rows)
                .extracting(MemberRow::patient)
                .containsOnly(team.getSubject().getReference());
    }

    @Test
    void aCareTeamLeavesTheIndex_whenInactiveOrDeleted() {
        CareTeam team = team("team-ada");
        hooks.created(team);
        assertThat(index.patientsOf(
                        List.of(team.getParticipantFirstRep().getMember().getReference())))
                .isNotEmpty();

        team.setStatus(CareTeam.CareTeamStatus.INACTIVE);
        hooks.updated(team("team-ada"), team);
        assertThat(index.teams).isEmpty();

        hooks.created(team("team-ben"));
        hooks.deleted(team("team-ben"));
        assertThat(index.teams).isEmpty();
    }

    @Test
    void switchedOff_theHooksKeepNothing() {
        WorklistIndexInterceptor off = new WorklistIndexInterceptor(index, false);
        off.created(stored("routine-upcoming"));
        off.created(team("team-ada"));
        assertThat(index.tasks).isEmpty();
        assertThat(index.teams).isEmpty();
    }
}
