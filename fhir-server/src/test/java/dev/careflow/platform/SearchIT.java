package dev.careflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.careflow.CareflowIT;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

/** Search over the care-management resources: parameters, chaining, includes, sorting, paging, full text. */
class SearchIT extends CareflowIT {

    private static final String CATEGORY_SYSTEM = "https://careflow.dev/fhir/CodeSystem/care-plan-category";
    private static final String TASK_SYSTEM = "https://careflow.dev/fhir/CodeSystem/care-task";

    private static CodeableConcept concept(String system, String code) {
        return new CodeableConcept().addCoding(new org.hl7.fhir.r4.model.Coding(system, code, null));
    }

    private Bundle search(String query) {
        return parse(
                Bundle.class, fhir().get(query).then().statusCode(200).extract().asString());
    }

    private IdType create(Resource resource) {
        return (IdType) client.create().resource(resource).execute().getId().toUnqualifiedVersionless();
    }

    private static <T extends Resource> List<String> ids(Bundle bundle, Class<T> type) {
        return bundle.getEntry().stream()
                .map(Bundle.BundleEntryComponent::getResource)
                .filter(type::isInstance)
                .map(r -> r.getIdElement().toUnqualifiedVersionless().getValue())
                .toList();
    }

    private CarePlan carePlan(IdType patient, String category, CarePlan.CarePlanStatus status, String start) {
        CarePlan plan = new CarePlan();
        plan.setSubject(new Reference(patient));
        plan.setStatus(status);
        plan.setIntent(CarePlan.CarePlanIntent.PLAN);
        plan.addCategory(concept(CATEGORY_SYSTEM, category));
        // A closed period: an open-ended one overlaps every later date.
        plan.setPeriod(new Period()
                .setStartElement(new org.hl7.fhir.r4.model.DateTimeType(start))
                .setEndElement(new org.hl7.fhir.r4.model.DateTimeType(start)));
        return plan;
    }

    @Test
    void carePlans_bySubjectStatusCategoryAndDate() {
        IdType patient = createPatient("Planner");
        IdType active =
                create(carePlan(patient, "chronic-care-management", CarePlan.CarePlanStatus.ACTIVE, "2026-01-10"));
        IdType draft = create(carePlan(patient, "transitional-care", CarePlan.CarePlanStatus.DRAFT, "2026-06-01"));

        assertThat(ids(search("/CarePlan?subject=" + patient.getValue()), CarePlan.class))
                .containsExactlyInAnyOrder(active.getValue(), draft.getValue());
        assertThat(ids(search("/CarePlan?subject=" + patient.getValue() + "&status=active"), CarePlan.class))
                .containsExactly(active.getValue());
        assertThat(ids(
                        search("/CarePlan?patient=" + patient.getValue() + "&category=" + CATEGORY_SYSTEM
                                + "|transitional-care"),
                        CarePlan.class))
                .containsExactly(draft.getValue());
        assertThat(ids(search("/CarePlan?subject=" + patient.getValue() + "&date=ge2026-03-01"), CarePlan.class))
                .containsExactly(draft.getValue());
    }

    @Test
    void carePlans_includeGoalsAndSortByDate() {
        IdType patient = createPatient("Goalkeeper");
        Goal goal = new Goal();
        goal.setLifecycleStatus(Goal.GoalLifecycleStatus.ACTIVE);
        goal.setDescription(new CodeableConcept().setText("HbA1c below 7%"));
        goal.setSubject(new Reference(patient));
        IdType goalId = create(goal);

        CarePlan early = carePlan(patient, "chronic-care-management", CarePlan.CarePlanStatus.ACTIVE, "2025-01-01");
        early.addGoal(new Reference(goalId));
        IdType earlyId = create(early);
        IdType late =
                create(carePlan(patient, "chronic-care-management", CarePlan.CarePlanStatus.ACTIVE, "2026-02-01"));

        Bundle bundle = search("/CarePlan?subject=" + patient.getValue() + "&_include=CarePlan:goal&_sort=-date");

        assertThat(ids(bundle, CarePlan.class)).containsExactly(late.getValue(), earlyId.getValue());
        assertThat(ids(bundle, Goal.class)).containsExactly(goalId.getValue());
        assertThat(bundle.getEntry().stream()
                        .filter(e -> e.getResource() instanceof Goal)
                        .map(e -> e.getSearch().getMode()))
                .containsOnly(Bundle.SearchEntryMode.INCLUDE);
    }

