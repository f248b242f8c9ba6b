package dev.careflow.worklist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import dev.careflow.CareflowIT;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A care manager's worklist and caseload over real data: order, filters, paging, counts. */
class WorklistIT extends CareflowIT {

    private static final String CARE_TASK = "https://careflow.dev/fhir/CodeSystem/care-task";

    @Autowired
    private java.time.Clock careTeamClock;

    private IdType manager;
    private IdType role;
    private IdType a;
    private IdType b;
    private IdType c;
    private IdType outsider;
    private IdType overdueA;
    private IdType tcmA;
    private IdType followUpB;
    private IdType urgentB;
    private IdType byRoleC;
    private IdType dischargeC;
    private IdType concernB;
    private IdType rejectedA;
    private IdType episodeA;

    private IdType create(IBaseResource resource) {
        return (IdType) client.create().resource(resource).execute().getId().toUnqualifiedVersionless();
    }

    private LocalDate today() {
        return LocalDate.now(careTeamClock);
    }

    private void team(IdType patient, IdType careManager) {
        CareTeam team = new CareTeam();
        team.setStatus(CareTeam.CareTeamStatus.ACTIVE);
        team.setSubject(new Reference(patient));
        team.addParticipant()
                .addRole(new CodeableConcept(
                        new Coding("https://careflow.dev/fhir/CodeSystem/care-team-role", "care-manager", null)))
                .setMember(new Reference(careManager));
        create(team);
    }

    private IdType task(IdType patient, String code, LocalDate due, IdType owner, Task.TaskPriority priority) {
        Task task = new Task();
        task.setStatus(Task.TaskStatus.REQUESTED);
        task.setIntent(Task.TaskIntent.ORDER);
        task.setPriority(priority);
        task.setFor(new Reference(patient));
        task.setCode(new CodeableConcept(new Coding(CARE_TASK, code, null)));
        task.getRestriction().getPeriod().setEndElement(new DateTimeType(due.toString()));
        if (owner != null) {
            task.setOwner(new Reference(owner));
        }
        return create(task);
    }

    @BeforeEach
    void caseload() {
        Practitioner practitioner = new Practitioner();
        practitioner.addName().setFamily("Worklist").addGiven("Wanda");
        manager = create(practitioner);
        PractitionerRole practitionerRole = new PractitionerRole();
        practitionerRole.setPractitioner(new Reference(manager));
        role = create(practitionerRole);
        IdType colleague = create(new Practitioner().addName(new org.hl7.fhir.r4.model.HumanName().setFamily("Other")));
        a = createPatient("Alpha");
        b = createPatient("Bravo");
        c = createPatient("Charlie");
        outsider = createPatient("Outsider");
        team(a, manager);
        team(b, manager);
        team(c, role);
        team(outsider, colleague);

        overdueA = task(a, "care-plan-review", today().minusDays(1), null, Task.TaskPriority.ROUTINE);
        tcmA = task(a, "tcm-interactive-contact", today(), manager, Task.TaskPriority.ROUTINE);
        task(a, "patient-education", today().minusDays(3), colleague, Task.TaskPriority.ROUTINE);
        followUpB = task(b, "follow-up-call", today(), manager, Task.TaskPriority.ROUTINE);
        urgentB = task(b, "care-plan-review", today().plusDays(10), manager, Task.TaskPriority.URGENT);
        byRoleC = task(c, "care-plan-review", today().plusDays(5), role, Task.TaskPriority.ROUTINE);
        task(outsider, "care-plan-review", today().minusDays(1), null, Task.TaskPriority.ROUTINE);
        Task done = client.read()
                .resource(Task.class)
                .withId(task(b, "follow-up-call", today().minusDays(4), manager, Task.TaskPriority.ROUTINE))
                .execute();
        done.setStatus(Task.TaskStatus.COMPLETED);
        client.update().resource(done).execute();

        Encounter stay = new Encounter();
        stay.setStatus(Encounter.EncounterStatus.FINISHED);
        stay.setClass_(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "IMP", "inpatient encounter"));
        stay.setSubject(new Reference(c));
        stay.getPeriod()
                .setStart(Date.from(ZonedDateTime.now().minusDays(4).toInstant()))
                .setEnd(Date.from(ZonedDateTime.now().minusHours(3).toInstant()));
        dischargeC = create(stay);

        concernB = create(concern(b));
        IdType concernA = create(concern(a));
        CarePlan plan = new CarePlan();
        plan.setStatus(CarePlan.CarePlanStatus.ACTIVE);
        plan.setIntent(CarePlan.CarePlanIntent.PLAN);
        plan.setSubject(new Reference(a));
        plan.addAddresses(new Reference(concernA));
        create(plan);

