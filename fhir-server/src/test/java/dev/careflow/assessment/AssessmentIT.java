package dev.careflow.assessment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import dev.careflow.CareflowIT;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

/** From a completed screening to its Observations and health concerns (Gravity), corrections, and $extract. */
class AssessmentIT extends CareflowIT {

    private static final String BASE = "https://careflow.dev/fhir/Questionnaire/";

    private Questionnaire questionnaire(String id) {
        return (Questionnaire) client.search()
                .byUrl("Questionnaire?url=" + BASE + id)
                .returnBundle(Bundle.class)
                .execute()
                .getEntryFirstRep()
                .getResource();
    }

    private QuestionnaireResponse response(String id, IdType patient, Map<String, String> answers) {
        Questionnaire questionnaire = questionnaire(id);
        QuestionnaireResponse response = new QuestionnaireResponse();
        response.setIdentifier(
                new org.hl7.fhir.r4.model.Identifier().setSystem(TEST_SYSTEM).setValue(unique()));
        response.setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED);
        response.setQuestionnaire(BASE + id);
        response.setSubject(new Reference(patient));
        response.setAuthoredElement(new org.hl7.fhir.r4.model.DateTimeType("2026-11-20T10:00:00-05:00"));
        for (Questionnaire.QuestionnaireItemComponent item : questionnaire.getItem()) {
            String code = answers.get(item.getLinkId());
            if (code == null) {
                continue;
            }
            Coding option = item.getAnswerOption().stream()
                    .map(o -> (Coding) o.getValue())
                    .filter(c -> c.getCode().equals(code))
                    .findFirst()
                    .orElseThrow();
            response.addItem()
                    .setLinkId(item.getLinkId())
                    .addAnswer()
                    .setValue(new Coding(option.getSystem(), option.getCode(), option.getDisplay()));
        }
        return response;
    }

    private IdType store(QuestionnaireResponse response) {
        return (IdType) client.create().resource(response).execute().getId().toUnqualifiedVersionless();
    }

    private List<Observation> observations(IdType response) {
        return client
                .search()
                .forResource(Observation.class)
                .where(Observation.DERIVED_FROM.hasId(response))
                .returnBundle(Bundle.class)
                .execute()
                .getEntry()
                .stream()
                .map(e -> (Observation) e.getResource())
                .toList();
    }

    private List<Condition> concerns(IdType patient) {
        return client
                .search()
                .forResource(Condition.class)
                .where(Condition.PATIENT.hasId(patient))
                .and(Condition.CATEGORY.exactly().code("health-concern"))
                .returnBundle(Bundle.class)
                .execute()
                .getEntry()
                .stream()
                .map(e -> (Condition) e.getResource())
                .toList();
    }

    private static Observation withCode(List<Observation> observations, String code) {
        return observations.stream()
                .filter(o -> o.getCode().getCodingFirstRep().getCode().equals(code))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no Observation " + code));
    }

    private static String id(org.hl7.fhir.r4.model.Resource resource) {
        return resource.getIdElement().toUnqualifiedVersionless().getValue();
    }

    @Test
    void aPositiveHungerVitalSign_becomesObservationsAndAFoodInsecurityConcern_andItsCorrectionRetiresIt() {
        IdType patient = createPatient("Screened");
        IdType response =
                store(response("hunger-vital-sign", patient, Map.of("hvs-1", "LA6729-3", "hvs-2", "LA28398-8")));

        List<Observation> observations = observations(response);
        assertThat(observations).hasSize(4);
        for (Observation observation : observations) {
            assertThat(observation.getSubject().getReference()).isEqualTo(patient.getValue());
            assertThat(observation.getCategory())
                    .extracting(c -> c.getCodingFirstRep().getCode())
                    .containsExactly("survey", "sdoh");
            assertThat(observation.getEffectiveDateTimeType().getValueAsString())
                    .isEqualTo("2026-11-20T10:00:00-05:00");
        }
        Observation worried = withCode(observations, "88122-7");
        assertThat(worried.getValueCodeableConcept().getCodingFirstRep().getCode())
                .isEqualTo("LA6729-3");
        Observation result = withCode(observations, "88124-3");
        assertThat(result.getValueCodeableConcept().getCodingFirstRep().getCode())
                .isEqualTo("LA19952-3");
        Observation panel = withCode(observations, "88121-9");
        assertThat(panel.getHasMember())
                .extracting(Reference::getReference)
                .containsExactlyInAnyOrder(id(worried), id(withCode(observations, "88123-5")), id(result));

        List<Condition> concerns = concerns(patient);
        assertThat(concerns).hasSize(1);
        Condition food = concerns.get(0);
        assertThat(food.getCode().getCoding())
                .extracting(c -> c.getSystem() + "|" + c.getCode())
                .contains("http://hl7.org/fhir/sid/icd-10-cm|Z59.41");
        assertThat(food.getCategory())
                .extracting(c -> c.getCodingFirstRep().getCode())
                .contains("health-concern", "sdoh", "food-insecurity");
        assertThat(food.getClinicalStatus().getCodingFirstRep().getCode()).isEqualTo("active");
        assertThat(food.getEvidenceFirstRep().getDetail())
                .extracting(Reference::getReference)
                .containsExactlyInAnyOrder(id(worried), id(result));

        // Corrected: both answers "never true". The same Observations change; the concern is retired, not deleted.
        QuestionnaireResponse corrected = client.read()
                .resource(QuestionnaireResponse.class)
                .withId(response)
                .execute();
        corrected.setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.AMENDED);
        corrected
                .getItem()
                .get(0)
                .getAnswerFirstRep()
                .setValue(new Coding("http://loinc.org", "LA28398-8", "Never true"));
        client.update().resource(corrected).execute();

        List<Observation> after = observations(response);
        assertThat(after)
                .extracting(AssessmentIT::id)
                .containsExactlyInAnyOrderElementsOf(
                        observations.stream().map(AssessmentIT::id).toList());
        assertThat(withCode(after, "88122-7")
                        .getValueCodeableConcept()
                        .getCodingFirstRep()
                        .getCode())
                .isEqualTo("LA28398-8");
        assertThat(withCode(after, "88124-3")
                        .getValueCodeableConcept()
                        .getCodingFirstRep()
                        .getCode())
                .isEqualTo("LA19983-8");
        Condition retired = concerns(patient).get(0);
        assertThat(id(retired)).isEqualTo(id(food));
        assertThat(retired.getVerificationStatus().getCodingFirstRep().getCode())
                .isEqualTo("entered-in-error");
        assertThat(retired.hasClinicalStatus()).isFalse();
        assertThat(concerns(patient)).hasSize(1);
    }

    private static List<Condition> active(List<Condition> concerns) {
        return concerns.stream()
                .filter(c -> c.getClinicalStatus()
                        .hasCoding("http://terminology.hl7.org/CodeSystem/condition-clinical", "active"))
                .toList();
    }

    @Test
    void
            foodInsecurityOnTwoInstrumentsTheSameDay_isOneConcernWithTheEvidenceOfBoth_andACorrectionTakesBackOnlyItsOwn() {
        IdType patient = createPatient("Screened");
        IdType hvs = store(response("hunger-vital-sign", patient, Map.of("hvs-1", "LA6729-3", "hvs-2", "LA28398-8")));
        Map<String, String> ahcAnswers = new LinkedHashMap<>(Map.of(
                "ahc-housing", "LA31993-1",
                "ahc-housing-quality", "LA9-3",
                "ahc-food-1", "LA28397-0",
                "ahc-food-2", "LA28398-8",
                "ahc-transportation", "LA32-8",
                "ahc-utilities", "LA32-8",
                "ahc-safety-hurt", "LA6270-8",
                "ahc-safety-insult", "LA6270-8",
                "ahc-safety-threaten", "LA6270-8",
                "ahc-safety-scream", "LA6270-8"));
        QuestionnaireResponse ahcResponse = response("ahc-hrsn", patient, ahcAnswers);
        IdType ahc = store(ahcResponse);

        List<Condition> concerns = active(concerns(patient));
        assertThat(concerns).singleElement().satisfies(c -> {
            assertThat(c.getCode().getCodingFirstRep().getCode()).isEqualTo("Z59.41");
            List<String> evidence = c.getEvidence().stream()
                    .flatMap(e -> e.getDetail().stream())
                    .map(Reference::getReference)
                    .toList();
            assertThat(evidence).contains(id(withCode(observations(hvs), "88124-3")));
            assertThat(evidence).contains(id(withCode(observations(ahc), "88122-7")));
            assertThat(c.getIdentifier()).hasSize(2);
        });

        // The AHC HRSN corrected: no food need after all. The concern stays, with the HVS's evidence only.
        ahcAnswers.put("ahc-food-1", "LA28398-8");
        QuestionnaireResponse corrected = response("ahc-hrsn", patient, ahcAnswers);
        corrected.setId(ahc);
        corrected.setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.AMENDED);
        client.update().resource(corrected).execute();
        assertThat(active(concerns(patient))).singleElement().satisfies(c -> {
            assertThat(c.getIdentifier()).hasSize(1);
            assertThat(c.getEvidence().stream()
                            .flatMap(e -> e.getDetail().stream())
                            .map(Reference::getReference))
                    .contains(id(withCode(observations(hvs), "88124-3")))
                    .noneMatch(r -> observations(ahc).stream().anyMatch(o -> id(o).equals(r)));
        });
    }

    @Test
    void aPhq9OfTwelve_givesItsTotalBandAndADepressionConcern() {
        IdType patient = createPatient("Screened");
        Map<String, String> answers = new LinkedHashMap<>();
        String[] points = {
            "LA6571-9", "LA6571-9", "LA6571-9", "LA6571-9", "LA6568-5", "LA6568-5", "LA6568-5", "LA6568-5", "LA6568-5"
        };
        for (int i = 0; i < 9; i++) {
            answers.put("phq9-" + (i + 1), points[i]);
        }
        IdType response = store(response("phq-9", patient, answers));

        List<Observation> observations = observations(response);
        Observation total = withCode(observations, "44261-6");
        assertThat(((IntegerType) total.getValue()).getValue()).isEqualTo(12);
        assertThat(total.getInterpretationFirstRep().getText()).isEqualTo("moderate");
        assertThat(total.getCategory())
                .extracting(c -> c.getCodingFirstRep().getCode())
                .containsExactly("survey");
        assertThat(concerns(patient)).singleElement().satisfies(c -> assertThat(
                        c.getCode().getCodingFirstRep().getCode())
                .isEqualTo("F32.A"));
    }

    @Test
    void anIncompleteResponse_is422AndNothingIsStored() {
        IdType patient = createPatient("Screened");
        QuestionnaireResponse incomplete = response("hunger-vital-sign", patient, Map.of("hvs-1", "LA6729-3"));
        String identifier = incomplete.getIdentifier().getValue();

        fhir().body(json(incomplete))
                .post("/QuestionnaireResponse")
                .then()
                .statusCode(422)
                .body("resourceType", org.hamcrest.Matchers.equalTo("OperationOutcome"))
                .body("issue[0].diagnostics", containsString("hvs-2"));

        assertThat(client.search()
                        .forResource(QuestionnaireResponse.class)
                        .where(QuestionnaireResponse.IDENTIFIER.exactly().systemAndIdentifier(TEST_SYSTEM, identifier))
                        .returnBundle(Bundle.class)
                        .execute()
                        .getEntry())
                .isEmpty();
        assertThat(concerns(patient)).isEmpty();
    }

    @Test
    void extract_returnsTheDerivedResourcesAsATransaction_storingNothing() {
        IdType patient = createPatient("Screened");
        IdType response =
                store(response("hunger-vital-sign", patient, Map.of("hvs-1", "LA28397-0", "hvs-2", "LA28397-0")));
        int stored = observations(response).size();

        Bundle extracted = parse(
                Bundle.class,
                fhir().get("/QuestionnaireResponse/" + response.getIdPart() + "/$extract")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());

        assertThat(extracted.getType()).isEqualTo(Bundle.BundleType.TRANSACTION);
        assertThat(extracted.getEntry()).hasSize(stored + 1);
        assertThat(extracted.getEntry())
                .allSatisfy(e -> assertThat(e.getRequest().getUrl()).contains("?identifier="));
        Condition concern = extracted.getEntry().stream()
                .map(Bundle.BundleEntryComponent::getResource)
                .filter(Condition.class::isInstance)
                .map(Condition.class::cast)
                .findFirst()
                .orElseThrow();
        assertThat(concern.getEvidenceFirstRep().getDetail())
                .allSatisfy(r -> assertThat(r.getReference()).startsWith("urn:uuid:"));
        assertThat(observations(response)).hasSize(stored);
        assertThat(concerns(patient)).hasSize(1);

        // Type level, an unstored response.
        Parameters in = new Parameters();
        in.addParameter()
                .setName("questionnaire-response")
                .setResource(response(
                        "gad-7",
                        patient,
                        Map.of(
                                "gad7-1",
                                "LA6568-5",
                                "gad7-2",
                                "LA6568-5",
                                "gad7-3",
                                "LA6568-5",
                                "gad7-4",
                                "LA6568-5",
                                "gad7-5",
                                "LA6568-5",
                                "gad7-6",
                                "LA6568-5",
                                "gad7-7",
                                "LA6569-3")));
        Bundle unstored = parse(
                Bundle.class,
                fhir().body(json(in))
                        .post("/QuestionnaireResponse/$extract")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());
        assertThat(unstored.getEntry()).hasSize(9);
        assertThat(unstored.getEntry())
                .allSatisfy(e -> assertThat(e.getRequest().getMethod()).isEqualTo(Bundle.HTTPVerb.POST));
    }

    @Test
    void extractingFromAQuestionnaireCareflowDoesNotScore_is422() {
        QuestionnaireResponse other = new QuestionnaireResponse();
        other.setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED);
        other.setQuestionnaire("http://example.org/Questionnaire/unknown");
        other.setSubject(new Reference(createPatient("Screened")));
        Parameters in = new Parameters();
        in.addParameter().setName("questionnaire-response").setResource(other);

        fhir().body(json(in))
                .post("/QuestionnaireResponse/$extract")
                .then()
                .statusCode(422)
                .body("issue[0].diagnostics", containsString("not one Careflow scores"));
    }

    @Test
    void populate_prefillsTheAddress_andLastTimesAnswers() {
        org.hl7.fhir.r4.model.Patient person = new org.hl7.fhir.r4.model.Patient();
        person.addIdentifier().setSystem(TEST_SYSTEM).setValue(unique());
        person.addAddress()
                .addLine("12 Elm St")
                .setCity("Springfield")
                .setState("IL")
                .setPostalCode("62701");
        IdType patient =
                (IdType) client.create().resource(person).execute().getId().toUnqualifiedVersionless();
        store(response("hunger-vital-sign", patient, Map.of("hvs-1", "LA6729-3", "hvs-2", "LA28398-8")));

        QuestionnaireResponse hvs = parse(
                QuestionnaireResponse.class,
                fhir().get("/Questionnaire/"
                                + questionnaire("hunger-vital-sign")
                                        .getIdElement()
                                        .getIdPart() + "/$populate?subject=" + patient.getValue())
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());
        assertThat(hvs.getStatus()).isEqualTo(QuestionnaireResponse.QuestionnaireResponseStatus.INPROGRESS);
        assertThat(hvs.getSubject().getReference()).isEqualTo(patient.getValue());
        assertThat(hvs.getItem())
                .extracting(i -> ((Coding) i.getAnswerFirstRep().getValue()).getCode())
                .containsExactly("LA6729-3", "LA28398-8");

        QuestionnaireResponse prapare = parse(
                QuestionnaireResponse.class,
                fhir().get("/Questionnaire/"
                                + questionnaire("prapare").getIdElement().getIdPart() + "/$populate?subject="
                                + patient.getValue())
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());
        assertThat(prapare.getItem().stream()
                        .filter(i -> i.getLinkId().equals("prapare-zip"))
                        .findFirst()
                        .orElseThrow()
                        .getAnswerFirstRep()
                        .getValue()
                        .primitiveValue())
                .isEqualTo("12 Elm St, Springfield IL 62701");

        fhir().get("/Questionnaire/" + questionnaire("prapare").getIdElement().getIdPart() + "/$populate")
                .then()
                .statusCode(400)
                .body("issue[0].diagnostics", containsString("subject"));
    }
}
