package dev.careflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.careflow.CareflowIT;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Data no one here wrote, stored over HTTP and read back.
 *
 * <p>The R4 specification's examples ({@code hl7.fhir.r4.examples} 4.0.1 from the npm registry, {@link
 * R4ExamplesPackage}) of every type a care-management server receives: each is sent as the specification publishes
 * it, with PUT at its own id (so references between examples, self-references and Bundles' entries keep their
 * meaning; a reference to an example not stored yet gets a placeholder, which the example replaces when it comes),
 * then read back; the answer must equal the sent JSON apart from the server's {@code meta} (versionId, lastUpdated,
 * source). The examples that break the specification's own rules are listed in {@link #REFUSED} with the reason the
 * server gives.
 *
 * <p>The "complete-mock" examples of {@code com.ibm.fhir:fhir-examples} (every element populated) of the core
 * care-management types are created with POST and compared the same way, apart from the server-assigned id.
 */
class FhirExamplesRoundTripIT extends CareflowIT {

    private static final Logger log = LoggerFactory.getLogger(FhirExamplesRoundTripIT.class);

    private static final Set<String> CARE_TYPES = Set.of(
            "Patient",
            "Practitioner",
            "PractitionerRole",
            "Organization",
            "Location",
            "RelatedPerson",
            "CareTeam",
            "CarePlan",
            "Goal",
            "Task",
            "ServiceRequest",
            "Questionnaire",
            "QuestionnaireResponse",
            "Encounter",
            "EpisodeOfCare",
            "Condition",
            "Observation",
            "RiskAssessment",
            "MedicationRequest",
            "MedicationStatement",
            "Medication",
            "AllergyIntolerance",
            "Procedure",
            "Communication",
            "CommunicationRequest",
            "Consent",
            "Flag",
            "List",
            "DocumentReference",
            "Provenance",
            "Coverage",
            "Appointment",
            "Group",
            "Bundle",
            "MessageHeader",
            "PlanDefinition",
            "ActivityDefinition");

    /** Examples that break FHIR R4's own rules: the server refuses them, with an OperationOutcome saying why. */
    private static final Map<String, String> REFUSED = Map.of(
            // dispenseRequest.performer is Reference(Organization); the example names a Practitioner.
            "MedicationRequest/medrx0301",
            "'MedicationRequest.dispenseRequest.performer'. Resource type 'Practitioner' is not valid for this path",
            // performer is Reference(Practitioner | PractitionerRole | Organization | CareTeam | Patient |
            // RelatedPerson); the example names an Encounter.
            "Observation/clinical-gender",
            "'Observation.performer'. Resource type 'Encounter' is not valid for this path");

    /**
     * Not data a care-management server receives: the specification's own definitions (every data element, search
     * parameter, value set...), published as collection Bundles of up to 6,781 entries.
     */
    private static final Set<String> DEFINITIONS = Set.of(
            "Bundle/conceptmaps",
            "Bundle/dataelements",
            "Bundle/extensions",
            "Bundle/profiles-others",
            "Bundle/resources",
            "Bundle/searchParams",
            "Bundle/terminologies",
            "Bundle/types",
            "Bundle/v2-valuesets",
            "Bundle/v3-valuesets",
            "Bundle/valueset-expansions",
            "Bundle/valuesets");

    private static final Set<String> TYPES = Set.of(
            "CarePlan",
            "Goal",
            "Task",
            "ServiceRequest",
            "Questionnaire",
            "QuestionnaireResponse",
            "Encounter",
            "Condition",
            "Patient");

    private static final List<String> FOLDERS = List.of("json/ibm/complete-mock/");

    record Example(String path, Resource resource) {}

