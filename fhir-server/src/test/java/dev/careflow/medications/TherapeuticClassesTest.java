package dev.careflow.medications;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ConceptMap;
import org.junit.jupiter.api.Test;

/** The terminology package's RxNorm-to-ATC map as reconciliation reads it. */
class TherapeuticClassesTest {

    static ConceptMap conceptMap() {
        try {
            return FhirContext.forR4Cached()
                    .newJsonParser()
                    .parseResource(
                            ConceptMap.class,
                            Files.readString(Path.of("../terminology/src/main/fhir/ConceptMap-rxnorm-to-atc.json")));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final TherapeuticClasses CLASSES = TherapeuticClasses.of(List.of(conceptMap()));

    private static CodeableConcept rxnorm(String code) {
        return new CodeableConcept(new Coding(MedicationEntries.RXNORM, code, null));
    }

    private static String classOf(CodeableConcept medication) {
        return CLASSES.classOf(medication)
                .map(TherapeuticClasses.TherapeuticClass::key)
                .orElse("none");
    }

    @Test
    void ingredientsAndTheFixturesClinicalDrugs_mapToTheirAtcClass() {
        assertThat(conceptMap().getUrl()).isEqualTo(TherapeuticClasses.CONCEPT_MAP);
        assertThat(Map.of(
                        "enalapril", classOf(rxnorm("3827")),
                        "lisinopril 10 MG tablet", classOf(rxnorm("314076")),
                        "losartan", classOf(rxnorm("52175")),
                        "atorvastatin 40 MG tablet", classOf(rxnorm("617312")),
                        "simvastatin", classOf(rxnorm("36567")),
                        "empagliflozin", classOf(rxnorm("1545653")),
                        "naproxen", classOf(rxnorm("7258")),
                        "celecoxib", classOf(rxnorm("140587"))))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "enalapril", "C09",
                        "lisinopril 10 MG tablet", "C09",
                        "losartan", "C09",
                        "atorvastatin 40 MG tablet", "C10AA",
                        "simvastatin", "C10AA",
                        "empagliflozin", "A10BK",
                        "naproxen", "M01A",
                        "celecoxib", "M01A"));
    }

    @Test
    void theMedicationsOwnAtcCoding_comesFirst_andAnUnknownDrugHasNoClass() {
        CodeableConcept coded = rxnorm("29046").addCoding(new Coding(TherapeuticClasses.ATC, "C03CA01", "furosemide"));
        assertThat(classOf(coded)).isEqualTo("C03CA");
        assertThat(classOf(rxnorm("999999999"))).isEqualTo("none");
        assertThat(classOf(new CodeableConcept().setText("grandma's tonic"))).isEqualTo("none");
    }
}
