package dev.careflow.populations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.careflow.CareflowIT;
import dev.careflow.vocabulary.CodeSystems;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

/** Registries kept current by writes, over HTTP on PostgreSQL: joining, leaving, searching, racing, $stratify. */
class RegistryIT extends CareflowIT {

    private static Condition condition(IdType patient, String icd10) {
        return RegistryWritesData.condition(patient, icd10);
    }

    private static final String EMPTY = "{\"resourceType\":\"Parameters\"}";

    private IdType create(IBaseResource resource) {
        return (IdType) client.create().resource(resource).execute().getId().toUnqualifiedVersionless();
    }

    private IdType phq9(IdType patient, int total) {
        return create(RegistryWritesData.phq9(patient, total));
    }

    private Group registry(Registry registry) {
        return client.read().resource(Group.class).withId(registry.groupId()).execute();
    }

    private boolean isMember(Registry registry, IdType patient) {
        return RegistryGroups.member(registry(registry), patient.getValue()).isPresent();
    }

    /** The registries {@code GET Group?member=Patient/x} answers. */
    private List<String> registriesOf(IdType patient) {
        Bundle found = client.search()
                .forResource(Group.class)
                .where(Group.MEMBER.hasId(patient.getValue()))
                .returnBundle(Bundle.class)
                .execute();
        return found.getEntry().stream()
                .map(e -> e.getResource().getIdElement().getIdPart())
                .sorted()
                .toList();
    }

    @Test
    void threeChronicConditions_joinMcc3WithTheThird_andLeaveWhenOneIsResolved() {
        IdType patient = createPatient("Registry");
        create(condition(patient, "E11.9"));
        create(condition(patient, "I10"));
        assertThat(registriesOf(patient)).containsExactly("registry-chronic-1", "registry-mcc-2");
        assertThat(isMember(Registry.MCC_3, patient)).isFalse();

        IdType copd = create(condition(patient, "J44.9"));

        assertThat(registriesOf(patient)).containsExactly("registry-chronic-1", "registry-mcc-2", "registry-mcc-3");
        Group mcc3 = registry(Registry.MCC_3);
        assertThat(mcc3.getCode().hasCoding(Registry.CODE_SYSTEM, "mcc-3")).isTrue();
        Group.GroupMemberComponent member =
                RegistryGroups.member(mcc3, patient.getValue()).orElseThrow();
        assertThat(member.getPeriod().hasStart()).isTrue();
        assertThat(RegistryGroups.evidence(member).stream().map(e -> e.reason().getCode()))
                .containsExactlyInAnyOrder("diabetes", "hypertension", "copd");
        assertThat(RegistryGroups.evidence(member).stream().map(Evidence::detail))
                .contains(copd.getValue());

        Condition resolved =
                client.read().resource(Condition.class).withId(copd).execute();
        resolved.setClinicalStatus(new CodeableConcept(new Coding(CodeSystems.CONDITION_CLINICAL, "resolved", null)));
        client.update().resource(resolved).execute();

        assertThat(registriesOf(patient)).containsExactly("registry-chronic-1", "registry-mcc-2");
        assertThat(isMember(Registry.MCC_3, patient)).isFalse();
    }

