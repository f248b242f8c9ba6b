package dev.careflow.careplan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.careflow.CareflowIT;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

/** Goal progress from real Observations, and a revision that carries open work over. */
class CarePlanProgressIT extends CareflowIT {

    private static final Coding HBA1C = new Coding("http://loinc.org", "4548-4", "Hemoglobin A1c");

    private IdType create(IBaseResource resource) {
        return (IdType) client.create().resource(resource).execute().getId().toUnqualifiedVersionless();
    }

    private IdType hba1cGoal(IdType patient) {
        Goal goal = new Goal();
        goal.setLifecycleStatus(Goal.GoalLifecycleStatus.ACTIVE);
        goal.setSubject(new Reference(patient));
        goal.getDescription().setText("HbA1c below 7 %");
        goal.addTarget()
                .setMeasure(new CodeableConcept(HBA1C))
                .setDetail(new Quantity()
                        .setValue(7)
                        .setComparator(Quantity.QuantityComparator.LESS_THAN)
                        .setUnit("%")
                        .setSystem("http://unitsofmeasure.org")
                        .setCode("%"));
        return create(goal);
    }

    private void hba1c(IdType patient, String date, double value) {
        Observation observation = new Observation();
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.setSubject(new Reference(patient));
        observation.getCode().addCoding(HBA1C.copy());
        observation.setEffective(new DateTimeType(date));
        observation.setValue(new Quantity()
                .setValue(value)
                .setUnit("%")
                .setSystem("http://unitsofmeasure.org")
                .setCode("%"));
        create(observation);
    }

    private IdType plan(IdType patient, List<IdType> goals, List<IdType> activities) {
        CarePlan plan = new CarePlan();
        plan.setStatus(CarePlan.CarePlanStatus.ACTIVE);
        plan.setIntent(CarePlan.CarePlanIntent.PLAN);
        plan.setSubject(new Reference(patient));
        plan.setTitle("Diabetes plan");
        goals.forEach(g -> plan.addGoal(new Reference(g)));
        activities.forEach(a -> plan.addActivity().setReference(new Reference(a)));
        return create(plan);
    }

    private Parameters.ParametersParameterComponent progressOf(IdType plan) {
        Parameters result = parse(
                Parameters.class,
                fhir().body("{\"resourceType\":\"Parameters\"}")
                        .post("/CarePlan/" + plan.getIdPart() + "/$progress")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());
        assertThat(result.getParameter()).hasSize(1);
        return result.getParameterFirstRep();
    }

    private static String part(Parameters.ParametersParameterComponent parameter, String name) {
        return parameter.getPart().stream()
                .filter(p -> p.getName().equals(name))
                .findFirst()
                .map(p -> p.getValue().primitiveValue())
                .orElse(null);
    }

    @Test
    void anImprovingSeries_isImproving_thenAchieved_withProvenance() {
        IdType patient = createPatient("Progress");
        IdType goal = hba1cGoal(patient);
        IdType plan = plan(patient, List.of(goal), List.of());
        hba1c(patient, "2026-06-01", 9.1);
        hba1c(patient, "2026-09-01", 8.2);

        Parameters.ParametersParameterComponent progress = progressOf(plan);
        assertThat(part(progress, "targetMet")).isEqualTo("false");
        assertThat(part(progress, "trend")).isEqualTo("improving");
        assertThat(part(progress, "achievementStatus")).isEqualTo("improving");
        Goal stored = client.read().resource(Goal.class).withId(goal).execute();
        assertThat(stored.getAchievementStatus().getCodingFirstRep().getCode()).isEqualTo("improving");
        List<Provenance> provenance = client
                .search()
                .forResource(Provenance.class)
                .where(Provenance.TARGET.hasId(goal))
                .returnBundle(Bundle.class)
                .execute()
                .getEntry()
                .stream()
                .map(e -> (Provenance) e.getResource())
                .toList();
        assertThat(provenance).hasSize(1);

        hba1c(patient, "2026-11-01", 6.8);
        progress = progressOf(plan);
        assertThat(part(progress, "targetMet")).isEqualTo("true");
        assertThat(part(progress, "achievementStatus")).isEqualTo("achieved");
        assertThat(client.read().resource(Goal.class).withId(goal).execute().getOutcomeReference())
                .hasSize(2);
    }

    @Test
    void aWorseningSeries_isWorsening() {
        IdType patient = createPatient("Progress");
        IdType goal = hba1cGoal(patient);
        IdType plan = plan(patient, List.of(goal), List.of());
        hba1c(patient, "2026-06-01", 7.5);
        hba1c(patient, "2026-09-01", 8.4);

        Parameters.ParametersParameterComponent progress = progressOf(plan);

        assertThat(part(progress, "trend")).isEqualTo("worsening");
        assertThat(client.read()
                        .resource(Goal.class)
                        .withId(goal)
                        .execute()
                        .getAchievementStatus()
                        .getCodingFirstRep()
                        .getCode())
                .isEqualTo("worsening");
    }

