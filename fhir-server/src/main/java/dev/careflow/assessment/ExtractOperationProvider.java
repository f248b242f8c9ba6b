package dev.careflow.assessment;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import dev.careflow.platform.CareflowException;
import dev.careflow.platform.CareflowOperationProvider;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.springframework.stereotype.Component;

/**
 * {@code QuestionnaireResponse/[id]/$extract} and {@code QuestionnaireResponse/$extract}: what a completed screening
 * derives (Observations, health-concern Conditions), as a transaction Bundle, without storing it.
 */
@Component
public class ExtractOperationProvider implements CareflowOperationProvider {

    public static final String CANONICAL = "https://careflow.dev/fhir/OperationDefinition/extract";

    private final AssessmentService assessments;

    public ExtractOperationProvider(AssessmentService assessments) {
        this.assessments = assessments;
    }

    @Operation(name = "$extract", idempotent = true, type = QuestionnaireResponse.class, canonicalUrl = CANONICAL)
    public Bundle extract(@IdParam IdType id) {
        return assessments.extract(id);
    }

    @Operation(name = "$extract", type = QuestionnaireResponse.class, canonicalUrl = CANONICAL)
    public Bundle extract(
            @OperationParam(name = "questionnaire-response", min = 1, max = 1) QuestionnaireResponse response) {
        if (response == null) {
            throw new CareflowException(
                    CareflowException.Kind.MALFORMED,
                    List.of("Parameter 'questionnaire-response' (a QuestionnaireResponse) is required"));
        }
        return assessments.extract(response);
    }
}