    @Test
    void everyCareRelevantR4Example_isStoredAndReadBackUnchanged() {
        List<R4ExamplesPackage.Example> examples = R4ExamplesPackage.examples(CARE_TYPES).stream()
                .filter(example -> !DEFINITIONS.contains(example.key()))
                .toList();
        assertThat(examples).hasSizeGreaterThan(400);

        Map<String, String> failures = new LinkedHashMap<>();
        Map<String, String> refusals = new LinkedHashMap<>();
        for (R4ExamplesPackage.Example example : examples) {
            Response stored = fhir().header("Prefer", "return=minimal")
                    .body(example.json())
                    .put("/" + example.key());
            if (REFUSED.containsKey(example.key())) {
                refusals.put(example.key(), stored.statusCode() + " " + stored.asString());
                continue;
            }
            String failure = stored.statusCode() / 100 != 2
                    ? "PUT answered " + stored.statusCode() + ": " + stored.asString()
                    : readBackDifference(example);
            if (failure != null) {
                log.warn("{}: {}", example.key(), failure);
                failures.put(example.key(), failure);
            }
        }
        log.info(
                "hl7.fhir.r4.examples 4.0.1: {} of {} care-relevant examples stored and read back unchanged,"
                        + " {} refused as invalid",
                examples.size() - REFUSED.size() - failures.size(),
                examples.size(),
                refusals.size());
        refusals.forEach((key, answer) -> log.info("{} refused: {}", key, answer));
        assertThat(failures).as("examples that did not round-trip").isEmpty();
        assertThat(fhir().get("/Bundle?_id=bundle-references").asString())
                .as("a stored Bundle's versioned references, in a search's answer")
                .contains("\"Patient/45/_history/2\"");
        assertThat(fhir().queryParam("_format", "xml")
                        .get("/Bundle/bundle-references")
                        .asString())
                .as("and in XML")
                .contains("\"Patient/45/_history/2\"");
        assertThat(refusals.keySet()).as("refused examples").containsExactlyInAnyOrderElementsOf(REFUSED.keySet());
        refusals.forEach((key, answer) -> {
            assertThat(answer).as(key).matches("4\\d\\d [\\s\\S]*");
            String diagnostics = OperationOutcomes.parse(answer.substring(4)).getIssue().stream()
                    .map(issue -> issue.getDiagnostics())
                    .toList()
                    .toString();
            assertThat(diagnostics).as(key).contains(REFUSED.get(key));
        });
    }

    private String readBackDifference(R4ExamplesPackage.Example example) {
        Response read = fhir().get("/" + example.key());
        if (read.statusCode() != 200) {
            return "read answered " + read.statusCode();
        }
        String difference = JsonRoundTrip.difference(example.json(), read.asString());
        return difference == null ? null : "differs at " + difference;
    }

    @Test
    void everyCompleteMockExample_roundTripsUnchanged() {
        List<Example> examples = loadExamples();
        assertThat(examples).hasSizeGreaterThan(80);

        Map<String, String> failures = new LinkedHashMap<>();
        int roundTripped = 0;
        for (Example example : examples) {
            String failure = roundTrip(example);
            if (failure == null) {
                roundTripped++;
            } else {
                failures.put(example.path(), failure);
            }
        }
        log.info(
                "fhir-examples round trip: {} of {} examples stored and read back unchanged",
                roundTripped,
                examples.size());
        failures.forEach((path, failure) -> log.warn("{}: {}", path, failure));
        assertThat(failures).as("examples that did not round-trip").isEmpty();
    }

    private String roundTrip(Example example) {
        Resource sent = example.resource().copy();
        sent.setId((String) null);
        Response created = fhir().body(json(sent)).post("/" + sent.fhirType());
        if (created.statusCode() != 201) {
            return "create answered " + created.statusCode() + ": " + created.asString();
        }
        String location = created.header("Location");
        String id = location.replaceAll(".*/" + sent.fhirType() + "/([^/]+)/_history/.*", "$1");
        Response read = fhir().get("/" + sent.fhirType() + "/" + id);
        if (read.statusCode() != 200) {
            return "read answered " + read.statusCode();
        }
        Resource stored = parse(sent.getClass(), read.asString());
        String expected = normalised(sent);
        String actual = normalised(stored);
        return expected.equals(actual) ? null : "differs:\n sent   " + expected + "\n stored " + actual;
    }

    private String normalised(Resource resource) {
        Resource copy = resource.copy();
        copy.setId((String) null);
        copy.setMeta(null);
        return fhirContext.newJsonParser().encodeResourceToString(copy);
    }

    private List<Example> loadExamples() {
        PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
        List<Example> examples = new ArrayList<>();
        for (String folder : FOLDERS) {
            try {
                for (org.springframework.core.io.Resource file :
                        resolver.getResources("classpath*:" + folder + "*.json")) {
                    String body;
                    try (InputStream in = file.getInputStream()) {
                        body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    }
                    if (TYPES.contains(resourceType(body))) {
                        examples.add(new Example(folder + file.getFilename(), (Resource)
                                fhirContext.newJsonParser().parseResource(body)));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return examples;
    }

    private static String resourceType(String body) {
        int at = body.indexOf("\"resourceType\"");
        if (at < 0) {
            return "";
        }
        int start = body.indexOf('"', body.indexOf(':', at)) + 1;
        return body.substring(start, body.indexOf('"', start));
    }
}
