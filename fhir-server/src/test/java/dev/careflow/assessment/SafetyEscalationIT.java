package dev.careflow.assessment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.careflow.CareflowIT;
import dev.careflow.Screenings;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

/** A PHQ-9 with item 9 above 0 reaches the care manager and the supervising clinician the same day. */
class SafetyEscalationIT extends CareflowIT {

    private static final String ROLE = "https://careflow.dev/fhir/CodeSystem/care-team-role";

    private IdType create(IBaseResource resource) {
        return (IdType) client.create().resource(resource).execute().getId().toUnqualifiedVersionless();
    }

    private IdType practitioner(String family) {
        return create(new Practitioner().addName(new org.hl7.fhir.r4.model.HumanName().setFamily(family)));
    }

    private void team(IdType patient, IdType manager, IdType supervisor) {
        CareTeam team = new CareTeam();
        team.setStatus(CareTeam.CareTeamStatus.ACTIVE);
        team.setSubject(new Reference(patient));
        team.addParticipant()
                .addRole(new CodeableConcept(new Coding(ROLE, "care-manager", null)))
                .setMember(new Reference(manager));
        team.addParticipant()
                .addRole(new CodeableConcept(new Coding(ROLE, "supervising-clinician", null)))
                .setMember(new Reference(supervisor));
        create(team);
    }

    private List<Task> safetyTasks(IdType patient) {
        return client
                .search()
                .forResource(Task.class)
                .where(Task.PATIENT.hasId(patient))
                .and(Task.CODE
                        .exactly()
                        .systemAndCode("https://careflow.dev/fhir/CodeSystem/care-task", "safety-review"))
                .returnBundle(Bundle.class)
                .execute()
                .getEntry()
                .stream()
                .map(e -> (Task) e.getResource())
                .toList();
    }

    private List<Flag> flags(IdType patient) {
        return client
                .search()
                .forResource(Flag.class)
                .where(Flag.PATIENT.hasId(patient))
                .returnBundle(Bundle.class)
                .execute()
                .getEntry()
                .stream()
                .map(e -> (Flag) e.getResource())
                .toList();
    }

    @Test
    void item9AboveZero_raisesStatTasksForCareManagerAndSupervisor_aFlag_andTopsTheWorklist_once() {
        IdType patient = createPatient("Safety");
        IdType manager = practitioner("Manager");
        IdType supervisor = practitioner("Supervisor");
        team(patient, manager, supervisor);
        Screenings screenings = new Screenings(client);
        // An overdue Task of the same care manager: the safety alert must still come first.
        Task overdue = new Task();
        overdue.setStatus(Task.TaskStatus.REQUESTED);
        overdue.setIntent(Task.TaskIntent.ORDER);
        overdue.setFor(new Reference(patient));
        overdue.setOwner(new Reference(manager));
        overdue.setCode(new CodeableConcept(
                new Coding("https://careflow.dev/fhir/CodeSystem/care-task", "care-plan-review", null)));
        overdue.getRestriction().getPeriod().setEndElement(new org.hl7.fhir.r4.model.DateTimeType("2020-01-01"));
        IdType overdueId = create(overdue);

        QuestionnaireResponse response =
                screenings.phq9(patient, new int[] {1, 1, 0, 0, 0, 0, 0, 0, 1}, "2026-11-20T10:00:00-05:00");
        IdType responseId = screenings.store(response);

        List<Task> tasks = safetyTasks(patient);
        assertThat(tasks).hasSize(2);
        assertThat(tasks).allSatisfy(t -> {
            assertThat(t.getPriority()).isEqualTo(Task.TaskPriority.STAT);
            assertThat(t.getStatus()).isEqualTo(Task.TaskStatus.REQUESTED);
            assertThat(t.getFocus().getReference()).isEqualTo(responseId.getValue());
            assertThat(t.getDescription()).contains("item 9");
            assertThat(t.getRestriction().getPeriod().hasEnd()).isTrue();
        });
        assertThat(tasks)
                .extracting(t -> t.getOwner().getReference())
                .containsExactlyInAnyOrder(manager.getValue(), supervisor.getValue());
        assertThat(flags(patient)).singleElement().satisfies(f -> {
            assertThat(f.getStatus()).isEqualTo(Flag.FlagStatus.ACTIVE);
            assertThat(f.getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("safety");
        });

        Bundle worklist = parse(
                Bundle.class,
                fhir().get("/Practitioner/" + manager.getIdPart() + "/$worklist")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());
        List<Bundle.BundleEntryComponent> matches = worklist.getEntry().stream()
                .filter(e -> e.getSearch().getMode() == Bundle.SearchEntryMode.MATCH)
                .toList();
        assertThat(((Coding) matches.get(0)
                                .getExtensionByUrl("https://careflow.dev/fhir/StructureDefinition/worklist-category")
                                .getValue())
                        .getCode())
                .isEqualTo("safety-alert");
        assertThat(matches.get(0).getResource().fhirType()).isEqualTo("Task");
        assertThat(((Task) matches.get(0).getResource())
                        .getCode()
                        .getCodingFirstRep()
                        .getCode())
                .isEqualTo("safety-review");
        assertThat(matches.get(1)
                        .getResource()
                        .getIdElement()
                        .toUnqualifiedVersionless()
                        .getValue())
                .isEqualTo(overdueId.getValue());

        // Stored again (amended, same answers): nothing raised twice.
        QuestionnaireResponse stored = client.read()
                .resource(QuestionnaireResponse.class)
                .withId(responseId)
                .execute();
        stored.setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.AMENDED);
        client.update().resource(stored).execute();
        assertThat(safetyTasks(patient)).hasSize(2);
        assertThat(flags(patient)).hasSize(1);

        // Corrected: item 9 was "not at all" after all. The open Tasks are cancelled and the Flag retired.
        QuestionnaireResponse corrected =
                screenings.phq9(patient, new int[] {1, 1, 0, 0, 0, 0, 0, 0, 0}, "2026-11-20T10:00:00-05:00");
        corrected.setId(responseId);
        corrected.setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.AMENDED);
        client.update().resource(corrected).execute();
        assertThat(safetyTasks(patient)).hasSize(2).allSatisfy(t -> assertThat(t.getStatus())
                .isEqualTo(Task.TaskStatus.CANCELLED));
        assertThat(flags(patient)).singleElement().satisfies(f -> assertThat(f.getStatus())
                .isEqualTo(Flag.FlagStatus.ENTEREDINERROR));
    }

    @Test
    void aRefusedResponse_escalatesNothing_andWithoutATeamTheTaskIsUnassigned() {
        IdType patient = createPatient("Safety");
        Screenings screenings = new Screenings(client);
        QuestionnaireResponse incomplete =
                screenings.phq9(patient, new int[] {0, 0, 0, 0, 0, 0, 0, 0, 3}, "2026-11-20T10:00:00-05:00");
        incomplete.getItem().remove(0);
        fhir().body(json(incomplete)).post("/QuestionnaireResponse").then().statusCode(422);
        assertThat(safetyTasks(patient)).isEmpty();
        assertThat(flags(patient)).isEmpty();

        screenings.store(screenings.phq9(patient, new int[] {0, 0, 0, 0, 0, 0, 0, 0, 3}, "2026-11-20T10:00:00-05:00"));
        assertThat(safetyTasks(patient)).singleElement().satisfies(t -> assertThat(t.hasOwner())
                .isFalse());
        assertThat(flags(patient)).hasSize(1);
    }
}