    @Test
    void aRevision_carriesOpenGoalsAndWorkOver_repointingTasks_andRevokesTheOldPlan() {
        IdType patient = createPatient("Revised");
        IdType open = hba1cGoal(patient);
        Goal achieved = new Goal();
        achieved.setLifecycleStatus(Goal.GoalLifecycleStatus.ACTIVE);
        achieved.setAchievementStatus(new CodeableConcept(
                new Coding("http://terminology.hl7.org/CodeSystem/goal-achievement", "achieved", null)));
        achieved.setSubject(new Reference(patient));
        achieved.getDescription().setText("Attend diabetes education");
        achieved.addTarget().setMeasure(new CodeableConcept().setText("Sessions attended"));
        IdType done = create(achieved);
        ServiceRequest lab = new ServiceRequest();
        lab.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
        lab.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
        lab.setSubject(new Reference(patient));
        lab.getCode().addCoding(HBA1C.copy());
        IdType labId = create(lab);
        IdType openTask = task(patient, Task.TaskStatus.REQUESTED);
        IdType doneTask = task(patient, Task.TaskStatus.COMPLETED);
        IdType old = plan(patient, List.of(open, done), List.of(labId, openTask, doneTask));
        for (IdType t : List.of(openTask, doneTask)) {
            Task task = client.read().resource(Task.class).withId(t).execute();
            task.addBasedOn(new Reference(old));
            client.update().resource(task).execute();
        }

        CarePlan next = parse(
                CarePlan.class,
                fhir().body("{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"reason\",\"valueString\":"
                                + "\"HbA1c still high: add nutrition counselling\"}]}")
                        .post("/CarePlan/" + old.getIdPart() + "/$revise")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());

        IdType nextId = next.getIdElement().toUnqualifiedVersionless();
        assertThat(next.getStatus()).isEqualTo(CarePlan.CarePlanStatus.ACTIVE);
        assertThat(next.getReplacesFirstRep().getReference()).isEqualTo(old.getValue());
        assertThat(next.getGoal()).extracting(Reference::getReference).containsExactly(open.getValue());
        assertThat(next.getActivity())
                .extracting(a -> a.getReference().getReference())
                .containsExactly(labId.getValue(), openTask.getValue());
        assertThat(client.read().resource(CarePlan.class).withId(old).execute().getStatus())
                .isEqualTo(CarePlan.CarePlanStatus.REVOKED);
        assertThat(client.read()
                        .resource(Task.class)
                        .withId(openTask)
                        .execute()
                        .getBasedOnFirstRep()
                        .getReference())
                .isEqualTo(nextId.getValue());
        assertThat(client.read()
                        .resource(Task.class)
                        .withId(doneTask)
                        .execute()
                        .getBasedOnFirstRep()
                        .getReference())
                .isEqualTo(old.getValue());
        assertThat(client.search()
                        .forResource(Task.class)
                        .where(Task.PATIENT.hasId(patient))
                        .returnBundle(Bundle.class)
                        .execute()
                        .getEntry())
                .hasSize(2);
        Provenance provenance = (Provenance) client.search()
                .forResource(Provenance.class)
                .where(Provenance.TARGET.hasId(nextId))
                .returnBundle(Bundle.class)
                .execute()
                .getEntryFirstRep()
                .getResource();
        assertThat(provenance.getReasonFirstRep().getText()).contains("nutrition counselling");
        assertThat(provenance.getEntityFirstRep().getWhat().getReference()).isEqualTo(old.getValue());

        fhir().body("{\"resourceType\":\"Parameters\"}")
                .post("/CarePlan/" + old.getIdPart() + "/$revise")
                .then()
                .statusCode(409)
                .body("issue[0].diagnostics", org.hamcrest.Matchers.containsString("revoked"));
        fhir().body("{\"resourceType\":\"Parameters\"}")
                .post("/CarePlan/no-such-plan/$progress")
                .then()
                .statusCode(404);
    }