    @Test
    void patients_revincludeCarePlansAndChainFromCarePlanToPatient() {
        String family = "Chain" + unique().substring(0, 8);
        IdType patient = createPatient(family);
        IdType plan = create(carePlan(patient, "case-management", CarePlan.CarePlanStatus.ACTIVE, "2026-01-01"));

        assertThat(ids(search("/CarePlan?subject:Patient.family=" + family), CarePlan.class))
                .containsExactly(plan.getValue());
        Bundle withPlans = search("/Patient?_id=" + patient.getIdPart() + "&_revinclude=CarePlan:subject");
        assertThat(ids(withPlans, CarePlan.class)).containsExactly(plan.getValue());
    }

    @Test
    void goals_byPatientAndLifecycleStatus() {
        IdType patient = createPatient("Goal");
        Goal proposed = new Goal();
        proposed.setLifecycleStatus(Goal.GoalLifecycleStatus.PROPOSED);
        proposed.setDescription(new CodeableConcept().setText("Walk 30 minutes a day"));
        proposed.setSubject(new Reference(patient));
        IdType proposedId = create(proposed);
        Goal active = proposed.copy();
        active.setLifecycleStatus(Goal.GoalLifecycleStatus.ACTIVE);
        create(active);

        assertThat(ids(search("/Goal?patient=" + patient.getValue() + "&lifecycle-status=proposed"), Goal.class))
                .containsExactly(proposedId.getValue());
    }

    @Test
    void tasks_byOwnerStatusCodeAndLastUpdated() {
        IdType patient = createPatient("Tasked");
        Organization agency = new Organization();
        agency.setName("Riverside Home Health " + unique());
        IdType owner = create(agency);

        Task call = new Task();
        call.setStatus(Task.TaskStatus.REQUESTED);
        call.setIntent(Task.TaskIntent.ORDER);
        call.setFor(new Reference(patient));
        call.setOwner(new Reference(owner));
        call.setCode(concept(TASK_SYSTEM, "follow-up-call"));
        IdType callId = create(call);
        Task reconciliation = call.copy();
        reconciliation.setCode(concept(TASK_SYSTEM, "medication-reconciliation"));
        reconciliation.setStatus(Task.TaskStatus.COMPLETED);
        IdType reconciliationId = create(reconciliation);

        String byOwner = "/Task?owner=" + owner.getValue();
        assertThat(ids(search(byOwner), Task.class))
                .containsExactlyInAnyOrder(callId.getValue(), reconciliationId.getValue());
        assertThat(ids(search(byOwner + "&status=requested"), Task.class)).containsExactly(callId.getValue());
        assertThat(ids(search(byOwner + "&code=" + TASK_SYSTEM + "|medication-reconciliation"), Task.class))
                .containsExactly(reconciliationId.getValue());
        String since =
                new org.hl7.fhir.r4.model.InstantType(Date.from(Instant.now().minusSeconds(600))).getValueAsString();
        assertThat(ids(search(byOwner + "&_lastUpdated=ge" + since), Task.class))
                .hasSize(2);
        assertThat(ids(search(byOwner + "&_lastUpdated=lt2000-01-01"), Task.class))
                .isEmpty();
    }

