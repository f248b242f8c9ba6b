package dev.careflow.programs.enrolment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import dev.careflow.CareflowIT;
import dev.careflow.vocabulary.CodeSystems;
import dev.careflow.vocabulary.Extensions;
import java.time.Instant;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Coverage;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.EpisodeOfCare.EpisodeOfCareStatus;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * {@code $eligibility}, {@code $enrol} and {@code $withdraw} over HTTP. Until the registries are kept by the server
 * the test puts its patients into the registry Groups itself (the Groups' shape: fixed ids, members with
 * registry-evidence), keeping whatever members they have.
 */
class EnrolmentIT extends CareflowIT {

    @Autowired
    private EndedEpisodes endedEpisodes;

    private IdType practitioner(String family) {
        return (IdType) client.create()
                .resource(new Practitioner().addName(new HumanName().setFamily(family)))
                .execute()
                .getId()
                .toUnqualifiedVersionless();
    }

    /** A patient with a general practitioner, in the chronic registries with as many categories as given. */
    private IdType chronicPatient(IdType gp, String... categories) {
        IdType patient = createPatient("Programmes");
        Patient stored = client.read().resource(Patient.class).withId(patient).execute();
        stored.addGeneralPractitioner(new Reference(gp));
        client.update().resource(stored).execute();
        join("registry-chronic-1", patient, categories);
        if (categories.length >= 2) {
            join("registry-mcc-2", patient, categories);
        }
        if (categories.length >= 3) {
            join("registry-mcc-3", patient, categories);
        }
        return patient;
    }

    private void join(String registry, IdType patient, String... categories) {
        Group group;
        try {
            group = client.read().resource(Group.class).withId(registry).execute();
        } catch (ResourceNotFoundException e) {
            group = new Group().setType(Group.GroupType.PERSON).setActual(true);
            group.setId(registry);
            group.setCode(new CodeableConcept(new Coding(
                    "https://careflow.dev/fhir/CodeSystem/care-registry",
                    registry.substring("registry-".length()),
                    null)));
        }
        Group.GroupMemberComponent member = group.addMember().setEntity(new Reference(patient));
        for (String category : categories) {
            Extension evidence = member.addExtension().setUrl(Extensions.REGISTRY_EVIDENCE);
            evidence.addExtension("reason", new CodeableConcept().setText(category));
            evidence.addExtension("detail", new Reference(patient));
        }
        client.update().resource(group).execute();
    }

    private void qmb(IdType patient) {
        Coverage coverage = new Coverage().setStatus(Coverage.CoverageStatus.ACTIVE);
        coverage.setBeneficiary(new Reference(patient));
        coverage.addPayor().setDisplay("Medicare");
        coverage.addClass_()
                .setType(new CodeableConcept(new Coding(CodeSystems.COVERAGE_CLASS, "subplan", null)))
                .setValue("02")
                .setName("QMB plus full Medicaid");
        client.create().resource(coverage).execute();
    }

    private static Parameters enrolment(String programme, IdType billing, boolean consent) {
        Parameters parameters = new Parameters();
        parameters.addParameter("programme", new CodeType(programme));
        if (consent) {
            parameters.addParameter("consent-method", new CodeType("verbal"));
            parameters.addParameter("consent-date", new DateTimeType("2026-01-05"));
        }
        parameters.addParameter("billing-practitioner", new Reference(billing));
        parameters.addParameter("start", new DateType("2026-01-05"));
        return parameters;
    }

    private io.restassured.response.ValidatableResponse enrol(IdType patient, Parameters parameters) {
        return fhir().body(json(parameters))
                .post("/Patient/" + patient.getIdPart() + "/$enrol")
                .then();
    }

    private int count(Class<? extends org.hl7.fhir.r4.model.Resource> type, IdType patient) {
        return client.search()
                .forResource(type)
                .where(new ca.uhn.fhir.rest.gclient.ReferenceClientParam("patient").hasId(patient))
                .returnBundle(Bundle.class)
                .execute()
                .getEntry()
                .size();
    }

    private Parameters.ParametersParameterComponent programme(Parameters answer, String code) {
        return answer.getParameter().stream()
                .filter(p -> ((Coding) p.getPart().get(0).getValue()).getCode().equals(code))
                .findFirst()
                .orElseThrow();
    }

    private Parameters eligibility(IdType patient) {
        return parse(
                Parameters.class,
                fhir().get("/Patient/" + patient.getIdPart() + "/$eligibility")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());
    }

    private static List<String> parts(Parameters.ParametersParameterComponent programme, String name) {
        return programme.getPart().stream()
                .filter(p -> p.getName().equals(name))
                .map(p -> p.getValue() instanceof Reference r
                        ? r.getReference()
                        : p.getValue() instanceof Coding c
                                ? c.getCode()
                                : p.getValue().primitiveValue())
                .toList();
    }