    @Test
    void aPhq9OfEightThenThree_meetsLessThanFive_andTheGoalIsAchieved() {
        IdType patient = createPatient("Phq");
        Goal goal = new Goal();
        goal.setLifecycleStatus(Goal.GoalLifecycleStatus.ACTIVE);
        goal.setSubject(new Reference(patient));
        goal.getDescription().setText("PHQ-9 below 5");
        goal.addTarget()
                .setMeasure(new CodeableConcept(new Coding("http://loinc.org", "44261-6", "PHQ-9 total")))
                .setDetail(new Quantity()
                        .setValue(5)
                        .setComparator(Quantity.QuantityComparator.LESS_THAN)
                        .setUnit("{score}")
                        .setSystem("http://unitsofmeasure.org")
                        .setCode("{score}"));
        IdType goalId = create(goal);
        IdType plan = plan(patient, List.of(goalId), List.of());
        dev.careflow.Screenings screenings = new dev.careflow.Screenings(client);
        screenings.store(screenings.phq9(patient, new int[] {2, 2, 2, 2, 0, 0, 0, 0, 0}, "2026-06-01T10:00:00Z"));

        Parameters.ParametersParameterComponent progress = progressOf(plan);
        assertThat(part(progress, "value")).isEqualTo("8");
        assertThat(part(progress, "targetMet")).isEqualTo("false");
        assertThat(part(progress, "achievementStatus")).isEqualTo("in-progress");

        screenings.store(screenings.phq9(patient, new int[] {1, 1, 1, 0, 0, 0, 0, 0, 0}, "2026-08-01T10:00:00Z"));
        progress = progressOf(plan);
        assertThat(part(progress, "value")).isEqualTo("3");
        assertThat(part(progress, "targetMet")).isEqualTo("true");
        assertThat(part(progress, "trend")).isEqualTo("improving");
        assertThat(part(progress, "achievementStatus")).isEqualTo("achieved");
        assertThat(client.read()
                        .resource(Goal.class)
                        .withId(goalId)
                        .execute()
                        .getAchievementStatus()
                        .getCodingFirstRep()
                        .getCode())
                .isEqualTo("achieved");
    }

    private static final Coding WEIGHT = new Coding("http://loinc.org", "29463-7", "Body weight");

    private void weight(IdType patient, String date, double value, String unit) {
        Observation observation = new Observation();
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.setSubject(new Reference(patient));
        observation.getCode().addCoding(WEIGHT.copy());
        observation.setEffective(new DateTimeType(date));
        observation.setValue(new Quantity()
                .setValue(value)
                .setUnit(unit)
                .setSystem("http://unitsofmeasure.org")
                .setCode(unit));
        create(observation);
    }

    @Test
    void oneWeightInRange_isNotAchieved_andRevisionCarriesTheGoalOver_untilTheWeightHolds() {
        IdType patient = createPatient("Weight");
        Goal goal = new Goal();
        goal.setLifecycleStatus(Goal.GoalLifecycleStatus.ACTIVE);
        goal.setSubject(new Reference(patient));
        goal.getDescription().setText("Weight within 2 kg of 80 kg");
        // As an earlier $progress left it after one in-range weight.
        goal.setAchievementStatus(new CodeableConcept(
                new Coding("http://terminology.hl7.org/CodeSystem/goal-achievement", "achieved", null)));
        goal.addTarget()
                .setMeasure(new CodeableConcept(WEIGHT))
                .setDetail(new org.hl7.fhir.r4.model.Range()
                        .setLow(new Quantity()
                                .setValue(78)
                                .setSystem("http://unitsofmeasure.org")
                                .setCode("kg"))
                        .setHigh(new Quantity()
                                .setValue(82)
                                .setSystem("http://unitsofmeasure.org")
                                .setCode("kg")));
        IdType goalId = create(goal);
        IdType plan = plan(patient, List.of(goalId), List.of());
        weight(patient, "2026-05-01T08:00:00Z", 85, "kg");
        weight(patient, "2026-05-02T08:00:00Z", 176, "[lb_av]"); // 79.8 kg

        Parameters.ParametersParameterComponent progress = progressOf(plan);
        assertThat(part(progress, "targetMet")).isEqualTo("true");
        assertThat(part(progress, "achievementStatus")).isNotIn("achieved", "sustaining");

        CarePlan next = parse(
                CarePlan.class,
                fhir().body("{\"resourceType\":\"Parameters\"}")
                        .post("/CarePlan/" + plan.getIdPart() + "/$revise")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());
        assertThat(next.getGoal()).extracting(Reference::getReference).containsExactly(goalId.getValue());

        weight(patient, "2026-05-05T08:00:00Z", 80.5, "kg");
        weight(patient, "2026-05-09T08:00:00Z", 81, "kg");
        progress = progressOf(next.getIdElement().toUnqualifiedVersionless());
        assertThat(part(progress, "achievementStatus")).isEqualTo("achieved");
        CarePlan third = parse(
                CarePlan.class,
                fhir().body("{\"resourceType\":\"Parameters\"}")
                        .post("/CarePlan/" + next.getIdElement().getIdPart() + "/$revise")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());
        assertThat(third.getGoal()).isEmpty();
    }

    private IdType task(IdType patient, Task.TaskStatus status) {
        Task task = new Task();
        task.setStatus(status);
        task.setIntent(Task.TaskIntent.ORDER);
        task.setFor(new Reference(patient));
        task.setCode(new CodeableConcept(
                new Coding("https://careflow.dev/fhir/CodeSystem/care-task", "care-plan-review", null)));
        return create(task);
    }
}
