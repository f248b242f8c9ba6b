package dev.careflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class FhirJsonShapeTest {

    private static final FhirJsonShape SHAPE = new FhirJsonShape(FhirContext.forR4Cached());
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<String> problems(String json) throws Exception {
        return SHAPE.problems(JSON.readTree(json));
    }

    @Test
    void validResources_haveNoProblems() throws Exception {
        assertThat(
                        problems(
                                """
                        {"resourceType":"Patient","id":"p1","meta":{"versionId":"1","profile":["http://x/y"]},
                         "active":true,"name":[{"family":"Smith","given":["Ann"]}],"birthDate":"1970-03",
                         "_birthDate":{"extension":[{"url":"http://x","valueBoolean":true}]},
                         "text":{"status":"generated","div":"<div xmlns=\\"http://www.w3.org/1999/xhtml\\">x</div>"},
                         "extension":[{"url":"http://x","valueDateTime":"2025-03-01T08:15:00-05:00"}],
                         "contained":[{"resourceType":"Organization","id":"o","name":"Org"}]}"""))
                .isEmpty();
        assertThat(
                        problems(
                                """
                        {"resourceType":"Observation","status":"final","code":{"text":"x"},
                         "valueQuantity":{"value":1.5,"unit":"kg"},"effectiveDateTime":"2025-03-01T08:15:00",
                         "component":[{"code":{"text":"y"},"valueInteger":3}]}"""))
                .isEmpty();
        assertThat(
                        problems(
                                """
                        {"resourceType":"Bundle","type":"transaction","entry":[{"resource":
                         {"resourceType":"Patient","gender":"female"},"request":{"method":"POST","url":"Patient"}}]}"""))
                .isEmpty();
    }

    @Test
    void extensionsAnywhere_areLeftToHapisParser_withoutFailing() throws Exception {
        // The R4 examples' json-edge-cases: extensions on datatypes and modifier extensions inside backbone elements.
        assertThat(
                        problems(
                                """
                        {"resourceType":"Patient","modifierExtension":[{"url":"http://x","valueString":"m"}],
                         "name":[{"extension":[{"url":"http://x","extension":[{"url":"a","valueString":"b"}]}],
                           "family":"Smith"}],
                         "contact":[{"modifierExtension":[{"url":"http://y","valueBoolean":true}],
                           "name":{"family":"Doe"}}]}"""))
                .isEmpty();
    }

    @Test
    void theShapesHapiWouldChangeSilently_areNamed() throws Exception {
        assertThat(problems("{\"resourceType\":\"Patient\",\"name\":\"Smith\"}"))
                .containsExactly("Patient.name: one value where an array belongs");
        assertThat(problems("{\"resourceType\":\"Patient\",\"name\":{\"family\":\"Smith\"}}"))
                .containsExactly("Patient.name: one value where an array belongs");
        assertThat(problems("{\"resourceType\":\"Patient\",\"language\":[\"en\"]}"))
                .containsExactly("Patient.language: an array where one value belongs");
        assertThat(problems("{\"resourceType\":\"Patient\",\"language\":123}"))
                .containsExactly("Patient.language: not a string");
        assertThat(problems("{\"resourceType\":\"Patient\",\"active\":\"true\"}"))
                .containsExactly("Patient.active: not true or false");
        assertThat(problems("{\"resourceType\":\"Patient\",\"birthDate\":\"1970-01-01T10:00:00Z\"}"))
                .containsExactly("Patient.birthDate: '1970-01-01T10:00:00Z' is not a FHIR date");
        assertThat(problems("{\"resourceType\":\"Patient\",\"meta\":[{}]}"))
                .containsExactly("Patient.meta: an array where one value belongs");
        assertThat(problems("{\"resourceType\":\"Patient\",\"name\":[\"Smith\"]}"))
                .containsExactly("Patient.name[0]: not an object");
    }

    @Test
    void nestedResourcesAndBackboneElements_areCheckedToo() throws Exception {
        assertThat(
                        problems(
                                """
                        {"resourceType":"Bundle","type":"transaction","entry":[{"resource":
                         {"resourceType":"Patient","birthDate":"2026"},"request":{"method":"POST","url":"Patient"}},
                         {"resource":{"resourceType":"Observation","status":"final","code":{"text":"x"},
                         "component":[{"code":{"text":"y"},"valueInteger":"3"}]}}]}"""))
                .containsExactly("Bundle.entry[1].resource.component[0].valueInteger: not a number");
    }

    @Test
    void unknownElementsAndTypes_areLeftToHapi() throws Exception {
        assertThat(problems("{\"resourceType\":\"Patient\",\"banana\":[1]}")).isEmpty();
        assertThat(problems("{\"resourceType\":\"Banana\",\"x\":1}")).isEmpty();
        assertThat(problems("[{\"op\":\"add\"}]")).isEmpty();
    }
}
