package dev.careflow.referral;

import static org.assertj.core.api.Assertions.assertThat;

import dev.careflow.CareflowIT;
import java.time.LocalDate;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

/** A referral from request to outcome (Gravity SDOH): completion closes the loop, rejection asks for a re-referral. */
class ReferralIT extends CareflowIT {

    private record Referral(IdType patient, IdType careManager, IdType goal, IdType plan, IdType request, Task task) {}

    private IdType create(IBaseResource resource) {
        return (IdType) client.create().resource(resource).execute().getId().toUnqualifiedVersionless();
    }

    private <T extends IBaseResource> T read(Class<T> type, IdType id) {
        return client.read()
                .resource(type)
                .withId(id.toUnqualifiedVersionless())
                .execute();
    }

    /** A food-insecure patient, a goal, a plan holding a referral to a food bank, and the referral Task. */
    private Referral refer(Reference requester) {
        IdType patient = createPatient("Referral");
        Practitioner manager = new Practitioner();
        manager.addName().setFamily("Manager").addGiven("Carla");
        IdType careManager = create(manager);
        Organization foodBank = new Organization();
        foodBank.setName("Eastside Food Bank");
        IdType foodBankId = create(foodBank);

        Condition concern = new Condition();
        concern.setSubject(new Reference(patient));
        concern.addCategory(new CodeableConcept(new Coding(
                "http://hl7.org/fhir/us/core/CodeSystem/condition-category", "health-concern", "Health Concern")));
        concern.setCode(new CodeableConcept(new Coding("http://snomed.info/sct", "733423003", "Food insecurity")));
        concern.setClinicalStatus(new CodeableConcept(
                new Coding("http://terminology.hl7.org/CodeSystem/condition-clinical", "active", null)));
        IdType concernId = create(concern);

        Goal goal = new Goal();
        goal.setLifecycleStatus(Goal.GoalLifecycleStatus.ACTIVE);
        goal.setSubject(new Reference(patient));
        goal.getDescription().setText("Food security");
        goal.addAddresses(new Reference(concernId));
        IdType goalId = create(goal);

        ServiceRequest request = new ServiceRequest();
        request.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
        request.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
        request.setSubject(new Reference(patient));
        request.setCode(new CodeableConcept(new Coding("http://snomed.info/sct", "467771000124109", null))
                .setText("Referral to food pantry program"));
        request.addReasonReference(new Reference(concernId));
        IdType requestId = create(request);

        CarePlan plan = new CarePlan();
        plan.setStatus(CarePlan.CarePlanStatus.ACTIVE);
        plan.setIntent(CarePlan.CarePlanIntent.PLAN);
        plan.setSubject(new Reference(patient));
        plan.addGoal(new Reference(goalId));
        plan.addActivity().setReference(new Reference(requestId));
        IdType planId = create(plan);

        Task task = new Task();
        task.setStatus(Task.TaskStatus.REQUESTED);
        task.setIntent(Task.TaskIntent.ORDER);
        task.setCode(new CodeableConcept(new Coding("http://hl7.org/fhir/CodeSystem/task-code", "fulfill", null)));
        task.setFocus(new Reference(requestId));
        task.setFor(new Reference(patient));
        task.addBasedOn(new Reference(planId));
        task.setAuthoredOn(new Date());
        task.setRequester(requester != null ? requester : new Reference(careManager));
        task.setOwner(new Reference(foodBankId).setDisplay("Eastside Food Bank"));
        task.setPriority(Task.TaskPriority.URGENT);
        IdType taskId = create(task);
        return new Referral(patient, careManager, goalId, planId, requestId, read(Task.class, taskId));
    }

    private Task move(Task task, Task.TaskStatus status) {
        task.setStatus(status);
        client.update().resource(task).execute();
        return read(Task.class, task.getIdElement());
    }