    @Test
    void serviceRequestsQuestionnairesAndResponses_areSearchable() {
        IdType patient = createPatient("Referred");
        ServiceRequest referral = new ServiceRequest();
        referral.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
        referral.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
        referral.setSubject(new Reference(patient));
        referral.setCode(concept("http://snomed.info/sct", "467771000124109"));
        IdType referralId = create(referral);

        String url = "https://careflow.dev/fhir/test/Questionnaire/" + unique();
        Questionnaire questionnaire = new Questionnaire();
        questionnaire.setUrl(url);
        questionnaire.setStatus(org.hl7.fhir.r4.model.Enumerations.PublicationStatus.ACTIVE);
        questionnaire.setTitle("Hunger Vital Sign");
        questionnaire
                .addItem()
                .setLinkId("1")
                .setText("Worried food would run out")
                .setType(Questionnaire.QuestionnaireItemType.CHOICE);
        IdType questionnaireId = create(questionnaire);

        QuestionnaireResponse response = new QuestionnaireResponse();
        response.setQuestionnaire(url);
        response.setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED);
        response.setSubject(new Reference(patient));
        response.addItem()
                .setLinkId("1")
                .addAnswer()
                .setValue(new org.hl7.fhir.r4.model.Coding("http://loinc.org", "LA28397-0", "Often true"));
        IdType responseId = create(response);

        assertThat(ids(
                        search("/ServiceRequest?subject=" + patient.getValue() + "&status=active"),
                        ServiceRequest.class))
                .containsExactly(referralId.getValue());
        assertThat(ids(search("/Questionnaire?url=" + url), Questionnaire.class))
                .containsExactly(questionnaireId.getValue());
        assertThat(ids(
                        search("/QuestionnaireResponse?questionnaire=" + url + "&status=completed"),
                        QuestionnaireResponse.class))
                .containsExactly(responseId.getValue());
    }

    @Test
    void paging_followsNextLinksUntilEveryResultIsSeen() {
        IdType patient = createPatient("Paged");
        for (int i = 0; i < 7; i++) {
            create(carePlan(patient, "chronic-care-management", CarePlan.CarePlanStatus.ACTIVE, "2026-01-0" + (i + 1)));
        }
        Bundle page = search("/CarePlan?subject=" + patient.getValue() + "&_count=3&_sort=date");
        int seen = 0;
        int pages = 0;
        while (true) {
            pages++;
            seen += page.getEntry().size();
            if (page.getLink(Bundle.LINK_NEXT) == null) {
                break;
            }
            page = client.loadPage().next(page).execute();
        }
        assertThat(seen).isEqualTo(7);
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void contentSearch_findsCarePlanByAWordInItsDescription() {
        IdType patient = createPatient("Fulltext");
        String word = "zebrafinch" + unique().substring(0, 6);
        CarePlan plan = carePlan(patient, "chronic-care-management", CarePlan.CarePlanStatus.ACTIVE, "2026-01-01");
        plan.setDescription("Weekly check-in about the " + word + " diet and daily weights");
        IdType planId = create(plan);
        create(carePlan(patient, "chronic-care-management", CarePlan.CarePlanStatus.ACTIVE, "2026-01-02"));

        assertThat(ids(search("/CarePlan?_content=" + word), CarePlan.class)).containsExactly(planId.getValue());
    }

    @Test
    void contentSearch_onATypeLeftOutOfTheFullTextIndex_isRefused_notAnsweredEmpty() {
        String word = "okapi" + unique().substring(0, 6);
        org.hl7.fhir.r4.model.Encounter encounter = new org.hl7.fhir.r4.model.Encounter();
        encounter.setStatus(org.hl7.fhir.r4.model.Encounter.EncounterStatus.FINISHED);
        encounter.setSubject(new Reference(createPatient("Okapi")));
        encounter
                .getClass_()
                .setSystem("http://terminology.hl7.org/CodeSystem/v3-ActCode")
                .setCode("AMB");
        encounter.addReasonCode().setText("Follow-up about the " + word + " bite");
        create(encounter);

        String refusal = fhir().get("/Encounter?_content=" + word)
                .then()
                .statusCode(400)
                .extract()
                .asString();
        assertThat(refusal).contains("Encounter is not in the full-text index", "careflow.storage.full-text-types");
        fhir().get("/Encounter?_text=" + word).then().statusCode(400);
        fhir().get("/Encounter?reason-code:text=" + word).then().statusCode(200);
    }
}
