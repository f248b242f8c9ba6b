package dev.careflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.careflow.CareflowIT;
import io.restassured.response.Response;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

/** Resources that claim a Careflow profile are validated against it on every write; others are not. */
class ProfileValidationIT extends CareflowIT {

    private static final String PROFILE = "https://careflow.dev/fhir/StructureDefinition/";

    private CarePlan carePlan(IdType patient) {
        CarePlan plan = new CarePlan();
        plan.getMeta().addProfile(PROFILE + "careflow-careplan");
        plan.setStatus(CarePlan.CarePlanStatus.ACTIVE);
        plan.setIntent(CarePlan.CarePlanIntent.PLAN);
        plan.setSubject(new Reference(patient));
        plan.addCategory(new CodeableConcept(new Coding(
                "https://careflow.dev/fhir/CodeSystem/care-plan-category", "chronic-care-management", null)));
        return plan;
    }

    private static void assertNames(Response response, String element) {
        OperationOutcome outcome = OperationOutcomes.parse(response.asString());
        assertThat(outcome.getIssue()).as("an error naming " + element).anySatisfy(issue -> {
            assertThat(issue.getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.ERROR);
            assertThat(issue.getDiagnostics() + " " + issue.getExpression() + " " + issue.getLocation())
                    .contains(element);
        });
    }

    @Test
    void conformingCarePlan_isStored() {
        CarePlan plan = carePlan(createPatient("Conforming"));
        fhir().body(json(plan)).post("/CarePlan").then().statusCode(201);
    }

    @Test
    void carePlanWithoutCategory_is422NamingCategory() {
        CarePlan plan = carePlan(createPatient("NoCategory"));
        plan.getCategory().clear();

        Response response = fhir().body(json(plan)).post("/CarePlan");

        response.then().statusCode(422);
        assertNames(response, "CarePlan.category");
    }

    @Test
    void carePlanUsingActivityDetail_is422NamingDetail() {
        CarePlan plan = carePlan(createPatient("Detail"));
        plan.addActivity().getDetail().setStatus(CarePlan.CarePlanActivityStatus.SCHEDULED);

        Response response = fhir().body(json(plan)).post("/CarePlan");

        response.then().statusCode(422);
        assertNames(response, "CarePlan.activity");
    }

    @Test
    void updateThatBreaksTheProfile_is422AndKeepsTheStoredVersion() {
        CarePlan plan = carePlan(createPatient("Update"));
        String id = client.create().resource(plan).execute().getId().getIdPart();
        plan.setId(id);
        plan.getCategory().clear();

        fhir().body(json(plan)).put("/CarePlan/" + id).then().statusCode(422);

        fhir().get("/CarePlan/" + id)
                .then()
                .statusCode(200)
                .header("ETag", org.hamcrest.Matchers.equalTo("W/\"1\""))
                .body("category.size()", org.hamcrest.Matchers.equalTo(1));
    }

    @Test
    void patchThatBreaksTheProfile_is422() {
        CarePlan plan = carePlan(createPatient("Patch"));
        String id = client.create().resource(plan).execute().getId().getIdPart();

        fhir().contentType("application/json-patch+json")
                .body("[{\"op\":\"remove\",\"path\":\"/category\"}]")
                .patch("/CarePlan/" + id)
                .then()
                .statusCode(422);
    }

    @Test
    void referralTaskWithoutFocus_is422NamingFocus() {
        IdType patient = createPatient("Referral");
        Task task = new Task();
        task.getMeta().addProfile(PROFILE + "careflow-referral-task");
        task.setStatus(Task.TaskStatus.REQUESTED);
        task.setIntent(Task.TaskIntent.ORDER);
        task.setCode(new CodeableConcept(new Coding("http://hl7.org/fhir/CodeSystem/task-code", "fulfill", null)));
        task.setFor(new Reference(patient));
        task.setRequester(new Reference(patient));
        task.setAuthoredOn(new java.util.Date());

        Response response = fhir().body(json(task)).post("/Task");

        response.then().statusCode(422);
        assertNames(response, "Task.focus");
    }

    @Test
    void resourceClaimingNoCareflowProfile_isNotHeldToOne() {
        CarePlan plan = carePlan(createPatient("Unprofiled"));
        plan.getMeta().getProfile().clear();
        plan.getCategory().clear();

        fhir().body(json(plan)).post("/CarePlan").then().statusCode(201);
    }

    @Test
    void goalForAGroup_is422NamingSubject() {
        org.hl7.fhir.r4.model.Group group = new org.hl7.fhir.r4.model.Group();
        group.setType(org.hl7.fhir.r4.model.Group.GroupType.PERSON).setActual(true);
        IdType groupId =
                (IdType) client.create().resource(group).execute().getId().toUnqualifiedVersionless();
        org.hl7.fhir.r4.model.Goal goal = new org.hl7.fhir.r4.model.Goal();
        goal.getMeta().addProfile(PROFILE + "careflow-goal");
        goal.setLifecycleStatus(org.hl7.fhir.r4.model.Goal.GoalLifecycleStatus.ACTIVE);
        goal.setDescription(new CodeableConcept().setText("Walk daily"));
        goal.addTarget().setMeasure(new CodeableConcept(new Coding("http://loinc.org", "41950-7", "Number of steps")));
        goal.setSubject(new Reference(groupId));

        Response response = fhir().body(json(goal)).post("/Goal");

        response.then().statusCode(422);
        assertNames(response, "Goal.subject");
        goal.setSubject(new Reference(createPatient("GoalSubject")));
        Response valid = fhir().body(json(goal)).post("/Goal");
        assertThat(valid.statusCode()).as(valid.asString()).isEqualTo(201);
    }
}
