package dev.careflow.worklist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.careflow.CareflowIT;
import dev.careflow.Discharges;
import dev.careflow.task.OpenTasks;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Timing;
import org.junit.jupiter.api.Test;

/** Outreach attempts recorded as Communications: the TCM contact, follow-up calls, the worklist. */
class OutreachIT extends CareflowIT {

    private static final String CARE_TASK = "https://careflow.dev/fhir/CodeSystem/care-task";
    private static final String BUSINESS_STATUS = "https://careflow.dev/fhir/CodeSystem/task-business-status";

    private IdType create(IBaseResource resource) {
        return (IdType) client.create().resource(resource).execute().getId().toUnqualifiedVersionless();
    }

    /** An attempt as any client records it: a Communication part of the Task. */
    private void attempt(IdType task, String patient, String sent, boolean reached) {
        Communication communication = new Communication();
        communication.setStatus(
                reached ? Communication.CommunicationStatus.COMPLETED : Communication.CommunicationStatus.NOTDONE);
        if (!reached) {
            communication.setStatusReason(new CodeableConcept().setText("No answer; voicemail left"));
        }
        communication.addPartOf(new Reference(task));
        communication.setSubject(new Reference(patient));
        communication.addMedium(new CodeableConcept(
                new Coding("http://terminology.hl7.org/CodeSystem/v3-ParticipationMode", "PHONE", "telephone")));
        communication.setSentElement(new org.hl7.fhir.r4.model.DateTimeType(sent));
        create(communication);
    }

    private Task read(IdType task) {
        return client.read().resource(Task.class).withId(task).execute();
    }

    private String patientOf(String mrn) {
        return client.search()
                .byUrl("Patient?identifier=" + TEST_SYSTEM + "|" + mrn)
                .returnBundle(Bundle.class)
                .execute()
                .getEntryFirstRep()
                .getResource()
                .getIdElement()
                .toUnqualifiedVersionless()
                .getValue();
    }

    private String contactState(String patient) {
        Parameters status = parse(
                Parameters.class,
                fhir().get("/" + patient + "/$tcm-status")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());
        return status.getParameterFirstRep().getPart().stream()
                .filter(p -> p.getName().equals("deadline"))
                .filter(p -> p.getPart().stream()
                        .anyMatch(q -> q.getName().equals("code")
                                && q.getValue().primitiveValue().equals("tcm-interactive-contact")))
                .flatMap(p -> p.getPart().stream())
                .filter(p -> p.getName().equals("state"))
                .findFirst()
                .orElseThrow()
                .getValue()
                .primitiveValue();
    }

    @Test
    void twoSeparateUnsuccessfulAttemptsByTheDeadline_satisfyTheTcmContact() {
        clock.setInstant(Instant.parse("2026-03-03T15:00:00Z"));
        String mrn = "mrn-" + UUID.randomUUID();
        fhir().body(json(Discharges.of(fhirContext, mrn, "2026-02-27T10:00:00-05:00", "2026-03-02T15:00:00-05:00")))
                .post("/$process-message")
                .then()
                .statusCode(200);
        String patient = patientOf(mrn);
        IdType contact = client.search()
                .byUrl("Task?patient=" + patient + "&code=" + CARE_TASK + "|tcm-interactive-contact")
                .returnBundle(Bundle.class)
                .execute()
                .getEntryFirstRep()
                .getResource()
                .getIdElement()
                .toUnqualifiedVersionless();

        attempt(contact, patient, "2026-03-03T10:00:00-05:00", false);
        // A second try ten minutes later is not a separate attempt.
        attempt(contact, patient, "2026-03-03T10:10:00-05:00", false);
        assertThat(read(contact).getStatus()).isEqualTo(Task.TaskStatus.INPROGRESS);
        assertThat(contactState(patient)).isEqualTo("open");

        attempt(contact, patient, "2026-03-04T09:00:00-05:00", false);
        Task done = read(contact);
        assertThat(done.getStatus()).isEqualTo(Task.TaskStatus.COMPLETED);
        assertThat(done.getBusinessStatus().hasCoding(BUSINESS_STATUS, "contact-attempts-documented"))
                .isTrue();
        assertThat(contactState(patient)).isEqualTo("done-on-time");
    }

