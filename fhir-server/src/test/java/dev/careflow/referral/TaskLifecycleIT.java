package dev.careflow.referral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import dev.careflow.CareflowIT;
import io.restassured.response.Response;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

/** The Task state machine holds on every route: update, PATCH, transaction; and a refused write changes nothing. */
class TaskLifecycleIT extends CareflowIT {

    private Task newTask(Task.TaskStatus status) {
        IdType patient = createPatient("Lifecycle");
        Task task = new Task();
        task.setStatus(status);
        task.setIntent(Task.TaskIntent.ORDER);
        task.setFor(new Reference(patient));
        task.getCode().setText("Call the patient");
        IdType id = (IdType) client.create().resource(task).execute().getId();
        return client.read()
                .resource(Task.class)
                .withId(id.toUnqualifiedVersionless())
                .execute();
    }

    private Response put(Task task) {
        return fhir().body(json(task)).put("/Task/" + task.getIdElement().getIdPart());
    }

    private Task reread(Task task) {
        return client.read()
                .resource(Task.class)
                .withId(task.getIdElement().toUnqualifiedVersionless())
                .execute();
    }

    @Test
    void aReferralWalksTheWholeHappyPath() {
        Task task = newTask(Task.TaskStatus.REQUESTED);
        for (Task.TaskStatus next : new Task.TaskStatus[] {
            Task.TaskStatus.RECEIVED,
            Task.TaskStatus.ACCEPTED,
            Task.TaskStatus.INPROGRESS,
            Task.TaskStatus.ONHOLD,
            Task.TaskStatus.INPROGRESS,
            Task.TaskStatus.COMPLETED
        }) {
            task.setStatus(next);
            if (next == Task.TaskStatus.ONHOLD) {
                task.setStatusReason(new CodeableConcept().setText("Patient in hospital"));
            }
            put(task).then().statusCode(200);
            task = reread(task);
            assertThat(task.getStatus()).isEqualTo(next);
        }
    }

    @Test
    void reopeningACompletedTask_is422NamingBothStates_andChangesNothing() {
        Task task = newTask(Task.TaskStatus.COMPLETED);
        String version = task.getMeta().getVersionId();
        task.setStatus(Task.TaskStatus.INPROGRESS);
        task.getCode().setText("Changed in the same write");

        put(task)
                .then()
                .statusCode(422)
                .body("resourceType", org.hamcrest.Matchers.equalTo("OperationOutcome"))
                .body("issue[0].severity", org.hamcrest.Matchers.equalTo("error"))
                .body("issue[0].diagnostics", containsString("'completed'"))
                .body("issue[0].diagnostics", containsString("'in-progress'"));

        Task stored = reread(task);
        assertThat(stored.getStatus()).isEqualTo(Task.TaskStatus.COMPLETED);
        assertThat(stored.getMeta().getVersionId()).isEqualTo(version);
        assertThat(stored.getCode().getText()).isEqualTo("Call the patient");
    }

    @Test
    void rejectingWithoutAReason_is422() {
        Task task = newTask(Task.TaskStatus.REQUESTED);
        task.setStatus(Task.TaskStatus.REJECTED);

        put(task).then().statusCode(422).body("issue[0].diagnostics", containsString("statusReason"));
        assertThat(reread(task).getStatus()).isEqualTo(Task.TaskStatus.REQUESTED);

        task.setStatusReason(new CodeableConcept().setText("Not accepting new clients"));
        put(task).then().statusCode(200);
        assertThat(reread(task).getStatus()).isEqualTo(Task.TaskStatus.REJECTED);
    }

    @Test
    void anIllegalJsonPatch_is422AndChangesNothing() {
        Task task = newTask(Task.TaskStatus.DRAFT);
        fhir().contentType("application/json-patch+json")
                .body("[{\"op\":\"replace\",\"path\":\"/status\",\"value\":\"completed\"}]")
                .patch("/Task/" + task.getIdElement().getIdPart())
                .then()
                .statusCode(422)
                .body("issue[0].diagnostics", containsString("'draft'"))
                .body("issue[0].diagnostics", containsString("'completed'"));
        assertThat(reread(task).getStatus()).isEqualTo(Task.TaskStatus.DRAFT);
    }

    @Test
    void putOfACompletedTaskWithoutStatus_is422_andTheTaskCannotBeReopened() {
        Task task = newTask(Task.TaskStatus.COMPLETED);
        task.setStatus(null);

        put(task).then().statusCode(422).body("issue[0].diagnostics", containsString("Task.status is required"));
        assertThat(reread(task).getStatus()).isEqualTo(Task.TaskStatus.COMPLETED);

        task.setStatus(Task.TaskStatus.INPROGRESS);
        put(task)
                .then()
                .statusCode(422)
                .body("issue[0].diagnostics", containsString("from 'completed' to 'in-progress'"));
        assertThat(reread(task).getStatus()).isEqualTo(Task.TaskStatus.COMPLETED);
    }

