package dev.careflow.transitions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.careflow.CareflowIT;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.RiskAssessment;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Da Vinci notifications over {@code $process-message}, and the transitional care they start. */
class ProcessMessageIT extends CareflowIT {

    private static final String FIXTURES = "/fixtures/transitions/davinci/";
    private static final String CARE_TASK = "https://careflow.dev/fhir/CodeSystem/care-task";

    private Bundle fixture(String name) {
        try (InputStream in = ProcessMessageIT.class.getResourceAsStream(FIXTURES + name)) {
            return parse(Bundle.class, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Da Vinci example made unique: a new message id, a new patient (MRN) and a new encounter identifier. */
    private Bundle uniqueDischarge(String mrn, String encounterId, String start, String end) {
        Bundle message = fixture("discharge-notification-message-bundle-01.json");
        message.getEntryFirstRep().getResource().setId(UUID.randomUUID().toString());
        for (Bundle.BundleEntryComponent entry : message.getEntry()) {
            if (entry.getResource() instanceof Patient patient) {
                patient.getIdentifier().clear();
                patient.addIdentifier().setSystem(TEST_SYSTEM).setValue(mrn);
            } else if (entry.getResource() instanceof Encounter encounter) {
                encounter.getIdentifier().clear();
                encounter.addIdentifier().setSystem(TEST_SYSTEM + "/encounter").setValue(encounterId);
                encounter.getPeriod().setStartElement(new org.hl7.fhir.r4.model.DateTimeType(start));
                encounter.getPeriod().setEndElement(end == null ? null : new org.hl7.fhir.r4.model.DateTimeType(end));
            }
        }
        return message;
    }

    private Bundle asAdmit(Bundle message) {
        MessageHeader header = (MessageHeader) message.getEntryFirstRep().getResource();
        header.setEvent(new Coding(NotificationEvent.SYSTEM, "notification-admit", "Admit Notification"));
        for (Bundle.BundleEntryComponent entry : message.getEntry()) {
            if (entry.getResource() instanceof Encounter encounter) {
                encounter.setStatus(Encounter.EncounterStatus.INPROGRESS);
                encounter.getPeriod().setEndElement(null);
                encounter.getHospitalization().setDischargeDisposition(null);
            }
        }
        return message;
    }

    private Response post(Bundle message) {
        Response response = fhir().body(json(message)).post("/$process-message");
        if (response.statusCode() >= 400) {
            org.slf4j.LoggerFactory.getLogger(ProcessMessageIT.class)
                    .info("$process-message answered {}: {}", response.statusCode(), response.asString());
        }
        return response;
    }

    private String patientId(String mrn) {
        Bundle patients = parse(
                Bundle.class,
                fhir().get("/Patient?identifier=" + TEST_SYSTEM + "|" + mrn)
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());
        assertThat(patients.getEntry()).as("one patient for MRN " + mrn).hasSize(1);
        return patients.getEntryFirstRep()
                .getResource()
                .getIdElement()
                .toUnqualifiedVersionless()
                .getValue();
    }

    private <T extends Resource> List<T> search(Class<T> type, String query) {
        Bundle bundle = parse(
                Bundle.class,
                fhir().get("/" + query).then().statusCode(200).extract().asString());
        return bundle.getEntry().stream().map(e -> type.cast(e.getResource())).toList();
    }

    private static String code(Task task) {
        return task.getCode().getCodingFirstRep().getCode();
    }

    private static String due(Task task) {
        return task.getRestriction().getPeriod().getEndElement().getValueAsString();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "admit-notification-message-bundle-01.json",
                "admit-notification-message-bundle-02.json",
                "admit-notification-intermediate-transmit-bundle.json",
                "admit-notification-intermediate-translate-bundle.json",
                "discharge-notification-message-bundle-01.json",
                "transfer-notification-message-bundle-01.json"
            })
    void daVinciExamples_areAcceptedAsTheyAre(String example) {
        Bundle message = fixture(example);
        String requestId =
                message.getEntryFirstRep().getResource().getIdElement().getIdPart();

        Response response = post(message);

        response.then().statusCode(200);
        Bundle answer = parse(Bundle.class, response.asString());
        assertThat(answer.getType()).isEqualTo(Bundle.BundleType.MESSAGE);
        MessageHeader header = (MessageHeader) answer.getEntryFirstRep().getResource();
        assertThat(header.getResponse().getIdentifier()).isEqualTo(requestId);
        assertThat(header.getResponse().getCode()).isEqualTo(MessageHeader.ResponseType.OK);
        assertThat(response.header("Location"))
                .as("no Location to a reply Bundle that is not stored")
                .isNull();
        assertThat(search(Patient.class, "Patient?identifier=http://hl7.org/fhir/sid/us-ssn|999-87-1037"))
                .as("the same patient in every example is one Patient")
                .hasSize(1);
    }

    @Test
    void inpatientDischarge_startsTcmWithEpisodePlanTasksAndLace() {
        String mrn = "mrn-" + UUID.randomUUID();
        // Admitted Sunday 21 October 2018, discharged Tuesday 23 October 2018 at 22:22 in UTC-7 (Wednesday in UTC).
        post(uniqueDischarge(mrn, "enc-" + mrn, "2018-10-21T21:22:15-07:00", "2018-10-23T22:22:15-07:00"))
                .then()
                .statusCode(200);
        String patient = patientId(mrn);

        Encounter encounter =
                search(Encounter.class, "Encounter?patient=" + patient).get(0);
        assertThat(encounter.getStatus()).isEqualTo(Encounter.EncounterStatus.FINISHED);

        List<org.hl7.fhir.r4.model.Provenance> provenance =
                search(org.hl7.fhir.r4.model.Provenance.class, "Provenance?target=" + patient);
        assertThat(provenance)
                .as("Careflow's Provenance of the notification's writes")
                .hasSize(1);
        assertThat(provenance.get(0).getTarget())
                .extracting(org.hl7.fhir.r4.model.Reference::getReference)
                .contains(
                        patient,
                        encounter.getIdElement().toUnqualifiedVersionless().getValue());
        assertThat(provenance.get(0).getEntityFirstRep().getWhat().getReference())
                .startsWith("MessageHeader/");
        assertThat(provenance.get(0).getAgentFirstRep().getWho().hasReference()
                        || provenance.get(0).getAgentFirstRep().getWho().hasDisplay())
                .isTrue();

        List<EpisodeOfCare> episodes = search(EpisodeOfCare.class, "EpisodeOfCare?patient=" + patient);
        assertThat(episodes).hasSize(1);
        assertThat(episodes.get(0).getTypeFirstRep().getCodingFirstRep().getCode())
                .isEqualTo("tcm");
        assertThat(episodes.get(0).getStatus()).isEqualTo(EpisodeOfCare.EpisodeOfCareStatus.ACTIVE);

        List<CarePlan> plans = search(CarePlan.class, "CarePlan?subject=" + patient);
        assertThat(plans).hasSize(1);
        CarePlan plan = plans.get(0);
        assertThat(plan.getStatus()).isEqualTo(CarePlan.CarePlanStatus.ACTIVE);
        assertThat(plan.getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("transitional-care");
        assertThat(plan.getEncounter().getReference())
                .isEqualTo(encounter.getIdElement().toUnqualifiedVersionless().getValue());

        List<Task> tasks = search(Task.class, "Task?patient=" + patient + "&code=" + CARE_TASK + "|");
        assertThat(tasks)
                .extracting(ProcessMessageIT::code)
                .containsExactlyInAnyOrder(
                        "tcm-interactive-contact", "tcm-face-to-face-visit", "medication-reconciliation");
        for (Task task : tasks) {
            assertThat(task.getFor().getReference()).isEqualTo(patient);
            assertThat(task.getEncounter().getReference())
                    .isEqualTo(
                            encounter.getIdElement().toUnqualifiedVersionless().getValue());
            assertThat(task.getBasedOnFirstRep().getReference())
                    .isEqualTo(plan.getIdElement().toUnqualifiedVersionless().getValue());
            assertThat(task.hasOwner())
                    .as("no care manager yet: the unassigned queue")
                    .isFalse();
        }
        // Discharge date is Tuesday 23 October in the hospital's offset: contact by Thursday 25 October;
        // LACE 2 (2 days' stay), moderate complexity: visit and reconciliation within 14 days.
        assertThat(tasks)
                .filteredOn(t -> code(t).equals("tcm-interactive-contact"))
                .extracting(ProcessMessageIT::due)
                .containsExactly("2018-10-25");
        assertThat(tasks)
                .filteredOn(t -> code(t).equals("tcm-face-to-face-visit"))
                .extracting(ProcessMessageIT::due)
                .containsExactly("2018-11-06");
        assertThat(tasks)
                .filteredOn(t -> code(t).equals("medication-reconciliation"))
                .extracting(ProcessMessageIT::due)
                .containsExactly("2018-11-06");

        List<RiskAssessment> risks = search(RiskAssessment.class, "RiskAssessment?subject=" + patient);
        assertThat(risks).hasSize(1);
        RiskAssessment lace = risks.get(0);
        assertThat(lace.getMethod().getCodingFirstRep().getCode()).isEqualTo("lace");
        assertThat(lace.getPredictionFirstRep().getRationale())
                .startsWith("LACE 2 ")
                .contains("L 2 (length of stay 2 days)");
        assertThat(lace.getPredictionFirstRep()
                        .getExtensionByUrl(LaceAssessment.EXTENSION)
                        .getExtensionByUrl("total")
                        .getValue()
                        .primitiveValue())
                .isEqualTo("2");
    }

    @Test
    void careManagerInTheCareTeam_ownsTheTcmTasks() {
        String mrn = "mrn-" + UUID.randomUUID();
        Bundle admit = asAdmit(uniqueDischarge(mrn, "enc-" + mrn, "2024-11-25T08:00:00-05:00", null));
        post(admit).then().statusCode(200);
        String patient = patientId(mrn);
        Practitioner nurse = new Practitioner();
        nurse.addName().setFamily("Rivera").addGiven("Ana");
        String nurseId = client.create()
                .resource(nurse)
                .execute()
                .getId()
                .toUnqualifiedVersionless()
                .getValue();
        CareTeam team = new CareTeam();
        team.setStatus(CareTeam.CareTeamStatus.ACTIVE);
        team.setSubject(new Reference(patient));
        team.addParticipant()
                .setMember(new Reference(nurseId))
                .addRole(new CodeableConcept(new Coding(
                        "https://careflow.dev/fhir/CodeSystem/care-team-role", "care-manager", "Care manager")));
        client.create().resource(team).execute();

        // Discharged on the Wednesday before Thanksgiving 2024: contact due Monday 2 December.
        Bundle discharge = uniqueDischarge(mrn, "enc-" + mrn, "2024-11-25T08:00:00-05:00", "2024-11-27T16:00:00-05:00");
        post(discharge).then().statusCode(200);

        List<Task> tasks =
                search(Task.class, "Task?patient=" + patient + "&code=" + CARE_TASK + "|tcm-interactive-contact");
        assertThat(tasks).hasSize(1);
        assertThat(tasks.get(0).getOwner().getReference()).isEqualTo(nurseId);
        assertThat(due(tasks.get(0))).isEqualTo("2024-12-02");
        assertThat(search(Encounter.class, "Encounter?patient=" + patient))
                .as("admit and discharge are one Encounter")
                .hasSize(1);
    }

    @Test
    void replayOfTheSameMessage_answersOkAndStoresNothingNew() {
        String mrn = "mrn-" + UUID.randomUUID();
        Bundle message = uniqueDischarge(mrn, "enc-" + mrn, "2025-03-03T10:00:00Z", "2025-03-07T10:00:00Z");
        post(message).then().statusCode(200);
        String patient = patientId(mrn);
        int tasks = search(Task.class, "Task?patient=" + patient).size();
        int conditions = search(org.hl7.fhir.r4.model.Condition.class, "Condition?patient=" + patient)
                .size();

        Response replay = post(message);

        replay.then().statusCode(200);
        MessageHeader header = (MessageHeader)
                parse(Bundle.class, replay.asString()).getEntryFirstRep().getResource();
        assertThat(header.getResponse().getCode()).isEqualTo(MessageHeader.ResponseType.OK);
        assertThat(search(Task.class, "Task?patient=" + patient)).hasSize(tasks);
        assertThat(search(org.hl7.fhir.r4.model.Condition.class, "Condition?patient=" + patient))
                .hasSize(conditions);
        assertThat(search(Encounter.class, "Encounter?patient=" + patient)).hasSize(1);
    }

    @Test
    void correctedDischargeTime_movesTheOpenDeadlinesWithoutNewTasks() {
        String mrn = "mrn-" + UUID.randomUUID();
        post(uniqueDischarge(mrn, "enc-" + mrn, "2025-06-02T09:00:00-04:00", "2025-06-05T12:00:00-04:00"))
                .then()
                .statusCode(200);
        String patient = patientId(mrn);
        // The hospital corrects the discharge: Friday 6 June, not Thursday 5 June.
        post(uniqueDischarge(mrn, "enc-" + mrn, "2025-06-02T09:00:00-04:00", "2025-06-06T12:00:00-04:00"))
                .then()
                .statusCode(200);

        List<Task> contacts =
                search(Task.class, "Task?patient=" + patient + "&code=" + CARE_TASK + "|tcm-interactive-contact");
        assertThat(contacts).hasSize(1);
        // Friday 6 June 2025 + 2 business days = Tuesday 10 June.
        assertThat(due(contacts.get(0))).isEqualTo("2025-06-10");
        assertThat(search(EpisodeOfCare.class, "EpisodeOfCare?patient=" + patient))
                .hasSize(1);
    }

    @Test
    void admitWithin30DaysOfATcmDischarge_raisesAReadmissionReview() {
        String mrn = "mrn-" + UUID.randomUUID();
        post(uniqueDischarge(mrn, "enc1-" + mrn, "2025-01-06T09:00:00Z", "2025-01-10T09:00:00Z"))
                .then()
                .statusCode(200);
        Bundle readmit = asAdmit(uniqueDischarge(mrn, "enc2-" + mrn, "2025-01-20T22:00:00Z", null));

        post(readmit).then().statusCode(200);

        String patient = patientId(mrn);
        List<Task> reviews =
                search(Task.class, "Task?patient=" + patient + "&code=" + CARE_TASK + "|readmission-review");
        assertThat(reviews).hasSize(1);
        assertThat(reviews.get(0).getDescription()).contains("2025-01-20").contains("2025-01-10");
        assertThat(search(Encounter.class, "Encounter?patient=" + patient)).hasSize(2);
    }

    private static Parameters.ParametersParameterComponent deadline(
            Parameters.ParametersParameterComponent episode, String code) {
        return episode.getPart().stream()
                .filter(p -> p.getName().equals("deadline"))
                .filter(p -> p.getPart().stream()
                        .anyMatch(q -> q.getName().equals("code")
                                && q.getValue().primitiveValue().equals(code)))
                .findFirst()
                .orElseThrow();
    }

    private static String value(Parameters.ParametersParameterComponent parent, String name) {
        return parent.getPart().stream()
                .filter(p -> p.getName().equals(name))
                .map(p -> p.getValue().primitiveValue())
                .findFirst()
                .orElse(null);
    }

    private void complete(Task task, String on) {
        complete(task, on, true);
    }

    private void complete(Task task, String on, boolean store) {
        task.setStatus(Task.TaskStatus.COMPLETED);
        task.getExecutionPeriod()
                .setStartElement(new org.hl7.fhir.r4.model.DateTimeType(on + "T10:00:00-07:00"))
                .setEndElement(new org.hl7.fhir.r4.model.DateTimeType(on + "T10:20:00-07:00"));
        if (store) {
            fhir().body(json(task))
                    .put("/Task/" + task.getIdElement().getIdPart())
                    .then()
                    .statusCode(200);
        }
    }

    @Test
    void tcmStatus_reportsEachDeadlineItsStateAndWhatCptStillNeeds() {
        String mrn = "mrn-" + UUID.randomUUID();
        post(uniqueDischarge(mrn, "enc-" + mrn, "2018-10-21T21:22:15-07:00", "2018-10-23T22:22:15-07:00"))
                .then()
                .statusCode(200);
        String patient = patientId(mrn);
        List<Task> tasks = search(Task.class, "Task?patient=" + patient + "&code=" + CARE_TASK + "|");
        complete(
                tasks.stream()
                        .filter(t -> code(t).equals("tcm-interactive-contact"))
                        .findFirst()
                        .orElseThrow(),
                "2018-10-24");
        complete(
                tasks.stream()
                        .filter(t -> code(t).equals("tcm-face-to-face-visit"))
                        .findFirst()
                        .orElseThrow(),
                "2018-11-09");

        Parameters status = parse(
                Parameters.class,
                fhir().get("/" + patient + "/$tcm-status")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());

        assertThat(status.getParameter()).hasSize(1);
        Parameters.ParametersParameterComponent episode = status.getParameterFirstRep();
        assertThat(value(episode, "dischargeDate")).isEqualTo("2018-10-23");
        assertThat(value(episode, "cpt")).isEqualTo("99495");
        assertThat(value(episode, "lace")).isEqualTo("2");
        assertThat(value(deadline(episode, "tcm-interactive-contact"), "state")).isEqualTo("done-on-time");
        assertThat(value(deadline(episode, "tcm-face-to-face-visit"), "state")).isEqualTo("done-late");
        assertThat(value(deadline(episode, "tcm-face-to-face-visit"), "due")).isEqualTo("2018-11-06");
        assertThat(value(deadline(episode, "medication-reconciliation"), "state"))
                .isEqualTo("overdue");
        assertThat(value(episode, "requirementsMet")).isEqualTo("false");
        assertThat(episode.getPart().stream().filter(p -> p.getName().equals("missing")))
                .extracting(p -> p.getValue().primitiveValue())
                .hasSize(2)
                .anySatisfy(m -> assertThat(m).contains("face-to-face").contains("done-late"))
                .anySatisfy(
                        m -> assertThat(m).contains("medication reconciliation").contains("overdue"));
    }

    @Test
    void completingTheTcmTasks_recordsThemOnThePlanThenCompletesItAndFinishesTheEpisode() {
        String mrn = "mrn-" + UUID.randomUUID();
        post(uniqueDischarge(mrn, "enc-" + mrn, "2025-03-03T08:00:00-05:00", "2025-03-07T15:00:00-05:00"))
                .then()
                .statusCode(200);
        String patient = patientId(mrn);
        List<Task> tasks = search(Task.class, "Task?patient=" + patient + "&code=" + CARE_TASK + "|");
        assertThat(tasks).hasSize(3);
        Task contact = tasks.stream()
                .filter(t -> code(t).equals("tcm-interactive-contact"))
                .findFirst()
                .orElseThrow();
        // Completed without saying when: the server records the time it was completed.
        contact.setStatus(Task.TaskStatus.COMPLETED);
        contact.addOutput().setType(new CodeableConcept().setText("contact")).setValue(new Reference(patient));
        fhir().body(json(contact))
                .put("/Task/" + contact.getIdElement().getIdPart())
                .then()
                .statusCode(200);

        Task storedContact = parse(
                Task.class,
                fhir().get("/Task/" + contact.getIdElement().getIdPart())
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());
        assertThat(storedContact.getExecutionPeriod().hasEnd()).isTrue();
        CarePlan plan = search(CarePlan.class, "CarePlan?patient=" + patient).get(0);
        assertThat(plan.getStatus()).isEqualTo(CarePlan.CarePlanStatus.ACTIVE);
        CarePlan.CarePlanActivityComponent contactActivity = plan.getActivity().stream()
                .filter(a -> a.getReference()
                        .getReference()
                        .endsWith(contact.getIdElement().getIdPart()))
                .findFirst()
                .orElseThrow();
        assertThat(contactActivity.getProgress()).hasSize(1);
        assertThat(contactActivity.getProgressFirstRep().getText())
                .contains("completed")
                .contains("due 2025-03-11");
        assertThat(contactActivity.getOutcomeReference())
                .extracting(Reference::getReference)
                .containsExactly(patient);
        assertThat(search(EpisodeOfCare.class, "EpisodeOfCare?patient=" + patient)
                        .get(0)
                        .getStatus())
                .isEqualTo(EpisodeOfCare.EpisodeOfCareStatus.ACTIVE);

        // The other two in one transaction: the plan completes and the episode finishes.
        Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        for (Task task : tasks) {
            if (task.getIdElement().getIdPart().equals(contact.getIdElement().getIdPart())) {
                continue;
            }
            complete(task, "2025-03-12", false);
            transaction
                    .addEntry()
                    .setResource(task)
                    .getRequest()
                    .setMethod(Bundle.HTTPVerb.PUT)
                    .setUrl("Task/" + task.getIdElement().getIdPart());
        }
        fhir().body(json(transaction)).post("/").then().statusCode(200);

        CarePlan completed =
                search(CarePlan.class, "CarePlan?patient=" + patient).get(0);
        assertThat(completed.getStatus()).isEqualTo(CarePlan.CarePlanStatus.COMPLETED);
        assertThat(completed.getActivity())
                .allSatisfy(a -> assertThat(a.getProgress()).hasSize(1));
        EpisodeOfCare finished =
                search(EpisodeOfCare.class, "EpisodeOfCare?patient=" + patient).get(0);
        assertThat(finished.getStatus()).isEqualTo(EpisodeOfCare.EpisodeOfCareStatus.FINISHED);
        assertThat(finished.getStatusHistoryFirstRep().getStatus()).isEqualTo(EpisodeOfCare.EpisodeOfCareStatus.ACTIVE);
        assertThat(finished.getStatusHistoryFirstRep()
                        .getPeriod()
                        .getStartElement()
                        .getValueAsString())
                .isEqualTo("2025-03-07");

        // A finished TCM episode still catches a readmission within its 30 days.
        post(asAdmit(uniqueDischarge(mrn, "enc2-" + mrn, "2025-03-20T22:00:00-05:00", null)))
                .then()
                .statusCode(200);
        assertThat(search(Task.class, "Task?patient=" + patient + "&code=" + CARE_TASK + "|readmission-review"))
                .hasSize(1);
    }

    @Test
    void tcmStatus_ofAnUnknownPatient_is404() {
        fhir().get("/Patient/no-such-patient-" + UUID.randomUUID().toString().substring(0, 8) + "/$tcm-status")
                .then()
                .statusCode(404)
                .body("resourceType", org.hamcrest.Matchers.equalTo("OperationOutcome"));
    }

    @Test
    void tcmStatus_isInTheCapabilityStatement() {
        fhir().get("/OperationDefinition?url=" + TcmStatusOperationProvider.CANONICAL)
                .then()
                .body("total", org.hamcrest.Matchers.equalTo(1));
        assertThat(fhir().get("/metadata").asString()).contains("\"name\":\"tcm-status\"");
    }

    // ------------------------------------------------------------------ refusals: nothing stored

    private void assertRefused(Bundle message, int status, String expected, String mrn) {
        Response response = post(message);
        response.then().statusCode(status);
        OperationOutcome outcome = parse(OperationOutcome.class, response.asString());
        assertThat(outcome.getIssue())
                .anySatisfy(issue -> assertThat(issue.getDiagnostics()).contains(expected));
        fhir().get("/Patient?identifier=" + TEST_SYSTEM + "|" + mrn)
                .then()
                .statusCode(200)
                .body("total", org.hamcrest.Matchers.equalTo(0));
    }

    @Test
    void bundleThatIsNotAMessage_is400() {
        String mrn = "mrn-" + UUID.randomUUID();
        Bundle message = uniqueDischarge(mrn, "enc-" + mrn, "2025-01-06T09:00:00Z", "2025-01-10T09:00:00Z");
        message.setType(Bundle.BundleType.COLLECTION);
        assertRefused(message, 400, "type message", mrn);
    }

    @Test
    void messageHeaderNotFirst_is400() {
        String mrn = "mrn-" + UUID.randomUUID();
        Bundle message = uniqueDischarge(mrn, "enc-" + mrn, "2025-01-06T09:00:00Z", "2025-01-10T09:00:00Z");
        Bundle.BundleEntryComponent header = message.getEntry().remove(0);
        message.getEntry().add(header);
        assertRefused(message, 400, "MessageHeader", mrn);
    }

    @Test
    void unsupportedEvent_is422() {
        String mrn = "mrn-" + UUID.randomUUID();
        Bundle message = uniqueDischarge(mrn, "enc-" + mrn, "2025-01-06T09:00:00Z", "2025-01-10T09:00:00Z");
        ((MessageHeader) message.getEntryFirstRep().getResource())
                .setEvent(new Coding(NotificationEvent.SYSTEM, "notification-lab-result", null));
        assertRefused(message, 422, "notification-lab-result", mrn);
    }

    @Test
    void missingFocus_is422() {
        String mrn = "mrn-" + UUID.randomUUID();
        Bundle message = uniqueDischarge(mrn, "enc-" + mrn, "2025-01-06T09:00:00Z", "2025-01-10T09:00:00Z");
        ((MessageHeader) message.getEntryFirstRep().getResource()).getFocus().clear();
        assertRefused(message, 422, "focus", mrn);
    }

    @Test
    void brokenReference_is422() {
        String mrn = "mrn-" + UUID.randomUUID();
        Bundle message = uniqueDischarge(mrn, "enc-" + mrn, "2025-01-06T09:00:00Z", "2025-01-10T09:00:00Z");
        for (Bundle.BundleEntryComponent entry : message.getEntry()) {
            if (entry.getResource() instanceof Encounter encounter) {
                encounter.getParticipantFirstRep().setIndividual(new Reference("urn:uuid:" + UUID.randomUUID()));
            }
        }
        assertRefused(message, 422, "neither in the Bundle nor on this server", mrn);
    }

    @Test
    void aReferenceToAnEntryOfTheWrongType_is422NamingTheElement() {
        String mrn = "mrn-" + UUID.randomUUID();
        Bundle message = uniqueDischarge(mrn, "enc-" + mrn, "2025-01-06T09:00:00Z", "2025-01-10T09:00:00Z");
        String patientUrl = message.getEntry().stream()
                .filter(e -> e.getResource() instanceof org.hl7.fhir.r4.model.Patient)
                .map(Bundle.BundleEntryComponent::getFullUrl)
                .findFirst()
                .orElseThrow();
        for (Bundle.BundleEntryComponent entry : message.getEntry()) {
            if (entry.getResource() instanceof Encounter encounter) {
                // The hospital that provided the stay, pointed at the patient's entry.
                encounter.setServiceProvider(new Reference(patientUrl));
            }
        }
        assertRefused(message, 422, "Encounter.serviceProvider to '" + patientUrl + "', a Patient", mrn);
    }

    @Test
    void invalidResource_is422NamingIt() {
        String mrn = "mrn-" + UUID.randomUUID();
        Bundle message = uniqueDischarge(mrn, "enc-" + mrn, "2025-01-06T09:00:00Z", "2025-01-10T09:00:00Z");
        for (Bundle.BundleEntryComponent entry : message.getEntry()) {
            if (entry.getResource() instanceof org.hl7.fhir.r4.model.Coverage coverage) {
                coverage.getPayor().clear();
            }
        }
        assertRefused(message, 422, "Coverage", mrn);
    }

    @Test
    void processMessage_isInTheCapabilityStatementWithItsDefinition() {
        fhir().get("/OperationDefinition?url=" + ProcessMessageOperationProvider.CANONICAL)
                .then()
                .statusCode(200)
                .body("total", org.hamcrest.Matchers.equalTo(1));
        String metadata =
                fhir().get("/metadata").then().statusCode(200).extract().asString();
        assertThat(metadata).contains("\"name\":\"process-message\"");
    }

    static Identifier identifier(String system, String value) {
        return new Identifier().setSystem(system).setValue(value);
    }
}