        ServiceRequest request = new ServiceRequest();
        request.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
        request.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
        request.setSubject(new Reference(a));
        request.getCode().setText("Home health");
        IdType requestId = create(request);
        Task referral = new Task();
        referral.setStatus(Task.TaskStatus.REQUESTED);
        referral.setIntent(Task.TaskIntent.ORDER);
        referral.setCode(new CodeableConcept(new Coding("http://hl7.org/fhir/CodeSystem/task-code", "fulfill", null)));
        referral.setFocus(new Reference(requestId));
        referral.setFor(new Reference(a));
        referral.setRequester(new Reference(manager));
        rejectedA = create(referral);
        referral.setId(rejectedA);
        referral.setStatus(Task.TaskStatus.REJECTED);
        referral.setStatusReason(new CodeableConcept().setText("No capacity"));
        client.update().resource(referral).execute();

        EpisodeOfCare episode = new EpisodeOfCare();
        episode.setStatus(EpisodeOfCare.EpisodeOfCareStatus.ACTIVE);
        episode.setPatient(new Reference(a));
        episode.addType(
                new CodeableConcept(new Coding("https://careflow.dev/fhir/CodeSystem/care-programme", "tcm", "TCM")));
        episodeA = create(episode);
    }

    private static Condition concern(IdType patient) {
        Condition concern = new Condition();
        concern.setSubject(new Reference(patient));
        concern.addCategory(new CodeableConcept(
                new Coding("http://hl7.org/fhir/us/core/CodeSystem/condition-category", "health-concern", null)));
        concern.setClinicalStatus(new CodeableConcept(
                new Coding("http://terminology.hl7.org/CodeSystem/condition-clinical", "active", null)));
        concern.getCode().setText("Food insecurity");
        return concern;
    }

    private Bundle worklist(String query) {
        String body = fhir().get("/Practitioner/" + manager.getIdPart() + "/$worklist" + query)
                .then()
                .statusCode(200)
                .extract()
                .asString();
        return parse(Bundle.class, body);
    }

    private static List<String> matches(Bundle bundle) {
        return bundle.getEntry().stream()
                .filter(e -> e.getSearch().getMode() == Bundle.SearchEntryMode.MATCH)
                .map(e -> e.getResource()
                        .getIdElement()
                        .toUnqualifiedVersionless()
                        .getValue())
                .toList();
    }

    private static List<String> categories(Bundle bundle) {
        return bundle.getEntry().stream()
                .filter(e -> e.getSearch().getMode() == Bundle.SearchEntryMode.MATCH)
                .map(e -> ((Coding)
                                e.getExtensionByUrl("https://careflow.dev/fhir/StructureDefinition/worklist-category")
                                        .getValue())
                        .getCode())
                .toList();
    }

    private IdType reReferral() {
        return client.search()
                .forResource(Task.class)
                .where(Task.OWNER.hasId(manager))
                .and(Task.CODE.exactly().systemAndCode(CARE_TASK, "re-referral"))
                .returnBundle(Bundle.class)
                .execute()
                .getEntryFirstRep()
                .getResource()
                .getIdElement()
                .toUnqualifiedVersionless();
    }

    @Test
    void theWorklist_putsTheMostUrgentFirst_andIncludesEachPatient() {
        Bundle bundle = worklist("");

        assertThat(bundle.getTotal()).isEqualTo(9);
        assertThat(matches(bundle))
                .containsExactly(
                        overdueA.getValue(),
                        tcmA.getValue(),
                        followUpB.getValue(),
                        dischargeC.getValue(),
                        concernB.getValue(),
                        rejectedA.getValue(),
                        reReferral().getValue(),
                        byRoleC.getValue(),
                        urgentB.getValue());
        assertThat(categories(bundle))
                .containsExactly(
                        "overdue",
                        "tcm-due-soon",
                        "due-today",
                        "new-discharge",
                        "positive-screen",
                        "rejected-referral",
                        "upcoming",
                        "upcoming",
                        "upcoming");
        assertThat(bundle.getEntry())
                .filteredOn(e -> e.getSearch().getMode() == Bundle.SearchEntryMode.INCLUDE)
                .extracting(e -> e.getResource()
                        .getIdElement()
                        .toUnqualifiedVersionless()
                        .getValue())
                .containsExactlyInAnyOrder(a.getValue(), b.getValue(), c.getValue());
    }

    @Test
    void aPositiveScreen_staysOnTheWorklist_untilAPlanAddressesIt_whateverOtherPlansThePatientHas() {
        IdType d = createPatient("Delta");
        team(d, manager);
        IdType concern = create(concern(d));
        CarePlan transitional = new CarePlan();
        transitional.setStatus(CarePlan.CarePlanStatus.ACTIVE);
        transitional.setIntent(CarePlan.CarePlanIntent.PLAN);
        transitional.setSubject(new Reference(d));
        transitional.addCategory(new CodeableConcept(
                new Coding("https://careflow.dev/fhir/CodeSystem/care-plan-category", "transitional-care", null)));
        create(transitional);

        assertThat(matches(worklist("?patient=Patient/" + d.getIdPart()))).containsExactly(concern.getValue());
        assertThat(categories(worklist("?patient=Patient/" + d.getIdPart()))).containsExactly("positive-screen");

        CarePlan food = new CarePlan();
        food.setStatus(CarePlan.CarePlanStatus.ACTIVE);
        food.setIntent(CarePlan.CarePlanIntent.PLAN);
        food.setSubject(new Reference(d));
        food.addAddresses(new Reference(concern));
        IdType foodPlan = create(food);
        assertThat(matches(worklist("?patient=Patient/" + d.getIdPart()))).isEmpty();

        food.setId(foodPlan);
        food.setStatus(CarePlan.CarePlanStatus.REVOKED);
        client.update().resource(food).execute();
        assertThat(matches(worklist("?patient=Patient/" + d.getIdPart()))).containsExactly(concern.getValue());

        Condition resolved =
                client.read().resource(Condition.class).withId(concern).execute();
        resolved.setClinicalStatus(new CodeableConcept(
                new Coding("http://terminology.hl7.org/CodeSystem/condition-clinical", "resolved", null)));
        client.update().resource(resolved).execute();
        assertThat(matches(worklist("?patient=Patient/" + d.getIdPart()))).isEmpty();
    }

    @Test
    void theWorklist_pagesWithNextLinks() {
        Bundle first = worklist("?_count=4");
        assertThat(matches(first)).hasSize(4);
        assertThat(first.getTotal()).isEqualTo(9);
        String next = first.getLink("next").getUrl();
        assertThat(next).contains("_offset=4");

        Bundle second = parse(
                Bundle.class,
                fhir().get(next.substring(baseUrl().length()))
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());
        assertThat(matches(second)).hasSize(4).doesNotContainAnyElementsOf(matches(first));
        Bundle third = worklist("?_count=4&_offset=8");
        assertThat(matches(third)).containsExactly(urgentB.getValue());
        assertThat(third.getLink("next")).isNull();
        assertThat(third.getLink("previous").getUrl()).contains("_offset=4");
    }

    @Test
    void theWorklist_filters() {
        assertThat(matches(worklist("?priority=urgent"))).containsExactly(urgentB.getValue());
        assertThat(matches(worklist("?code=" + CARE_TASK + "|follow-up-call"))).containsExactly(followUpB.getValue());
        assertThat(matches(worklist("?patient=Patient/" + c.getIdPart())))
                .containsExactly(dischargeC.getValue(), byRoleC.getValue());
        assertThat(matches(worklist("?due-before=" + today().plusDays(3))))
                .containsExactly(
                        overdueA.getValue(),
                        tcmA.getValue(),
                        followUpB.getValue(),
                        reReferral().getValue());
    }

    @Test
    void badWorklistRequests_are4xxWithAnOperationOutcome() {
        fhir().get("/Practitioner/" + manager.getIdPart() + "/$worklist?_count=0")
                .then()
                .statusCode(400)
                .body("resourceType", org.hamcrest.Matchers.equalTo("OperationOutcome"))
                .body("issue[0].diagnostics", containsString("_count"));
        fhir().get("/Practitioner/" + manager.getIdPart() + "/$worklist?priority=whenever")
                .then()
                .statusCode(400)
                .body("issue[0].diagnostics", containsString("whenever"));
        fhir().get("/Practitioner/no-such-practitioner/$worklist")
                .then()
                .statusCode(404)
                .body("resourceType", org.hamcrest.Matchers.equalTo("OperationOutcome"));
    }

    @Test
    void theCaseload_countsOpenAndOverdueTasks_andListsProgrammes() {
        Parameters caseload = parse(
                Parameters.class,
                fhir().get("/Practitioner/" + manager.getIdPart() + "/$caseload")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());

        List<Parameters.ParametersParameterComponent> patients = caseload.getParameter();
        assertThat(patients)
                .extracting(p -> ((Reference) part(p, "patient")).getReference())
                .containsExactly(a.getValue(), b.getValue(), c.getValue());
        assertThat(((Reference) part(patients.get(0), "patient")).getDisplay()).isEqualTo("Test Alpha");
        assertThat(patients)
                .extracting(p -> ((IntegerType) part(p, "openTasks")).getValue())
                .containsExactly(4, 2, 1);
        assertThat(patients)
                .extracting(p -> ((IntegerType) part(p, "overdueTasks")).getValue())
                .containsExactly(2, 0, 0);
        Parameters.ParametersParameterComponent programme = patients.get(0).getPart().stream()
                .filter(p -> p.getName().equals("programme"))
                .findFirst()
                .orElseThrow();
        assertThat(((Reference) part(programme, "episodeOfCare")).getReference())
                .isEqualTo(episodeA.getValue());
        assertThat(((Coding) part(programme, "type")).getCode()).isEqualTo("tcm");
    }

    private static org.hl7.fhir.r4.model.Type part(Parameters.ParametersParameterComponent parameter, String name) {
        return parameter.getPart().stream()
                .filter(p -> p.getName().equals(name))
                .findFirst()
                .orElseThrow()
                .getValue();
    }
}
