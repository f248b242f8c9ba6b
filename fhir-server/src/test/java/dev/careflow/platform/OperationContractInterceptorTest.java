package dev.careflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.hl7.fhir.r4.model.OperationDefinition;
import org.junit.jupiter.api.Test;

/** Careflow's operations held to their OperationDefinitions: undeclared, missing and repeated parameters named. */
class OperationContractInterceptorTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();

    private static OperationDefinition definition(String code) throws IOException {
        return FHIR.newJsonParser()
                .parseResource(
                        OperationDefinition.class,
                        Files.readString(Path.of("../profiles/src/main/fhir/OperationDefinition-" + code + ".json")));
    }

    @Test
    void declaredParameters_pass() throws IOException {
        assertThat(OperationContractInterceptor.check(
                        definition("worklist"), Map.of("priority", 1, "_count", 1, "_format", 1)))
                .isEmpty();
    }

    @Test
    void undeclaredParameter_isNamed() throws IOException {
        assertThat(OperationContractInterceptor.check(definition("worklist"), Map.of("anything", 1)))
                .singleElement()
                .asString()
                .contains("'anything'", "$worklist");
    }

    @Test
    void parameterOfAnOperationWithoutParameters_isNamed() throws IOException {
        assertThat(OperationContractInterceptor.check(definition("tcm-status"), Map.of("_count", 1)))
                .singleElement()
                .asString()
                .contains("'_count'", "takes none");
    }

    @Test
    void missingRequiredParameter_isNamed() throws IOException {
        assertThat(OperationContractInterceptor.check(definition("process-message"), Map.of()))
                .singleElement()
                .asString()
                .contains("'content'", "required");
    }

    @Test
    void parameterGivenMoreOftenThanItsMax_isNamed() throws IOException {
        assertThat(OperationContractInterceptor.check(definition("populate"), Map.of("subject", 2)))
                .singleElement()
                .asString()
                .contains("'subject'", "2 times");
    }

    @Test
    void anotherResourceAsTheBody_isLeftToTheOperation() throws IOException {
        assertThat(OperationContractInterceptor.check(definition("process-message"), null))
                .isEmpty();
    }
}
