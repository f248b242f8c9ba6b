package dev.careflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.careflow.CareflowIT;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Batch and transaction Bundles. */
class TransactionIT extends CareflowIT {

    private static final Logger log = LoggerFactory.getLogger(TransactionIT.class);

    private static void add(Bundle bundle, Resource resource, String fullUrl) {
        bundle.addEntry()
                .setFullUrl(fullUrl)
                .setResource(resource)
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl(resource.fhirType());
    }

    /** 25 patients, each with a goal, a care plan, a referral and a follow-up task: 125 entries. */
    private Bundle carePlanTransaction(String batchTag) {
        Bundle bundle = new Bundle();
        bundle.setType(Bundle.BundleType.TRANSACTION);
        for (int i = 0; i < 25; i++) {
            String patientUrl = "urn:uuid:" + unique();
            String goalUrl = "urn:uuid:" + unique();
            String referralUrl = "urn:uuid:" + unique();
            Patient patient = new Patient();
            patient.addIdentifier().setSystem(TEST_SYSTEM).setValue(batchTag + "-" + i);
            patient.addName().setFamily("Transaction" + i);
            add(bundle, patient, patientUrl);

            Goal goal = new Goal();
            goal.setLifecycleStatus(Goal.GoalLifecycleStatus.ACTIVE);
            goal.setDescription(new CodeableConcept().setText("Daily weight within 2 kg of target"));
            goal.setSubject(new Reference(patientUrl));
            add(bundle, goal, goalUrl);

            ServiceRequest referral = new ServiceRequest();
            referral.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
            referral.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
            referral.setSubject(new Reference(patientUrl));
            referral.setCode(new CodeableConcept().setText("Home health nursing"));
            add(bundle, referral, referralUrl);

            CarePlan plan = new CarePlan();
            plan.setStatus(CarePlan.CarePlanStatus.ACTIVE);
            plan.setIntent(CarePlan.CarePlanIntent.PLAN);
            plan.setSubject(new Reference(patientUrl));
            plan.addGoal(new Reference(goalUrl));
            plan.addActivity().setReference(new Reference(referralUrl));
            plan.addIdentifier().setSystem(TEST_SYSTEM).setValue(batchTag);
            add(bundle, plan, "urn:uuid:" + unique());

            Task call = new Task();
            call.setStatus(Task.TaskStatus.REQUESTED);
            call.setIntent(Task.TaskIntent.ORDER);
            call.setFor(new Reference(patientUrl));
            call.setFocus(new Reference(referralUrl));
            add(bundle, call, "urn:uuid:" + unique());
        }
        return bundle;
    }

    @Test
    void transactionOf125Entries_storesAllWithInternalReferencesResolved() {
        String tag = "tx-" + unique();
        Bundle transaction = carePlanTransaction(tag);
        assertThat(transaction.getEntry()).hasSizeGreaterThanOrEqualTo(100);

        long started = System.nanoTime();
        Response response = fhir().body(json(transaction)).post("/");
        long millis = (System.nanoTime() - started) / 1_000_000;
        log.info("Transaction of {} entries took {} ms", transaction.getEntry().size(), millis);

        response.then().statusCode(200);
        Bundle result = parse(Bundle.class, response.asString());
        assertThat(result.getType()).isEqualTo(Bundle.BundleType.TRANSACTIONRESPONSE);
        assertThat(result.getEntry())
                .hasSize(125)
                .allSatisfy(e -> assertThat(e.getResponse().getStatus()).startsWith("201"));

        Bundle plans = parse(
                Bundle.class,
                fhir().get("/CarePlan?_count=100&_include=CarePlan:subject&_include=CarePlan:goal&identifier="
                                + TEST_SYSTEM + "|" + tag)
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());
        List<CarePlan> stored = new ArrayList<>();
        Map<String, Resource> included = new HashMap<>();
        for (Bundle.BundleEntryComponent entry : plans.getEntry()) {
            if (entry.getResource() instanceof CarePlan plan) {
                stored.add(plan);
            } else {
                included.put(
                        entry.getResource()
                                .getIdElement()
                                .toUnqualifiedVersionless()
                                .getValue(),
                        entry.getResource());
            }
        }
        assertThat(stored).hasSize(25);
        for (CarePlan plan : stored) {
            assertThat(plan.getSubject().getReference()).startsWith("Patient/");
            assertThat(included).containsKey(plan.getSubject().getReference());
            assertThat(included).containsKey(plan.getGoalFirstRep().getReference());
            assertThat(plan.getActivityFirstRep().getReference().getReference()).startsWith("ServiceRequest/");
        }
    }

    @Test
    void transactionWithOneInvalidEntry_isRefusedAndStoresNothing() {
        String tag = "tx-bad-" + unique();
        Bundle transaction = carePlanTransaction(tag);
        CarePlan invalid = new CarePlan();
        invalid.getMeta().addProfile("https://careflow.dev/fhir/StructureDefinition/careflow-careplan");
        invalid.setStatus(CarePlan.CarePlanStatus.ACTIVE);
        invalid.setIntent(CarePlan.CarePlanIntent.PLAN);
        invalid.setSubject(new Reference(transaction.getEntryFirstRep().getFullUrl()));
        invalid.addIdentifier().setSystem(TEST_SYSTEM).setValue(tag);
        add(transaction, invalid, "urn:uuid:" + unique());

        Response response = fhir().body(json(transaction)).post("/");

        response.then().statusCode(422);
        assertThat(parse(OperationOutcome.class, response.asString()).getIssue())
                .anySatisfy(issue -> assertThat(issue.getDiagnostics() + issue.getExpression())
                        .contains("CarePlan.category"));
        fhir().get("/CarePlan?identifier=" + TEST_SYSTEM + "|" + tag)
                .then()
                .statusCode(200)
                .body("total", org.hamcrest.Matchers.equalTo(0));
        fhir().get("/Patient?identifier=" + TEST_SYSTEM + "|" + tag + "-0")
                .then()
                .body("total", org.hamcrest.Matchers.equalTo(0));
    }

    @Test
    void batch_processesEntriesIndependently() {
        Bundle batch = new Bundle();
        batch.setType(Bundle.BundleType.BATCH);
        Patient good = new Patient();
        good.addName().setFamily("Batch");
        batch.addEntry()
                .setResource(good)
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl("Patient");
        batch.addEntry()
                .getRequest()
                .setMethod(Bundle.HTTPVerb.GET)
                .setUrl("Patient/missing-" + unique().substring(0, 8));

        Response response = fhir().body(json(batch)).post("/");

        response.then().statusCode(200);
        Bundle result = parse(Bundle.class, response.asString());
        assertThat(result.getType()).isEqualTo(Bundle.BundleType.BATCHRESPONSE);
        assertThat(result.getEntry().get(0).getResponse().getStatus()).startsWith("201");
        assertThat(result.getEntry().get(1).getResponse().getStatus()).startsWith("404");
    }
}