    @Test
    void twoPatientsWritingAtOnce_bothJoin() throws Exception {
        List<IdType> patients = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            IdType patient = createPatient("Racer" + i);
            create(condition(patient, "E11.9"));
            create(condition(patient, "I10"));
            patients.add(patient);
        }
        ExecutorService pool = Executors.newFixedThreadPool(patients.size());
        try {
            List<Future<IdType>> writes = new ArrayList<>();
            for (IdType patient : patients) {
                Callable<IdType> third = () -> create(condition(patient, "N18.3"));
                writes.add(pool.submit(third));
            }
            for (Future<IdType> write : writes) {
                write.get();
            }
        } finally {
            pool.shutdown();
        }
        Group mcc3 = registry(Registry.MCC_3);
        for (IdType patient : patients) {
            assertThat(RegistryGroups.member(mcc3, patient.getValue()))
                    .as(patient.getValue())
                    .isPresent();
        }
        assertThat(mcc3.getQuantity()).isEqualTo(mcc3.getMember().size());
    }

    @Test
    void stratify_recomputesARegistry_andAnswersTiers_unknownGroupIs404() {
        IdType patient = createPatient("Stratified");
        IdType score = phq9(patient, 22);
        assertThat(isMember(Registry.BEHAVIOURAL_HEALTH, patient)).isTrue();

        Parameters answer = parse(
                Parameters.class,
                fhir().body(EMPTY)
                        .post("/Group/registry-behavioural-health/$stratify")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());

        Parameters.ParametersParameterComponent mine = answer.getParameter().stream()
                .filter(p -> patient.getValue().equals(((Reference) part(p, "patient")).getReference()))
                .findFirst()
                .orElseThrow();
        assertThat(((Coding) part(mine, "tier")).getCode()).isEqualTo("high");
        String assessment = ((Reference) part(mine, "riskAssessment")).getReference();
        org.hl7.fhir.r4.model.RiskAssessment tier = client.read()
                .resource(org.hl7.fhir.r4.model.RiskAssessment.class)
                .withId(assessment)
                .execute();
        assertThat(tier.getMethod().hasCoding(Scores.RISK_METHOD, "care-tier")).isTrue();
        assertThat(tier.getBasis().stream().map(Reference::getReference))
                .contains("Group/registry-behavioural-health", score.getValue());

        fhir().body(EMPTY).post("/Group/no-such-group/$stratify").then().statusCode(404);
    }

    @Test
    void aFinishedStayWithItsLabs_isScoredWithHospital_andJoinsHighReadmissionRisk() {
        IdType patient = createPatient("Hospital");
        for (Observation lab : List.of(
                HospitalScoreTest.lab("hb", "718-7", 11, "g/dL", "2026-11-06T06:00:00Z"),
                HospitalScoreTest.lab("na", "2951-2", 130, "mmol/L", "2026-11-06T06:00:00Z"))) {
            lab.setId((String) null);
            lab.setSubject(new Reference(patient));
            create(lab);
        }
        org.hl7.fhir.r4.model.Encounter stay = HospitalScoreTest.stay();
        stay.setId((String) null);
        stay.setSubject(new Reference(patient));

        create(stay);

        Bundle scores = client.search()
                .forResource(org.hl7.fhir.r4.model.RiskAssessment.class)
                .where(org.hl7.fhir.r4.model.RiskAssessment.SUBJECT.hasId(patient.getValue()))
                .and(org.hl7.fhir.r4.model.RiskAssessment.METHOD
                        .exactly()
                        .systemAndCode(Scores.RISK_METHOD, "hospital-score"))
                .returnBundle(Bundle.class)
                .execute();
        assertThat(scores.getEntry()).hasSize(1);
        assertThat(Scores.total((org.hl7.fhir.r4.model.RiskAssessment)
                        scores.getEntryFirstRep().getResource()))
                .hasValue(7);
        assertThat(registriesOf(patient)).containsExactly("registry-high-readmission-risk");
    }

    @Test
    void caseload_showsTiers_andSortsByRisk() {
        IdType manager = create(new Practitioner().addName(new org.hl7.fhir.r4.model.HumanName().setFamily("Mgr")));
        IdType low = createPatient("Aaron");
        IdType high = createPatient("Zed");
        for (IdType patient : List.of(low, high)) {
            CareTeam team = new CareTeam();
            team.setStatus(CareTeam.CareTeamStatus.ACTIVE);
            team.setSubject(new Reference(patient));
            team.addParticipant()
                    .addRole(new CodeableConcept(
                            new Coding("https://careflow.dev/fhir/CodeSystem/care-team-role", "care-manager", null)))
                    .setMember(new Reference(manager));
            create(team);
        }
        phq9(high, 21);

        Parameters byRisk = parse(
                Parameters.class,
                fhir().get("/Practitioner/" + manager.getIdPart() + "/$caseload?sort=risk")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());

        assertThat(byRisk.getParameter())
                .extracting(p ->
                        ((Reference) part(p, "patient")).getReference() + " " + ((Coding) part(p, "tier")).getCode())
                .containsExactly(high.getValue() + " high", low.getValue() + " low");
        fhir().get("/Practitioner/" + manager.getIdPart() + "/$caseload?sort=age")
                .then()
                .statusCode(400);
    }

    private static org.hl7.fhir.r4.model.Type part(Parameters.ParametersParameterComponent parameter, String name) {
        return parameter.getPart().stream()
                .filter(p -> p.getName().equals(name))
                .findFirst()
                .orElseThrow()
                .getValue();
    }
}
