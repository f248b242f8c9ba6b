package dev.careflow.programs.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import dev.careflow.CareflowIT;
import dev.careflow.vocabulary.CodeSystems;
import dev.careflow.vocabulary.Extensions;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.ChargeItem;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

/** Monthly billing of programme work as ChargeItems, and the plan of care document, over HTTP on PostgreSQL. */
class ProgrammeBillingIT extends CareflowIT {

    private static final ZoneId ZONE = ZoneId.of("America/New_York");
    private final YearMonth month = YearMonth.now(ZONE).minusMonths(1);

    private IdType create(Resource resource) {
        return (IdType) client.create().resource(resource).execute().getId().toUnqualifiedVersionless();
    }

    private IdType practitioner(String family) {
        return create(new Practitioner()
                .addName(new HumanName().setFamily(family))
                .addTelecom(new ContactPoint()
                        .setSystem(ContactPoint.ContactPointSystem.PHONE)
                        .setValue("+1 555 0100")));
    }

    private IdType episode(IdType patient, String programme, IdType biller, boolean consented) {
        EpisodeOfCare episode = new EpisodeOfCare();
        episode.setStatus(EpisodeOfCare.EpisodeOfCareStatus.ACTIVE);
        episode.addType(new CodeableConcept(new Coding(CodeSystems.CARE_PROGRAMME, programme, null)));
        episode.setPatient(new Reference(patient));
        episode.setPeriod(
                new Period().setStartElement(new DateTimeType(month.atDay(1).toString())));
        if (consented) {
            Consent consent = new Consent();
            consent.setStatus(Consent.ConsentState.ACTIVE);
            consent.setScope(new CodeableConcept(
                    new Coding("http://terminology.hl7.org/CodeSystem/consentscope", "treatment", null)));
            consent.addCategory(new CodeableConcept(new Coding(CodeSystems.LOINC, "59284-0", null)));
            consent.setPolicyRule(new CodeableConcept(new Coding(CodeSystems.V3_ACT_CODE, "OPTIN", null)));
            consent.setPatient(new Reference(patient));
            consent.getProvision()
                    .getPeriod()
                    .setStartElement(new DateTimeType(month.atDay(1).toString()));
            episode.addExtension(Extensions.PROGRAMME_CONSENT, new Reference(create(consent)));
        }
        episode.addExtension(Extensions.BILLING_PRACTITIONER, new Reference(biller));
        return create(episode);
    }

    private IdType done(IdType patient, IdType owner, int day, int minutes, String code, IdType encounter) {
        Task task = new Task();
        task.setStatus(Task.TaskStatus.COMPLETED);
        task.setIntent(Task.TaskIntent.ORDER);
        task.setFor(new Reference(patient));
        task.setOwner(new Reference(owner));
        task.setCode(new CodeableConcept(new Coding(CodeSystems.CARE_TASK, code, null)));
        Date start = Date.from(month.atDay(day).atTime(10, 0).atZone(ZONE).toInstant());
        task.getExecutionPeriod().setStart(start).setEnd(new Date(start.getTime() + minutes * 60_000L));
        if (encounter != null) {
            task.setEncounter(new Reference(encounter));
            task.getRestriction()
                    .getPeriod()
                    .setEndElement(new DateTimeType(month.atDay(8).toString()));
        }
        return create(task);
    }

    /** A TCM episode of a discharge on the 1st with its contact, reconciliation and visit done on time. */
    private void tcm(IdType patient, IdType doctor, IdType nurse) {
        IdType encounter = create(new Encounter()
                .setStatus(Encounter.EncounterStatus.FINISHED)
                .setClass_(new Coding(CodeSystems.V3_ACT_CODE, "IMP", null))
                .setSubject(new Reference(patient)));
        EpisodeOfCare episode = new EpisodeOfCare();
        episode.addIdentifier()
                .setSystem("https://careflow.dev/fhir/tcm-episode")
                .setValue(encounter.getIdPart());
        episode.setStatus(EpisodeOfCare.EpisodeOfCareStatus.ACTIVE);
        episode.addType(new CodeableConcept(new Coding(CodeSystems.CARE_PROGRAMME, "tcm", null)));
        episode.setPatient(new Reference(patient));
        LocalDate discharge = month.atDay(1);
        episode.setPeriod(new Period()
                .setStartElement(new DateTimeType(discharge.toString()))
                .setEndElement(new DateTimeType(discharge.plusDays(29).toString())));
        episode.setCareManager(new Reference(doctor));
        create(episode);
        done(patient, nurse, 2, 10, "tcm-interactive-contact", encounter);
        done(patient, nurse, 5, 20, "medication-reconciliation", encounter);
        done(patient, doctor, 5, 40, "tcm-face-to-face-visit", encounter);
        done(patient, nurse, 6, 15, "follow-up-call", encounter);
    }

