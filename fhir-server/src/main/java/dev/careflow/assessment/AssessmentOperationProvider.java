package dev.careflow.assessment;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import dev.careflow.platform.CareflowException;
import dev.careflow.platform.CareflowOperationProvider;
import dev.careflow.platform.OperationAccess;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.springframework.stereotype.Component;

/**
 * {@code Questionnaire/[id]/$populate}, {@code QuestionnaireResponse/[id]/$extract} and {@code QuestionnaireResponse/$extract}: what a completed screening
 * derives (Observations, health-concern Conditions), as a transaction Bundle, without storing it.
 */
@Component
public class AssessmentOperationProvider implements CareflowOperationProvider {

    public static final String CANONICAL = "https://careflow.dev/fhir/OperationDefinition/extract";

    public static final String POPULATE = "https://careflow.dev/fhir/OperationDefinition/populate";

    private final AssessmentService assessments;
    private final PopulateService populate;

    public AssessmentOperationProvider(AssessmentService assessments, PopulateService populate) {
        this.assessments = assessments;
        this.populate = populate;
    }

    @OperationAccess(resource = "Questionnaire", interaction = OperationAccess.Interaction.READ)
    @Operation(
            name = "$populate",
            idempotent = true,
            type = org.hl7.fhir.r4.model.Questionnaire.class,
            canonicalUrl = POPULATE)
    public QuestionnaireResponse populate(
            @IdParam IdType questionnaire,
            @OperationParam(name = "subject", min = 1, max = 1) org.hl7.fhir.r4.model.Reference subject) {
        return populate.populate(questionnaire, subject == null ? null : subject.getReference());
    }

    @OperationAccess(resource = "QuestionnaireResponse", interaction = OperationAccess.Interaction.READ)
    @Operation(name = "$extract", idempotent = true, type = QuestionnaireResponse.class, canonicalUrl = CANONICAL)
    public Bundle extract(@IdParam IdType id) {
        return assessments.extract(id);
    }

    @OperationAccess(resource = "QuestionnaireResponse", interaction = OperationAccess.Interaction.READ)
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
