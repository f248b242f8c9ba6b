package dev.careflow.careplan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import dev.careflow.CareflowIT;
import java.time.LocalDate;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Range;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Timing;
import org.junit.jupiter.api.Test;

/** From a screening and a diagnosis to a proposed plan, and the plan activated. */
class CarePlanProposalIT extends CareflowIT {

    private IdType create(IBaseResource resource) {
        return (IdType) client.create().resource(resource).execute().getId().toUnqualifiedVersionless();
    }

    /** A patient with heart failure on the problem list, a weight of 82 kg, and a positive Hunger Vital Sign. */
    private IdType heartFailureAndFoodInsecurity() {
        IdType patient = createPatient("Planned");
        Condition heartFailure = new Condition();
        heartFailure.setSubject(new Reference(patient));
        heartFailure.addCategory(new CodeableConcept(
                new Coding("http://terminology.hl7.org/CodeSystem/condition-category", "problem-list-item", null)));
        heartFailure.setCode(new CodeableConcept(
                new Coding("http://hl7.org/fhir/sid/icd-10-cm", "I50.22", "Chronic systolic heart failure")));
        heartFailure.setClinicalStatus(new CodeableConcept(
                new Coding("http://terminology.hl7.org/CodeSystem/condition-clinical", "active", null)));
        create(heartFailure);
        Observation weight = new Observation();
        weight.setStatus(Observation.ObservationStatus.FINAL);
        weight.setSubject(new Reference(patient));
        weight.getCode().addCoding(new Coding("http://loinc.org", "29463-7", "Body weight"));
        weight.setEffective(new org.hl7.fhir.r4.model.DateTimeType("2026-11-20"));
        weight.setValue(new Quantity()
                .setValue(82)
                .setUnit("kg")
                .setSystem("http://unitsofmeasure.org")
                .setCode("kg"));
        create(weight);

        Questionnaire hvs = (Questionnaire) client.search()
                .byUrl("Questionnaire?url=https://careflow.dev/fhir/Questionnaire/hunger-vital-sign")
                .returnBundle(Bundle.class)
                .execute()
                .getEntryFirstRep()
                .getResource();
        QuestionnaireResponse screening = new QuestionnaireResponse();
        screening.setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED);
        screening.setQuestionnaire(hvs.getUrl());
        screening.setSubject(new Reference(patient));
        for (Questionnaire.QuestionnaireItemComponent item : hvs.getItem()) {
            screening
                    .addItem()
                    .setLinkId(item.getLinkId())
                    .addAnswer()
                    .setValue(new Coding("http://loinc.org", "LA28397-0", "Often true"));
        }
        create(screening);
        return patient;
    }

    private Bundle propose(IdType patient, boolean persist) {
        return parse(
                Bundle.class,
                fhir().body("{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"persist\",\"valueBoolean\":"
                                + persist + "}]}")
                        .post("/Patient/" + patient.getIdPart() + "/$propose-care-plan")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());
    }

    private static <T> List<T> all(Bundle bundle, Class<T> type) {
        return bundle.getEntry().stream()
                .map(Bundle.BundleEntryComponent::getResource)
                .filter(type::isInstance)
                .map(type::cast)
                .toList();
    }

    private static String url(Bundle bundle, IBaseResource resource) {
        return bundle.getEntry().stream()
                .filter(e -> e.getResource() == resource)
                .findFirst()
                .orElseThrow()
                .getFullUrl();
    }

    @Test
    void heartFailureAndFoodInsecurity_giveOneDraftPlan_withMeasurableGoalsAndRealRequests_storingNothing() {
        IdType patient = heartFailureAndFoodInsecurity();
        List<Condition> conditions = client
                .search()
                .forResource(Condition.class)
                .where(Condition.PATIENT.hasId(patient))
                .returnBundle(Bundle.class)
                .execute()
                .getEntry()
                .stream()
                .map(e -> (Condition) e.getResource())
                .toList();
        String heartFailure = conditions.stream()
                .filter(c -> c.getCode().getCodingFirstRep().getCode().equals("I50.22"))
                .findFirst()
                .orElseThrow()
                .getIdElement()
                .toUnqualifiedVersionless()
                .getValue();
        String food = conditions.stream()
                .filter(c -> c.getCode().getCodingFirstRep().getCode().equals("Z59.41"))
                .findFirst()
                .orElseThrow()
                .getIdElement()
                .toUnqualifiedVersionless()
                .getValue();

        Bundle proposal = propose(patient, false);

        CarePlan plan = (CarePlan) proposal.getEntryFirstRep().getResource();
        assertThat(plan.getStatus()).isEqualTo(CarePlan.CarePlanStatus.DRAFT);
        assertThat(plan.getAddresses())
                .extracting(Reference::getReference)
                .containsExactlyInAnyOrder(heartFailure, food);
        assertThat(plan.getInstantiatesCanonical())
                .extracting(c -> c.getValue())
                .containsExactlyInAnyOrder(
                        "https://careflow.dev/fhir/PlanDefinition/heart-failure",
                        "https://careflow.dev/fhir/PlanDefinition/food-insecurity");
        assertThat(plan.getActivity()).allSatisfy(a -> assertThat(a.hasDetail()).isFalse());

        List<Goal> goals = all(proposal, Goal.class);
        assertThat(goals).hasSize(2);
        Goal weight = goals.stream()
                .filter(g -> g.getTargetFirstRep()
                        .getMeasure()
                        .getCodingFirstRep()
                        .getCode()
                        .equals("29463-7"))
                .findFirst()
                .orElseThrow();
        Range range = (Range) weight.getTargetFirstRep().getDetail();
        assertThat(range.getLow().getValue().intValue()).isEqualTo(80);
        assertThat(range.getHigh().getValue().intValue()).isEqualTo(84);
        assertThat(weight.getAddresses()).extracting(Reference::getReference).containsExactly(heartFailure);
        assertThat(weight.getLifecycleStatus()).isEqualTo(Goal.GoalLifecycleStatus.PROPOSED);
        Goal foodSecurity = goals.stream().filter(g -> g != weight).findFirst().orElseThrow();
        assertThat(foodSecurity.getTargetFirstRep().getDueDateType().getValueAsString())
                .isEqualTo(LocalDate.now(clock).plusMonths(3).toString());

        List<ServiceRequest> requests = all(proposal, ServiceRequest.class);
        assertThat(requests)
                .extracting(r -> r.getCode().getCodingFirstRep().getCode())
                .containsExactlyInAnyOrder("follow-up-call", "cardiology-follow-up", "food-assistance-referral");
        ServiceRequest referral = requests.stream()
                .filter(r -> r.getCode().getCodingFirstRep().getCode().equals("food-assistance-referral"))
                .findFirst()
                .orElseThrow();
        assertThat(referral.getReasonReference())
                .extracting(Reference::getReference)
                .containsExactly(food);
        assertThat(((Reference) referral.getExtensionByUrl(
                                        "http://hl7.org/fhir/StructureDefinition/resource-pertainsToGoal")
                                .getValue())
                        .getReference())
                .isEqualTo(url(proposal, foodSecurity));
        ServiceRequest calls = requests.stream()
                .filter(r -> r.getCode().getCodingFirstRep().getCode().equals("follow-up-call"))
                .findFirst()
                .orElseThrow();
        assertThat(((Timing) calls.getOccurrence()).getRepeat().getPeriod().intValue())
                .isEqualTo(7);
        assertThat(all(proposal, Task.class)).singleElement().satisfies(t -> assertThat(
                        t.getCode().getCodingFirstRep().getCode())
                .isEqualTo("patient-education"));
        assertThat(plan.getActivity()).hasSize(4);

        assertThat(client.search()
                        .forResource(CarePlan.class)
                        .where(CarePlan.PATIENT.hasId(patient))
                        .returnBundle(Bundle.class)
                        .execute()
                        .getEntry())
                .isEmpty();
    }

    @Test
    void aStoredProposal_activatedByTheCareManager_activatesItsRequestsAndStartsItsCalls() {
        IdType patient = heartFailureAndFoodInsecurity();

        Bundle stored = propose(patient, true);

        IdType planId = stored.getEntryFirstRep().getResource().getIdElement().toUnqualifiedVersionless();
        assertThat(client.search()
                        .forResource(org.hl7.fhir.r4.model.Provenance.class)
                        .where(org.hl7.fhir.r4.model.Provenance.TARGET.hasId(planId))
                        .returnBundle(Bundle.class)
                        .execute()
                        .getEntry())
                .as("the proposal's Provenance")
                .hasSize(1);
        CarePlan plan = client.read().resource(CarePlan.class).withId(planId).execute();
        assertThat(plan.getStatus()).isEqualTo(CarePlan.CarePlanStatus.DRAFT);
        assertThat(plan.getActivity())
                .allSatisfy(a -> assertThat(a.getReference().getReference()).matches("(ServiceRequest|Task)/.+"));
        plan.setStatus(CarePlan.CarePlanStatus.ACTIVE);
        client.update().resource(plan).execute();

        for (Reference goal : plan.getGoal()) {
            assertThat(client.read()
                            .resource(Goal.class)
                            .withId(goal.getReference())
                            .execute()
                            .getLifecycleStatus())
                    .isEqualTo(Goal.GoalLifecycleStatus.ACTIVE);
        }
        List<Task> calls = client
                .search()
                .forResource(Task.class)
                .where(Task.BASED_ON.hasId(planId))
                .and(Task.CODE
                        .exactly()
                        .systemAndCode("https://careflow.dev/fhir/CodeSystem/care-task", "follow-up-call"))
                .returnBundle(Bundle.class)
                .execute()
                .getEntry()
                .stream()
                .map(e -> (Task) e.getResource())
                .toList();
        assertThat(calls).singleElement().satisfies(call -> assertThat(
                        call.getRestriction().getPeriod().getEndElement().getValueAsString())
                .isEqualTo(LocalDate.now(java.time.ZoneId.of("America/New_York"))
                        .plusDays(7)
                        .toString()));
        for (CarePlan.CarePlanActivityComponent activity : plan.getActivity()) {
            String reference = activity.getReference().getReference();
            if (reference.startsWith("ServiceRequest/")) {
                assertThat(client.read()
                                .resource(ServiceRequest.class)
                                .withId(reference)
                                .execute()
                                .getStatus())
                        .isEqualTo(ServiceRequest.ServiceRequestStatus.ACTIVE);
            } else {
                assertThat(client.read()
                                .resource(Task.class)
                                .withId(reference)
                                .execute()
                                .getStatus())
                        .isEqualTo(Task.TaskStatus.REQUESTED);
            }
        }
    }

    @Test
    void aPatientWithNothingToPlanFor_is422_andAnUnknownPatient_404() {
        IdType patient = createPatient("Healthy");
        fhir().body("{\"resourceType\":\"Parameters\"}")
                .post("/Patient/" + patient.getIdPart() + "/$propose-care-plan")
                .then()
                .statusCode(422)
                .body("issue[0].diagnostics", containsString("no active problem"));
        fhir().body("{\"resourceType\":\"Parameters\"}")
                .post("/Patient/no-such-patient/$propose-care-plan")
                .then()
                .statusCode(404);
    }
}
