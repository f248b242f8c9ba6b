package dev.careflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.StrictErrorHandler;
import java.nio.charset.StandardCharsets;
import org.hl7.fhir.r4.model.ActivityDefinition;
import org.hl7.fhir.r4.model.Timing;
import org.junit.jupiter.api.Test;

class ExtensionOnlyPrimitivesTest {

    private static final String TIMING_EXTENSION_ONLY =
            """
            {"resourceType":"ActivityDefinition","status":"draft",
             "timingTiming":{"_event":[{"extension":[{"url":"http://example.org/when","valueString":"at discharge"}]}]},
             "quantity":{"value":1.50}}""";

    @Test
    void anExtensionOnlyRepeatingPrimitive_isReadWithItsExtension() {
        FhirContext strict = FhirContext.forR4();
        strict.setParserErrorHandler(new StrictErrorHandler());

        byte[] padded = ExtensionOnlyPrimitives.padded(TIMING_EXTENSION_ONLY.getBytes(StandardCharsets.UTF_8));

        ActivityDefinition read = strict.newJsonParser()
                .parseResource(ActivityDefinition.class, new String(padded, StandardCharsets.UTF_8));
        Timing timing = read.getTimingTiming();
        assertThat(timing.getEvent()).hasSize(1);
        assertThat(timing.getEvent().get(0).hasValue()).isFalse();
        assertThat(timing.getEvent()
                        .get(0)
                        .getExtensionByUrl("http://example.org/when")
                        .getValue()
                        .toString())
                .isEqualTo("at discharge");
        assertThat(read.getQuantity().getValueElement().getValueAsString()).isEqualTo("1.50");
    }

    @Test
    void aBodyWithoutExtensionOnlyPrimitives_isLeftAsSent() {
        byte[] body =
                """
                {"resourceType":"Patient","birthDate":"1970-01-01","_birthDate":{"extension":[]},
                 "name":[{"given":["A"],"_given":[{"id":"g"}]}]}"""
                        .getBytes(StandardCharsets.UTF_8);
        assertThat(ExtensionOnlyPrimitives.padded(body)).isSameAs(body);
        byte[] notJson = "{'a':".getBytes(StandardCharsets.UTF_8);
        assertThat(ExtensionOnlyPrimitives.padded(notJson)).isSameAs(notJson);
    }
}
