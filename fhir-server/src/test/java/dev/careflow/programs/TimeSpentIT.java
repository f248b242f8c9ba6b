package dev.careflow.programs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import dev.careflow.CareflowIT;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Date;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

/** Minutes per month and practitioner from completed Tasks' execution periods. */
class TimeSpentIT extends CareflowIT {

    private static final ZoneId ZONE = ZoneId.of("America/New_York");

    private IdType practitioner(String family) {
        return (IdType) client.create()
                .resource(new Practitioner().addName(new org.hl7.fhir.r4.model.HumanName().setFamily(family)))
                .execute()
                .getId()
                .toUnqualifiedVersionless();
    }

    private void done(IdType patient, IdType owner, ZonedDateTime start, int minutes) {
        Task task = new Task();
        task.setStatus(Task.TaskStatus.COMPLETED);
        task.setIntent(Task.TaskIntent.ORDER);
        task.setFor(new Reference(patient));
        task.setCode(new CodeableConcept(
                new Coding("https://careflow.dev/fhir/CodeSystem/care-task", "follow-up-call", "Follow-up call")));
        task.getExecutionPeriod()
                .setStart(Date.from(start.toInstant()))
                .setEnd(Date.from(start.plusMinutes(minutes).toInstant()));
        if (owner != null) {
            task.setOwner(new Reference(owner));
        }
        client.create().resource(task).execute();
    }

    private Parameters timeSpent(IdType patient, String query) {
        return parse(
                Parameters.class,
                fhir().get("/Patient/" + patient.getIdPart() + "/$time-spent" + query)
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());
    }

    @Test
    void minutesAreSummedPerCalendarMonthAndPractitioner_inTheCareTeamsTimeZone() {
        IdType patient = createPatient("Minutes");
        IdType nurse = practitioner("Nurse");
        IdType doctor = practitioner("Doctor");
        Organization foodBank = new Organization().setName("Food bank");
        IdType organisation =
                (IdType) client.create().resource(foodBank).execute().getId().toUnqualifiedVersionless();
        done(patient, nurse, ZonedDateTime.of(2026, 9, 3, 10, 0, 0, 0, ZONE), 12);
        done(patient, nurse, ZonedDateTime.of(2026, 9, 17, 14, 0, 0, 0, ZONE), 15);
        done(patient, doctor, ZonedDateTime.of(2026, 9, 20, 9, 0, 0, 0, ZONE), 31);
        // 23:30 on 31 October in New York is already November in UTC: it counts for October.
        done(patient, nurse, ZonedDateTime.of(2026, 10, 31, 23, 30, 0, 0, ZONE), 20);
        // Not staff time: an organisation's referral work, and a period spanning days.
        done(patient, organisation, ZonedDateTime.of(2026, 10, 5, 9, 0, 0, 0, ZONE), 45);
        done(patient, nurse, ZonedDateTime.of(2026, 10, 6, 9, 0, 0, 0, ZONE), 3 * 24 * 60);

        Parameters result = timeSpent(patient, "");

        assertThat(result.getParameter()).hasSize(2);
        Parameters.ParametersParameterComponent september =
                result.getParameter().get(0);
        assertThat(value(september, "month")).isEqualTo("2026-09");
        assertThat(value(september, "totalMinutes")).isEqualTo("58");
        assertThat(september.getPart().stream()
                        .filter(p -> p.getName().equals("practitioner"))
                        .map(p -> ((Reference) p.getPart().get(0).getValue()).getReference() + "="
                                + ((IntegerType) p.getPart().get(1).getValue()).getValue() + "min/"
                                + ((IntegerType) p.getPart().get(2).getValue()).getValue())
                        .toList())
                .containsExactlyInAnyOrder(nurse.getValue() + "=27min/2", doctor.getValue() + "=31min/1");
        Parameters.ParametersParameterComponent october = result.getParameter().get(1);
        assertThat(value(october, "month")).isEqualTo("2026-10");
        assertThat(value(october, "totalMinutes")).isEqualTo("20");

        Parameters onlyOctober = timeSpent(patient, "?from=2026-10&to=2026-10");
        assertThat(onlyOctober.getParameter()).hasSize(1);
        assertThat(value(onlyOctober.getParameter().get(0), "month")).isEqualTo("2026-10");
    }

