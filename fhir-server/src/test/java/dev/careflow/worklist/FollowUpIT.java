package dev.careflow.worklist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.careflow.CareflowIT;
import dev.careflow.task.OpenTasks;
import dev.careflow.task.OverdueTaskService;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Timing;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Follow-up cadence and overdue marking, on the real server and database. */
class FollowUpIT extends CareflowIT {

    private static final String CARE_TASK = "https://careflow.dev/fhir/CodeSystem/care-task";

    @Autowired
    private OverdueTaskService overdue;

    @Autowired
    private java.time.Clock careTeamClock;

    private LocalDate today() {
        return LocalDate.now(careTeamClock);
    }

    private IdType planWithFollowUpEvery14Days(IdType patient) {
        CarePlan plan = new CarePlan();
        plan.setStatus(CarePlan.CarePlanStatus.ACTIVE);
        plan.setIntent(CarePlan.CarePlanIntent.PLAN);
        plan.setSubject(new Reference(patient));
        plan.setTitle("Heart failure follow-up");
        CarePlan.CarePlanActivityDetailComponent detail = plan.addActivity().getDetail();
        detail.setStatus(CarePlan.CarePlanActivityStatus.SCHEDULED);
        detail.setCode(new CodeableConcept(new Coding(CARE_TASK, "follow-up-call", "Follow-up call")));
        Timing.TimingRepeatComponent repeat = detail.getScheduledTiming().getRepeat();
        repeat.setFrequency(1).setPeriod(14).setPeriodUnit(Timing.UnitsOfTime.D);
        return (IdType) client.create().resource(plan).execute().getId().toUnqualifiedVersionless();
    }

    private List<Task> followUps(IdType plan) {
        return client
                .search()
                .forResource(Task.class)
                .where(Task.BASED_ON.hasId(plan))
                .sort()
                .ascending("due")
                .returnBundle(Bundle.class)
                .execute()
                .getEntry()
                .stream()
                .map(e -> (Task) e.getResource())
                .toList();
    }

    private static String due(Task task) {
        return task.getRestriction().getPeriod().getEndElement().getValueAsString();
    }

    private Task save(Task task) {
        client.update().resource(task).execute();
        return client.read()
                .resource(Task.class)
                .withId(task.getIdElement().toUnqualifiedVersionless())
                .execute();
    }

    @Test
    void anActivePlanWithACadence_getsItsFirstCall_andEachCompletedCallRaisesTheNext() {
        IdType plan = planWithFollowUpEvery14Days(createPatient("Cadence"));

        List<Task> first = followUps(plan);
        assertThat(first).hasSize(1);
        assertThat(first.get(0).getStatus()).isEqualTo(Task.TaskStatus.REQUESTED);
        assertThat(first.get(0).getCode().getCodingFirstRep().getCode()).isEqualTo("follow-up-call");
        assertThat(due(first.get(0))).isEqualTo(today().plusDays(14).toString());

        Task call = first.get(0);
        call.setStatus(Task.TaskStatus.COMPLETED);
        call.getExecutionPeriod().setStart(new Date()).setEnd(new Date());
        save(call);

        List<Task> after = followUps(plan);
        assertThat(after).hasSize(2);
        assertThat(after)
                .filteredOn(t -> t.getStatus() == Task.TaskStatus.REQUESTED)
                .singleElement()
                .extracting(FollowUpIT::due)
                .isEqualTo(today().plusDays(14).toString());

        // Updating the plan again raises nothing while a call is open.
        CarePlan stored = client.read().resource(CarePlan.class).withId(plan).execute();
        stored.setDescription("Revised wording");
        client.update().resource(stored).execute();
        assertThat(followUps(plan)).hasSize(2);
    }