    @Test
    void eligibility_namesReasonsAndRegistries_andApcmLevelFollowsCoverage() {
        IdType gp = practitioner("Primary");
        IdType patient = chronicPatient(gp, "Diabetes", "Heart failure");

        Parameters before = eligibility(patient);
        assertThat(parts(programme(before, "ccm"), "eligible")).containsExactly("true");
        assertThat(parts(programme(before, "ccm"), "reason").get(0)).contains("2 chronic-condition categories");
        assertThat(parts(programme(before, "ccm"), "evidence"))
                .contains("Group/registry-chronic-1", "Group/registry-mcc-2");
        assertThat(parts(programme(before, "complex-ccm"), "eligible")).containsExactly("false");
        assertThat(parts(programme(before, "apcm"), "level")).containsExactly("G0557");

        qmb(patient);
        assertThat(parts(programme(eligibility(patient), "apcm"), "level")).containsExactly("G0558");
    }

    @Test
    void enrolmentWithoutConsent_isRefused_andStoresNothing() {
        IdType gp = practitioner("Primary");
        IdType patient = chronicPatient(gp, "Diabetes", "COPD");

        enrol(patient, enrolment("ccm", gp, false)).statusCode(422).body(containsString("no consent"));

        assertThat(count(EpisodeOfCare.class, patient)).isZero();
        assertThat(count(Consent.class, patient)).isZero();
    }

    @Test
    void ccmAndPcm_bySamePractitioner_isRefused_andAReplayStoresNothingTwice() {
        IdType gp = practitioner("Primary");
        IdType patient = chronicPatient(gp, "Diabetes", "COPD");

        String first = enrol(patient, enrolment("ccm", gp, true))
                .statusCode(200)
                .extract()
                .path("id");
        String replay = enrol(patient, enrolment("ccm", gp, true))
                .statusCode(200)
                .extract()
                .path("id");
        assertThat(replay).isEqualTo(first);
        assertThat(count(EpisodeOfCare.class, patient)).isEqualTo(1);
        assertThat(count(Consent.class, patient)).isEqualTo(1);

        enrol(patient, enrolment("pcm", gp, true))
                .statusCode(422)
                .body(containsString("pcm and ccm"), containsString("same calendar month"));
        assertThat(count(EpisodeOfCare.class, patient)).isEqualTo(1);
    }

    @Test
    void withdrawal_endsEpisodeAndConsentAtTheEndOfTheMonth() {
        clock.setInstant(Instant.parse("2026-02-10T15:00:00Z"));
        IdType gp = practitioner("Primary");
        IdType patient = chronicPatient(gp, "Diabetes", "COPD");
        enrol(patient, enrolment("ccm", gp, true)).statusCode(200);

        Parameters withdraw = new Parameters();
        withdraw.addParameter("programme", new CodeType("ccm"));
        withdraw.addParameter("reason", new StringType("Patient moved away"));
        EpisodeOfCare episode = parse(
                EpisodeOfCare.class,
                fhir().body(json(withdraw))
                        .post("/Patient/" + patient.getIdPart() + "/$withdraw")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());

        assertThat(episode.getPeriod().getEndElement().getValueAsString()).isEqualTo("2026-02-28");
        Reference consentReference = (Reference)
                episode.getExtensionByUrl(Extensions.PROGRAMME_CONSENT).getValue();
        Consent consent = client.read()
                .resource(Consent.class)
                .withId(consentReference.getReferenceElement())
                .execute();
        assertThat(consent.getProvision().getPeriod().getEndElement().getValueAsString())
                .isEqualTo("2026-02-28");
        Bundle provenances = client.search()
                .forResource(Provenance.class)
                .where(Provenance.TARGET.hasId(episode.getIdElement().toUnqualifiedVersionless()))
                .returnBundle(Bundle.class)
                .execute();
        assertThat(provenances.getEntry()).anySatisfy(e -> assertThat(
                        ((Provenance) e.getResource()).getReasonFirstRep().getText())
                .contains("Patient moved away"));

        endedEpisodes.finish();
        assertThat(read(episode).getStatus()).as("still the last day").isEqualTo(EpisodeOfCareStatus.ACTIVE);
        clock.setInstant(Instant.parse("2026-03-01T12:00:00Z"));
        endedEpisodes.finish();
        assertThat(read(episode).getStatus()).as("the month after").isEqualTo(EpisodeOfCareStatus.FINISHED);
    }

    private EpisodeOfCare read(EpisodeOfCare episode) {
        return client.read()
                .resource(EpisodeOfCare.class)
                .withId(episode.getIdElement().toUnqualifiedVersionless())
                .execute();
    }
}