    /** POSTs {@code $billing-summary} (it writes ChargeItems, so GET is not allowed) for a month. */
    private io.restassured.response.Response post(IdType practitioner, String month) {
        return fhir().body("{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"month\",\"valueString\":\""
                        + month + "\"}]}")
                .post("/Practitioner/" + practitioner.getIdPart() + "/$billing-summary");
    }

    private Parameters summary(IdType practitioner) {
        String body = post(practitioner, month.toString())
                .then()
                .statusCode(200)
                .extract()
                .asString();
        return parse(Parameters.class, body);
    }

    private static Parameters.ParametersParameterComponent patientPart(Parameters summary) {
        return summary.getParameter().get(1).getPart().stream()
                .filter(p -> p.getName().equals("patient"))
                .findFirst()
                .orElseThrow();
    }

    private static List<String> parts(Parameters.ParametersParameterComponent patient, String name) {
        return patient.getPart().stream()
                .filter(p -> p.getName().equals(name))
                .map(p -> p.hasValue()
                        ? p.getValue().primitiveValue()
                        : ((Coding) p.getPart().get(0).getValue()).getCode())
                .toList();
    }

    private List<ChargeItem> chargeItems(IdType patient) {
        return client
                .search()
                .forResource(ChargeItem.class)
                .where(ChargeItem.SUBJECT.hasId(patient))
                .returnBundle(Bundle.class)
                .execute()
                .getEntry()
                .stream()
                .map(e -> (ChargeItem) e.getResource())
                .toList();
    }

    @Test
    void fortyFiveMinutesOfCcm_andATcmEpisode_bill99490_99439_andTcm_onceAndIdempotently() {
        IdType patient = createPatient("Billing");
        IdType doctor = practitioner("Doctor");
        IdType nurse = practitioner("Nurse");
        episode(patient, "ccm", doctor, true);
        tcm(patient, doctor, nurse);
        done(patient, nurse, 10, 25, "follow-up-call", null);
        done(patient, nurse, 12, 20, "follow-up-call", null);

        Parameters.ParametersParameterComponent billed = patientPart(summary(doctor));

        assertThat(parts(billed, "code")).containsExactlyInAnyOrder("99490", "99439", "99496");
        assertThat(parts(billed, "tcmMinutes")).containsExactly("85");
        assertThat(parts(billed, "shortfall")).contains("ccm: 15 minutes short of another 99439");
        List<ChargeItem> stored = chargeItems(patient);
        assertThat(stored).hasSize(3).allMatch(c -> c.getStatus() == ChargeItem.ChargeItemStatus.BILLABLE);
        assertThat(stored)
                .filteredOn(c -> c.getCode().getCodingFirstRep().getCode().equals("99490"))
                .singleElement()
                .satisfies(c -> assertThat(c.getSupportingInformation()).hasSize(2));

        summary(doctor);

        assertThat(chargeItems(patient))
                .extracting(c -> c.getIdElement().toUnqualifiedVersionless().getValue())
                .containsExactlyInAnyOrderElementsOf(stored.stream()
                        .map(c -> c.getIdElement().toUnqualifiedVersionless().getValue())
                        .toList());
    }