    @Test
    void badMonths_andUnknownPatients_are4xx() {
        IdType patient = createPatient("Minutes");
        fhir().get("/Patient/" + patient.getIdPart() + "/$time-spent?from=September")
                .then()
                .statusCode(400)
                .body("issue[0].diagnostics", containsString("YYYY-MM"));
        fhir().get("/Patient/" + patient.getIdPart() + "/$time-spent?from=2026-10&to=2026-09")
                .then()
                .statusCode(400)
                .body("issue[0].diagnostics", containsString("after"));
        fhir().get("/Patient/no-such-patient/$time-spent").then().statusCode(404);
    }

    private void attempt(IdType task, IdType patient, String sent, Integer minutes) {
        org.hl7.fhir.r4.model.Communication call = new org.hl7.fhir.r4.model.Communication();
        call.setStatus(org.hl7.fhir.r4.model.Communication.CommunicationStatus.NOTDONE);
        call.setStatusReason(new CodeableConcept().setText("No answer"));
        call.addPartOf(new Reference(task));
        call.setSubject(new Reference(patient));
        call.setSentElement(new org.hl7.fhir.r4.model.DateTimeType(sent));
        if (minutes != null) {
            call.addExtension(
                    "https://careflow.dev/fhir/StructureDefinition/outreach-duration",
                    new org.hl7.fhir.r4.model.Duration()
                            .setValue(minutes)
                            .setUnit("min")
                            .setSystem("http://unitsofmeasure.org")
                            .setCode("min"));
        }
        client.create().resource(call).execute();
    }

    @Test
    void outreachAttempts_showPerMonthAndTask_withTheirRecordedMinutes() {
        IdType patient = createPatient("Attempts");
        Task call = new Task();
        call.setStatus(Task.TaskStatus.REQUESTED);
        call.setIntent(Task.TaskIntent.ORDER);
        call.setFor(new Reference(patient));
        call.setOwner(new Reference(practitioner("Caller")));
        call.setCode(new CodeableConcept(
                new Coding("https://careflow.dev/fhir/CodeSystem/care-task", "follow-up-call", "Follow-up call")));
        IdType task = (IdType) client.create().resource(call).execute().getId().toUnqualifiedVersionless();
        attempt(task, patient, "2026-09-10T14:00:00-04:00", 7);
        attempt(task, patient, "2026-09-12T14:00:00-04:00", null);

        Parameters result = timeSpent(patient, "?from=2026-09&to=2026-09");

        assertThat(result.getParameter())
                .extracting(Parameters.ParametersParameterComponent::getName)
                .containsExactly("month", "attempts");
        assertThat(((IntegerType) result.getParameter().get(1).getValue()).getValue())
                .isEqualTo(2);
        Parameters.ParametersParameterComponent september =
                result.getParameter().get(0);
        assertThat(value(september, "month")).isEqualTo("2026-09");
        assertThat(value(september, "totalMinutes")).isEqualTo("0");
        Parameters.ParametersParameterComponent outreach = september.getPart().stream()
                .filter(p -> p.getName().equals("outreach"))
                .findFirst()
                .orElseThrow();
        assertThat(((Reference) outreach.getPart().get(0).getValue()).getReference())
                .isEqualTo(task.getValue());
        assertThat(value(outreach, "attempts")).isEqualTo("2");
        assertThat(value(outreach, "unsuccessful")).isEqualTo("2");
        assertThat(value(outreach, "minutes")).isEqualTo("7");
    }

    private static String value(Parameters.ParametersParameterComponent parameter, String name) {
        return parameter.getPart().stream()
                .filter(p -> p.getName().equals(name))
                .findFirst()
                .map(p -> p.getValue() instanceof StringType s
                        ? s.getValue()
                        : p.getValue().primitiveValue())
                .orElse(null);
    }
}
