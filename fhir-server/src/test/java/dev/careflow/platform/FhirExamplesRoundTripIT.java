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
 * Data no one here wrote: every CarePlan, Goal, Task, ServiceRequest, Questionnaire, QuestionnaireResponse, Encounter,
 * Condition and Patient example of {@code com.ibm.fhir:fhir-examples} (its R4 specification examples and its
 * "complete-mock" examples, which populate every element) is stored over HTTP and read back; what comes back must equal
 * what was sent, apart from {@code meta} and the server-assigned id.
 */
class FhirExamplesRoundTripIT extends CareflowIT {

    private static final Logger log = LoggerFactory.getLogger(FhirExamplesRoundTripIT.class);

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

    private static final List<String> FOLDERS = List.of("json/spec/", "json/ibm/complete-mock/");

    record Example(String path, Resource resource) {}

    @Test
    void everyCareManagementExample_roundTripsUnchanged() {
        List<Example> examples = loadExamples();
        assertThat(examples).hasSizeGreaterThan(300);

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