    @Test
    void nineteenMinutes_earnNothing_andSayOneMinuteShort_andWithoutConsentNothingIsBilled() {
        IdType doctor = practitioner("Doctor");
        IdType nurse = practitioner("Nurse");
        IdType shortPatient = createPatient("Short");
        episode(shortPatient, "ccm", doctor, true);
        done(shortPatient, nurse, 10, 19, "follow-up-call", null);
        IdType unconsented = createPatient("Unconsented");
        episode(unconsented, "ccm", practitioner("Other"), false);
        done(unconsented, nurse, 10, 45, "follow-up-call", null);

        Parameters.ParametersParameterComponent billed = patientPart(summary(doctor));

        assertThat(parts(billed, "code")).isEmpty();
        assertThat(parts(billed, "shortfall")).containsExactly("ccm: 1 minute short of 99490");
        assertThat(chargeItems(shortPatient)).isEmpty();
        IdType other = new IdType(episodeBiller(unconsented));
        Parameters.ParametersParameterComponent refused = patientPart(summary(other));
        assertThat(parts(refused, "code")).isEmpty();
        assertThat(parts(refused, "shortfall").get(0)).contains("no active consent");
        assertThat(chargeItems(unconsented)).isEmpty();
    }

    private String episodeBiller(IdType patient) {
        EpisodeOfCare episode = (EpisodeOfCare) client.search()
                .forResource(EpisodeOfCare.class)
                .where(EpisodeOfCare.PATIENT.hasId(patient))
                .returnBundle(Bundle.class)
                .execute()
                .getEntryFirstRep()
                .getResource();
        return ((Reference) episode.getExtensionByUrl(Extensions.BILLING_PRACTITIONER)
                        .getValue())
                .getReference();
    }

    @Test
    void aMalformedOrFutureMonth_is400NamingIt() {
        IdType doctor = practitioner("Doctor");
        post(doctor, "October").then().statusCode(400).body("issue[0].diagnostics", containsString("YYYY-MM"));
        post(doctor, YearMonth.now(ZONE).plusMonths(2).toString())
                .then()
                .statusCode(400)
                .body("issue[0].diagnostics", containsString("in the future"));
        fhir().get("/Practitioner/" + doctor.getIdPart() + "/$billing-summary?month=" + month)
                .then()
                .statusCode(405);
    }

    @Test
    void thePlanOfCareDocument_rendersItsSections_withANarrative() {
        IdType patient = createPatient("Document");
        IdType manager = practitioner("Manager");
        IdType condition = create(new Condition()
                .setCode(new CodeableConcept().setText("Heart failure"))
                .setSubject(new Reference(patient)));
        IdType goal = create(new Goal()
                .setLifecycleStatus(Goal.GoalLifecycleStatus.ACTIVE)
                .setDescription(new CodeableConcept().setText("Walk 30 minutes a day"))
                .setSubject(new Reference(patient)));
        CareTeam team = new CareTeam().setStatus(CareTeam.CareTeamStatus.ACTIVE).setSubject(new Reference(patient));
        team.addParticipant().setMember(new Reference(manager)).addRole().setText("Care manager");
        IdType teamId = create(team);
        CarePlan plan = new CarePlan()
                .setStatus(CarePlan.CarePlanStatus.ACTIVE)
                .setIntent(CarePlan.CarePlanIntent.PLAN)
                .setTitle("Heart failure plan")
                .setSubject(new Reference(patient));
        plan.addAddresses(new Reference(condition));
        plan.addGoal(new Reference(goal));
        plan.addCareTeam(new Reference(teamId));
        plan.addActivity().getDetail().setDescription("Weigh yourself every morning");
        IdType planId = create(plan);

        Bundle document = parse(
                Bundle.class,
                fhir().get("/CarePlan/" + planId.getIdPart() + "/$document")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());

        assertThat(document.getType()).isEqualTo(Bundle.BundleType.DOCUMENT);
        Composition composition = (Composition) document.getEntryFirstRep().getResource();
        assertThat(composition.getSection()).hasSize(5);
        assertThat(composition.getText().getDivAsString())
                .contains("Heart failure plan", "Walk 30 minutes a day", "Heart failure", "Weigh yourself")
                .contains("Care manager", "+1 555 0100");
        assertThat(document.getEntry()).hasSize(7);
        fhir().get("/CarePlan/no-such-plan/$document").then().statusCode(404);
    }
}