    @Test
    void completingTheReferral_completesTheRequest_andRecordsTheOutcomeOnThePlanAndTheGoal() {
        Referral referral = refer(null);
        Task task = move(referral.task(), Task.TaskStatus.ACCEPTED);
        task = move(task, Task.TaskStatus.INPROGRESS);
        Procedure delivered = new Procedure();
        delivered.setStatus(Procedure.ProcedureStatus.COMPLETED);
        delivered.setSubject(new Reference(referral.patient()));
        delivered.getCode().setText("Provision of food");
        IdType procedure = create(delivered);
        org.hl7.fhir.r4.model.Observation rescreen = new org.hl7.fhir.r4.model.Observation();
        rescreen.setStatus(org.hl7.fhir.r4.model.Observation.ObservationStatus.FINAL);
        rescreen.setSubject(new Reference(referral.patient()));
        rescreen.getCode().addCoding(new Coding("http://loinc.org", "88124-3", "Food insecurity risk"));
        rescreen.setValue(new CodeableConcept(new Coding("http://loinc.org", "LA19983-8", "No risk")));
        IdType observation = create(rescreen);
        task.addOutput()
                .setType(new CodeableConcept().setText("Resulting activity"))
                .setValue(new Reference(procedure));
        task.addOutput()
                .setType(new CodeableConcept().setText("Follow-up screen"))
                .setValue(new Reference(observation));
        move(task, Task.TaskStatus.COMPLETED);

        assertThat(read(ServiceRequest.class, referral.request()).getStatus())
                .isEqualTo(ServiceRequest.ServiceRequestStatus.COMPLETED);
        CarePlan plan = read(CarePlan.class, referral.plan());
        assertThat(plan.getActivityFirstRep().getOutcomeReference())
                .extracting(Reference::getReference)
                .containsExactly(procedure.getValue(), observation.getValue());
        assertThat(plan.getActivityFirstRep().getProgressFirstRep().getText())
                .isEqualTo("Referral completed by Eastside Food Bank");
        Goal goal = read(Goal.class, referral.goal());
        assertThat(goal.getOutcomeReference())
                .extracting(Reference::getReference)
                .containsExactly(observation.getValue());
        assertThat(goal.getNoteFirstRep().getText())
                .isEqualTo("Referral completed by Eastside Food Bank: " + procedure.getValue());
        assertThat(reReferrals(referral)).isEmpty();
    }

    @Test
    void rejectingTheReferral_givesTheReferrerATaskToReRefer() {
        Referral referral = refer(null);
        Task task = referral.task();
        task.setStatusReason(new CodeableConcept().setText("Outside our service area"));
        move(task, Task.TaskStatus.REJECTED);

        List<Task> reReferrals = reReferrals(referral);
        assertThat(reReferrals).hasSize(1);
        Task next = reReferrals.get(0);
        assertThat(next.getStatus()).isEqualTo(Task.TaskStatus.REQUESTED);
        assertThat(next.getOwner().getReference())
                .isEqualTo(referral.careManager().getValue());
        assertThat(next.getFor().getReference()).isEqualTo(referral.patient().getValue());
        assertThat(next.getBasedOnFirstRep().getReference())
                .isEqualTo(referral.plan().getValue());
        assertThat(next.getReasonReference().getReference())
                .isEqualTo(task.getIdElement().toUnqualifiedVersionless().getValue());
        assertThat(next.getPriority()).isEqualTo(Task.TaskPriority.URGENT);
        assertThat(next.getDescription()).contains("Eastside Food Bank").contains("Outside our service area");
        assertThat(next.getRestriction().getPeriod().getEndElement().getValueAsString())
                .isEqualTo(LocalDate.now(clock).plusDays(2).toString());
        assertThat(read(ServiceRequest.class, referral.request()).getStatus())
                .isEqualTo(ServiceRequest.ServiceRequestStatus.ACTIVE);
    }

    @Test
    void aRejectionByAnOrganisationsReferral_goesToThePatientsCareManager() {
        Organization clinic = new Organization();
        clinic.setName("Careflow Clinic");
        Referral referral = refer(new Reference(create(clinic)));
        org.hl7.fhir.r4.model.CareTeam team = new org.hl7.fhir.r4.model.CareTeam();
        team.setStatus(org.hl7.fhir.r4.model.CareTeam.CareTeamStatus.ACTIVE);
        team.setSubject(new Reference(referral.patient()));
        team.addParticipant()
                .addRole(new CodeableConcept(
                        new Coding("https://careflow.dev/fhir/CodeSystem/care-team-role", "care-manager", null)))
                .setMember(new Reference(referral.careManager()));
        create(team);
        Task task = referral.task();
        task.setStatusReason(new CodeableConcept().setText("Waiting list closed"));
        move(task, Task.TaskStatus.REJECTED);

        assertThat(reReferrals(referral))
                .singleElement()
                .extracting(t -> t.getOwner().getReference())
                .isEqualTo(referral.careManager().getValue());
    }

    private List<Task> reReferrals(Referral referral) {
        return client
                .search()
                .forResource(Task.class)
                .where(Task.FOCUS.hasId(referral.request()))
                .and(Task.CODE.exactly().systemAndCode("https://careflow.dev/fhir/CodeSystem/care-task", "re-referral"))
                .returnBundle(Bundle.class)
                .execute()
                .getEntry()
                .stream()
                .map(e -> (Task) e.getResource())
                .toList();
    }
}
