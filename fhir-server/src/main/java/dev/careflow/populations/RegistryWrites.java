package dev.careflow.populations;

import dev.careflow.vocabulary.CodeSystems;
import java.util.Objects;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RiskAssessment;

/**
 * Which writes can change a registry (most cannot: no registry work then), and whose patient they concern. Pure: a
 * Condition with an ICD-10 coding, an Observation of a PHQ-9, GAD-7 or Katz ADL total, a LACE or HOSPITAL
 * RiskAssessment, a TCM EpisodeOfCare (before or after the write), a Patient whose birth date changed.
 */
final class RegistryWrites {

    private RegistryWrites() {}

    static boolean relevant(IBaseResource previous, IBaseResource current) {
        if (current instanceof Patient after) {
            return previous instanceof Patient before
                    && !Objects.equals(
                            before.getBirthDateElement().getValueAsString(),
                            after.getBirthDateElement().getValueAsString());
        }
        return relevant(previous) || relevant(current);
    }

    private static boolean relevant(IBaseResource resource) {
        if (resource instanceof Condition condition) {
            return condition.getCode().getCoding().stream()
                    .anyMatch(c -> CodeSystems.ICD_10_CM.equals(c.getSystem())
                            || "http://hl7.org/fhir/sid/icd-10".equals(c.getSystem()));
        }
        if (resource instanceof Observation observation) {
            return has(observation.getCode(), Scores.PHQ9_TOTAL)
                    || has(observation.getCode(), Scores.GAD7_TOTAL)
                    || has(observation.getCode(), Scores.KATZ_TOTAL);
        }
        if (resource instanceof RiskAssessment assessment) {
            return has(assessment.getMethod(), Scores.LACE) || has(assessment.getMethod(), Scores.HOSPITAL);
        }
        if (resource instanceof EpisodeOfCare episode) {
            return episode.getType().stream().anyMatch(t -> t.hasCoding(RegistryRules.CARE_PROGRAMME, "tcm"));
        }
        return false;
    }

    /** The patient the resource is about ({@code Patient/id}), if it names one. */
    static Set<String> patients(IBaseResource resource) {
        Reference subject = null;
        if (resource instanceof Patient patient) {
            return Set.of(patient.getIdElement().toUnqualifiedVersionless().getValue());
        } else if (resource instanceof Condition condition) {
            subject = condition.getSubject();
        } else if (resource instanceof Observation observation) {
            subject = observation.getSubject();
        } else if (resource instanceof RiskAssessment assessment) {
            subject = assessment.getSubject();
        } else if (resource instanceof EpisodeOfCare episode) {
            subject = episode.getPatient();
        }
        if (subject == null || !subject.hasReference()) {
            return Set.of();
        }
        IdType id = new IdType(subject.getReference());
        return "Patient".equals(id.getResourceType()) && id.hasIdPart()
                ? Set.of("Patient/" + id.getIdPart())
                : Set.of();
    }

    private static boolean has(CodeableConcept concept, Coding coding) {
        return concept.hasCoding(coding.getSystem(), coding.getCode());
    }
}