    @Test
    void overdueMarking_runTwiceAtOnce_marksEachTaskOnce_andRaisesOneNextCall() throws Exception {
        IdType patient = createPatient("Overdue");
        List<IdType> late = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            late.add(task(patient, today().minusDays(1 + i).toString(), Task.TaskStatus.REQUESTED));
        }
        IdType dueToday = task(patient, today().toString(), Task.TaskStatus.REQUESTED);
        IdType doneLate = task(patient, today().minusDays(5).toString(), Task.TaskStatus.COMPLETED);
        IdType plan = planWithFollowUpEvery14Days(patient);
        Task call = followUps(plan).get(0);
        call.getRestriction()
                .getPeriod()
                .setEndElement(new DateTimeType(today().minusDays(2).toString()));
        call = save(call);

        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> runs = pool.invokeAll(
                    List.<Callable<Integer>>of(() -> overdue.markOverdue(), () -> overdue.markOverdue()));
            for (Future<Integer> run : runs) {
                run.get();
            }
        } finally {
            pool.shutdown();
        }
        overdue.markOverdue();

        for (IdType id : late) {
            Task task = client.read().resource(Task.class).withId(id).execute();
            assertThat(task.getBusinessStatus().getCodingFirstRep().getCode()).isEqualTo("overdue");
            assertThat(versions(id)).as("versions of " + id).isEqualTo(2);
        }
        assertThat(client.read().resource(Task.class).withId(dueToday).execute().hasBusinessStatus())
                .isFalse();
        assertThat(client.read().resource(Task.class).withId(doneLate).execute().hasBusinessStatus())
                .isFalse();

        List<Task> calls = followUps(plan);
        assertThat(calls).hasSize(2);
        assertThat(calls.get(0).getBusinessStatus().getCodingFirstRep().getCode())
                .isEqualTo("overdue");
        assertThat(due(calls.get(1))).isEqualTo(today().plusDays(12).toString());
        assertThat(calls.get(1).hasBusinessStatus()).isFalse();

        // The late call done at last: its successor is already open, so nothing more is raised.
        Task lateCall = calls.get(0);
        lateCall.setStatus(Task.TaskStatus.COMPLETED);
        save(lateCall);
        assertThat(followUps(plan)).hasSize(2);
    }

    @Test
    void aPlanThatReferencesARepeatingServiceRequest_getsItsCallsToo() {
        IdType patient = createPatient("Cadence");
        ServiceRequest calls = new ServiceRequest();
        calls.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
        calls.setIntent(ServiceRequest.ServiceRequestIntent.PLAN);
        calls.setSubject(new Reference(patient));
        calls.setCode(new CodeableConcept(new Coding(CARE_TASK, "follow-up-call", "Follow-up call")));
        Timing every2Weeks = new Timing();
        every2Weeks.getRepeat().setFrequency(1).setPeriod(2).setPeriodUnit(Timing.UnitsOfTime.WK);
        calls.setOccurrence(every2Weeks);
        IdType request =
                (IdType) client.create().resource(calls).execute().getId().toUnqualifiedVersionless();
        CarePlan plan = new CarePlan();
        plan.setStatus(CarePlan.CarePlanStatus.ACTIVE);
        plan.setIntent(CarePlan.CarePlanIntent.PLAN);
        plan.setSubject(new Reference(patient));
        plan.addActivity().setReference(new Reference(request));
        IdType planId =
                (IdType) client.create().resource(plan).execute().getId().toUnqualifiedVersionless();

        List<Task> first = followUps(planId);
        assertThat(first)
                .singleElement()
                .extracting(FollowUpIT::due)
                .isEqualTo(today().plusDays(14).toString());
        assertThat(first.get(0).getBasedOn())
                .extracting(Reference::getReference)
                .containsExactly(planId.getValue(), request.getValue());
    }

    @Test
    void threeFollowUpCallRequests_oneOpenCallTask_atTheMostFrequentInterval() {
        IdType patient = createPatient("Cadence");
        CarePlan plan = new CarePlan();
        plan.setStatus(CarePlan.CarePlanStatus.ACTIVE);
        plan.setIntent(CarePlan.CarePlanIntent.PLAN);
        plan.setSubject(new Reference(patient));
        for (int days : new int[] {14, 7, 30}) {
            ServiceRequest calls = new ServiceRequest();
            calls.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
            calls.setIntent(ServiceRequest.ServiceRequestIntent.PLAN);
            calls.setSubject(new Reference(patient));
            calls.setCode(new CodeableConcept(new Coding(CARE_TASK, "follow-up-call", "Follow-up call")));
            Timing timing = new Timing();
            timing.getRepeat().setFrequency(1).setPeriod(days).setPeriodUnit(Timing.UnitsOfTime.D);
            calls.setOccurrence(timing);
            plan.addActivity()
                    .setReference(new Reference(
                            client.create().resource(calls).execute().getId().toUnqualifiedVersionless()));
        }
        CarePlan.CarePlanActivityDetailComponent detail = plan.addActivity().getDetail();
        detail.setStatus(CarePlan.CarePlanActivityStatus.SCHEDULED);
        detail.setCode(new CodeableConcept(new Coding(CARE_TASK, "follow-up-call", "Follow-up call")));
        detail.getScheduledTiming().getRepeat().setFrequency(1).setPeriod(21).setPeriodUnit(Timing.UnitsOfTime.D);
        IdType planId =
                (IdType) client.create().resource(plan).execute().getId().toUnqualifiedVersionless();

        assertThat(followUps(planId))
                .singleElement()
                .extracting(FollowUpIT::due)
                .isEqualTo(today().plusDays(7).toString());

        CarePlan stored = client.read().resource(CarePlan.class).withId(planId).execute();
        stored.setDescription("Updated");
        client.update().resource(stored).execute();
        Task call = followUps(planId).get(0);
        call.setStatus(Task.TaskStatus.COMPLETED);
        call.getExecutionPeriod().setStart(new Date()).setEnd(new Date());
        save(call);
        assertThat(followUps(planId))
                .filteredOn(OpenTasks::isOpen)
                .singleElement()
                .extracting(FollowUpIT::due)
                .isEqualTo(today().plusDays(7).toString());
    }

    private IdType task(IdType patient, String due, Task.TaskStatus status) {
        Task task = new Task();
        task.setStatus(status);
        task.setIntent(Task.TaskIntent.ORDER);
        task.setFor(new Reference(patient));
        task.setCode(new CodeableConcept(new Coding(CARE_TASK, "care-plan-review", "Care plan review")));
        task.getRestriction().getPeriod().setEndElement(new DateTimeType(due));
        return (IdType) client.create().resource(task).execute().getId().toUnqualifiedVersionless();
    }

    private int versions(IdType id) {
        return client.history()
                .onInstance(id)
                .returnBundle(Bundle.class)
                .execute()
                .getEntry()
                .size();
    }
}
