package dev.careflow.careplan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.careflow.platform.Stored;
import dev.careflow.task.TaskDue;
import dev.careflow.testing.FixtureRepository;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The cadence on the fixture {@code careplan/cadence}: an active plan with a follow-up call every 14 days. */
class FollowUpCadenceServiceTest {

    private static final Clock CLOCK =
            Clock.fixed(Instant.parse("2026-11-27T15:00:00Z"), ZoneId.of("America/New_York"));

    private FixtureRepository repository;
    private FollowUpCadenceService cadence;

    @BeforeEach
    void setUp() {
        repository = FixtureRepository.load("careplan/cadence");
        cadence = new FollowUpCadenceService(repository, CLOCK);
    }

    @Test
    void anActivePlan_getsOneCallTask_dueOneIntervalLater_andAReplayRaisesNoSecond() {
        CarePlan plan = Stored.require(repository, CarePlan.class, "CarePlan/plan");

        cadence.afterPlanStored(plan);
        cadence.afterPlanStored(plan);

        List<Task> calls = repository.all(Task.class);
        assertThat(calls).hasSize(1);
        Task call = calls.get(0);
        assertThat(call.getCode().getCodingFirstRep().getCode()).isEqualTo("follow-up-call");
        assertThat(call.getStatus()).isEqualTo(Task.TaskStatus.REQUESTED);
        assertThat(TaskDue.dueDate(call)).contains(LocalDate.of(2026, 12, 11));
        assertThat(call.getOwner().getReference()).isEqualTo("Practitioner/cm1");
        assertThat(call.getBasedOn())
                .extracting(Reference::getReference)
                .containsExactly("CarePlan/plan", "ServiceRequest/calls");
        assertThat(call.getIdentifierFirstRep().getValue()).isEqualTo("CarePlan/plan|follow-up-call|first:2026-12-11");
    }

    @Test
    void aCompletedCall_raisesTheNext_oneIntervalAfterItWasDone() {
        cadence.afterPlanStored(Stored.require(repository, CarePlan.class, "CarePlan/plan"));
        Task open = repository.all(Task.class).get(0);
        Task done = open.copy().setStatus(Task.TaskStatus.COMPLETED);
        done.getExecutionPeriod().setEnd(Date.from(Instant.parse("2026-11-30T17:00:00Z")));
        repository.update(done);

        cadence.afterTaskStored(
                open,
                Stored.require(
                        repository, Task.class, "Task/" + open.getIdElement().getIdPart()));

        List<Task> calls = repository.all(Task.class).stream()
                .sorted(Comparator.comparing(t -> TaskDue.dueDate(t).orElseThrow()))
                .toList();
        assertThat(calls).hasSize(2);
        assertThat(TaskDue.dueDate(calls.get(1))).contains(LocalDate.of(2026, 12, 14));
        assertThat(calls.get(1).getStatus()).isEqualTo(Task.TaskStatus.REQUESTED);
    }

    @Test
    void aDraftPlan_getsNothing() {
        CarePlan plan = Stored.require(repository, CarePlan.class, "CarePlan/plan");
        plan.setStatus(CarePlan.CarePlanStatus.DRAFT);

        cadence.afterPlanStored(plan);

        assertThat(repository.all(Task.class)).isEmpty();
    }
}
