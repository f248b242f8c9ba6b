package dev.careflow.task;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import dev.careflow.vocabulary.CodeSystems;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.utilities.npm.NpmPackage;
import org.junit.jupiter.api.Test;

class CareTaskTest {

    @Test
    void codes_areExactlyThoseOfCodeSystemCareTask_inTheTerminologyPackage() throws Exception {
        CodeSystem codeSystem;
        try (InputStream in = CareTaskTest.class.getResourceAsStream("/fhir-packages/careflow.terminology.tgz")) {
            NpmPackage npm = NpmPackage.fromPackage(in);
            try (InputStream json = npm.loadResource("CodeSystem-care-task.json")) {
                codeSystem = FhirContext.forR4Cached().newJsonParser().parseResource(CodeSystem.class, json);
            }
        }
        assertThat(codeSystem.getUrl()).isEqualTo(CodeSystems.CARE_TASK);
        Map<String, String> published = codeSystem.getConcept().stream()
                .collect(Collectors.toMap(
                        CodeSystem.ConceptDefinitionComponent::getCode,
                        CodeSystem.ConceptDefinitionComponent::getDisplay));
        Map<String, String> ours =
                Arrays.stream(CareTask.values()).collect(Collectors.toMap(CareTask::code, CareTask::display));
        assertThat(ours).isEqualTo(published);
    }

    @Test
    void tcm_isTheContactTheVisitAndTheReconciliation() {
        assertThat(CareTask.isTcm(new Task().setCode(CareTask.TCM_FACE_TO_FACE_VISIT.concept())))
                .isTrue();
        assertThat(CareTask.isTcm(new Task().setCode(CareTask.FOLLOW_UP_CALL.concept())))
                .isFalse();
        assertThat(CareTask.of(new Task().setCode(CareTask.SAFETY_REVIEW.concept())))
                .contains(CareTask.SAFETY_REVIEW);
    }
}