    @Test
    void jsonPatchRemovingTheStatus_is422AndChangesNothing() {
        Task task = newTask(Task.TaskStatus.COMPLETED);
        fhir().contentType("application/json-patch+json")
                .body("[{\"op\":\"remove\",\"path\":\"/status\"}]")
                .patch("/Task/" + task.getIdElement().getIdPart())
                .then()
                .statusCode(422)
                .body("issue[0].diagnostics", containsString("Task.status is required"));
        fhir().contentType("application/json-patch+json")
                .body("[{\"op\":\"remove\",\"path\":\"/status\"},"
                        + "{\"op\":\"add\",\"path\":\"/status\",\"value\":\"in-progress\"}]")
                .patch("/Task/" + task.getIdElement().getIdPart())
                .then()
                .statusCode(422);
        Task stored = reread(task);
        assertThat(stored.getStatus()).isEqualTo(Task.TaskStatus.COMPLETED);
        assertThat(stored.getMeta().getVersionId()).isEqualTo("1");
    }

    @Test
    void creatingATaskWithoutStatus_is422() {
        Task task = new Task();
        task.setIntent(Task.TaskIntent.ORDER);
        task.setFor(new Reference(createPatient("Lifecycle")));

        fhir().body(json(task))
                .post("/Task")
                .then()
                .statusCode(422)
                .body("issue[0].diagnostics", containsString("Task.status is required"));
    }

    @Test
    void creatingATaskAsTheRecordOfWorkDone_completedOrRejectedWithItsReason_isFinalAtOnce() {
        Task task = new Task();
        task.setStatus(Task.TaskStatus.REJECTED);
        task.setStatusReason(new CodeableConcept().setText("Performer not taking referrals"));
        task.setIntent(Task.TaskIntent.ORDER);
        task.setFor(new Reference(createPatient("Lifecycle")));
        String id = parse(
                        Task.class,
                        fhir().body(json(task))
                                .post("/Task")
                                .then()
                                .statusCode(201)
                                .extract()
                                .asString())
                .getIdElement()
                .getIdPart();
        task.setId(id);
        task.setStatus(Task.TaskStatus.REQUESTED);
        put(task).then().statusCode(422).body("issue[0].diagnostics", containsString("from 'rejected' to 'requested'"));
    }

    @Test
    void creatingATaskAsCancelled_needsItsReason() {
        Task task = new Task();
        task.setStatus(Task.TaskStatus.CANCELLED);
        task.setIntent(Task.TaskIntent.ORDER);
        task.setFor(new Reference(createPatient("Lifecycle")));

        fhir().body(json(task))
                .post("/Task")
                .then()
                .statusCode(422)
                .body("issue[0].diagnostics", containsString("statusReason"));
        task.setStatusReason(new CodeableConcept().setText("Patient moved away"));
        fhir().body(json(task)).post("/Task").then().statusCode(201);
    }

    @Test
    void anIllegalChangeInsideATransaction_refusesTheWholeTransaction() {
        Task task = newTask(Task.TaskStatus.COMPLETED);
        String family = "Tx" + unique().substring(0, 8);
        Patient patient = new Patient();
        patient.addIdentifier().setSystem(TEST_SYSTEM).setValue(unique());
        patient.addName().setFamily(family);
        task.setStatus(Task.TaskStatus.REQUESTED);
        Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        transaction
                .addEntry()
                .setResource(patient)
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl("Patient");
        transaction
                .addEntry()
                .setResource(task)
                .getRequest()
                .setMethod(Bundle.HTTPVerb.PUT)
                .setUrl("Task/" + task.getIdElement().getIdPart());

        fhir().body(json(transaction))
                .post("/")
                .then()
                .statusCode(422)
                .body("issue[0].diagnostics", containsString("'completed'"))
                .body("issue[0].diagnostics", containsString("'requested'"));

        assertThat(reread(task).getStatus()).isEqualTo(Task.TaskStatus.COMPLETED);
        Bundle found = client.search()
                .forResource(Patient.class)
                .where(Patient.FAMILY.matchesExactly().value(family))
                .returnBundle(Bundle.class)
                .execute();
        assertThat(found.getEntry()).isEmpty();
    }

    @Test
    void aPatientTaskOwnedByTheCareManager_is422() {
        IdType patient = createPatient("PatientTask");
        Task task = new Task();
        task.setStatus(Task.TaskStatus.REQUESTED);
        task.setIntent(Task.TaskIntent.ORDER);
        task.setCode(new CodeableConcept(new org.hl7.fhir.r4.model.Coding(
                "http://hl7.org/fhir/us/sdoh-clinicalcare/CodeSystem/SDOHCC-CodeSystemTemporaryCodes",
                "make-contact",
                "Make Contact")));
        task.setFor(new Reference(patient));
        task.setOwner(new Reference("Practitioner/somebody"));

        fhir().body(json(task))
                .post("/Task")
                .then()
                .statusCode(422)
                .body("issue[0].diagnostics", containsString("owned by"));

        task.setOwner(new Reference(patient));
        fhir().body(json(task)).post("/Task").then().statusCode(201);
    }
}