    @Test
    void followUpCalls_countAttempts_escalate_andEndAsUnreachable_visibleOnTheWorklist() {
        IdType patient = createPatient("Outreach");
        IdType manager = create(new Practitioner().addName(new HumanName().setFamily("Outreach")));
        CareTeam team = new CareTeam();
        team.setStatus(CareTeam.CareTeamStatus.ACTIVE);
        team.setSubject(new Reference(patient));
        team.addParticipant()
                .addRole(new CodeableConcept(
                        new Coding("https://careflow.dev/fhir/CodeSystem/care-team-role", "care-manager", null)))
                .setMember(new Reference(manager));
        create(team);
        CarePlan plan = new CarePlan();
        plan.setStatus(CarePlan.CarePlanStatus.ACTIVE);
        plan.setIntent(CarePlan.CarePlanIntent.PLAN);
        plan.setSubject(new Reference(patient));
        plan.setAuthor(new Reference(manager));
        CarePlan.CarePlanActivityDetailComponent detail = plan.addActivity().getDetail();
        detail.setStatus(CarePlan.CarePlanActivityStatus.SCHEDULED);
        detail.setCode(new CodeableConcept(new Coding(CARE_TASK, "follow-up-call", "Follow-up call")));
        detail.getScheduledTiming().getRepeat().setFrequency(1).setPeriod(14).setPeriodUnit(Timing.UnitsOfTime.D);
        IdType planId = create(plan);
        IdType call = client.search()
                .forResource(Task.class)
                .where(Task.BASED_ON.hasId(planId))
                .returnBundle(Bundle.class)
                .execute()
                .getEntryFirstRep()
                .getResource()
                .getIdElement()
                .toUnqualifiedVersionless();

        String who = patient.getValue();
        attempt(call, who, "2026-05-01T10:00:00Z", false);
        attempt(call, who, "2026-05-02T10:00:00Z", false);
        assertThat(read(call).getPriority()).isNotEqualTo(Task.TaskPriority.URGENT);
        attempt(call, who, "2026-05-03T10:00:00Z", false);
        Task escalated = read(call);
        assertThat(escalated.getStatus()).isEqualTo(Task.TaskStatus.INPROGRESS);
        assertThat(escalated.getPriority()).isEqualTo(Task.TaskPriority.URGENT);
        assertThat(escalated.getBusinessStatus().hasCoding(BUSINESS_STATUS, "escalated"))
                .isTrue();

        Bundle worklist = parse(
                Bundle.class,
                fhir().get("/Practitioner/" + manager.getIdPart() + "/$worklist")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());
        Extension attempts = worklist.getEntry().stream()
                .filter(e -> e.getResource()
                        .getIdElement()
                        .toUnqualifiedVersionless()
                        .getValue()
                        .equals(call.getValue()))
                .findFirst()
                .orElseThrow()
                .getExtensionByUrl("https://careflow.dev/fhir/StructureDefinition/outreach-attempts");
        assertThat(((IntegerType) attempts.getExtensionByUrl("count").getValue()).getValue())
                .isEqualTo(3);
        assertThat(((IntegerType) attempts.getExtensionByUrl("unsuccessful").getValue()).getValue())
                .isEqualTo(3);

        attempt(call, who, "2026-05-04T10:00:00Z", false);
        attempt(call, who, "2026-05-05T10:00:00Z", false);
        Task unreachable = read(call);
        assertThat(unreachable.getStatus()).isEqualTo(Task.TaskStatus.FAILED);
        assertThat(unreachable.getBusinessStatus().hasCoding(BUSINESS_STATUS, "unreachable"))
                .isTrue();
        assertThat(unreachable.getStatusReason().getText())
                .contains("unreachable")
                .contains("5");
    }

    @Test
    void aSuccessfulAttempt_completesTheCall_andTheNextOneIsRaised() {
        IdType patient = createPatient("Outreach");
        CarePlan plan = new CarePlan();
        plan.setStatus(CarePlan.CarePlanStatus.ACTIVE);
        plan.setIntent(CarePlan.CarePlanIntent.PLAN);
        plan.setSubject(new Reference(patient));
        CarePlan.CarePlanActivityDetailComponent detail = plan.addActivity().getDetail();
        detail.setStatus(CarePlan.CarePlanActivityStatus.SCHEDULED);
        detail.setCode(new CodeableConcept(new Coding(CARE_TASK, "follow-up-call", "Follow-up call")));
        detail.getScheduledTiming().getRepeat().setFrequency(1).setPeriod(7).setPeriodUnit(Timing.UnitsOfTime.D);
        IdType planId = create(plan);
        IdType call = client.search()
                .forResource(Task.class)
                .where(Task.BASED_ON.hasId(planId))
                .returnBundle(Bundle.class)
                .execute()
                .getEntryFirstRep()
                .getResource()
                .getIdElement()
                .toUnqualifiedVersionless();

        attempt(call, patient.getValue(), new org.hl7.fhir.r4.model.DateTimeType(new Date()).getValueAsString(), false);
        attempt(call, patient.getValue(), new org.hl7.fhir.r4.model.DateTimeType(new Date()).getValueAsString(), true);

        assertThat(read(call).getStatus()).isEqualTo(Task.TaskStatus.COMPLETED);
        List<Task> calls = client
                .search()
                .forResource(Task.class)
                .where(Task.BASED_ON.hasId(planId))
                .returnBundle(Bundle.class)
                .execute()
                .getEntry()
                .stream()
                .map(e -> (Task) e.getResource())
                .toList();
        assertThat(calls).hasSize(2).filteredOn(OpenTasks::isOpen).hasSize(1);
    }
}
