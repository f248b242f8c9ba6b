package dev.careflow.transitions.internal.v2;

import static dev.careflow.transitions.internal.v2.V2Fields.*;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Segment;
import dev.careflow.vocabulary.CodeSystems;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Coverage;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Reference;

/** DG1 as encounter diagnoses (Condition), IN1 as the payer (Organization) and the Coverage. */
final class Dg1In1Mapper {

    static final String COVERAGE_CLASS = "http://terminology.hl7.org/CodeSystem/coverage-class";
    static final String ICD_9_CM = "http://hl7.org/fhir/sid/icd-9-cm";

    private Dg1In1Mapper() {}

    static Condition condition(Segment dg1) throws HL7Exception {
        String code = get(dg1, 3, 1);
        if (code == null) {
            return null;
        }
        String codingSystem = get(dg1, 3, 3);
        String system = codingSystem == null
                ? null
                : switch (codingSystem.toUpperCase()) {
                    case "I10", "I10C", "ICD10CM", "ICD-10-CM" -> CodeSystems.ICD_10_CM;
                    case "I9", "I9C", "ICD9CM" -> ICD_9_CM;
                    case "SCT", "SNM" -> CodeSystems.SNOMED;
                    default -> authority(codingSystem);
                };
        Condition condition = new Condition();
        condition.addCategory(new CodeableConcept(
                new Coding(CodeSystems.CONDITION_CATEGORY, "encounter-diagnosis", "Encounter Diagnosis")));
        condition.setCode(new CodeableConcept(new Coding(system, code, get(dg1, 3, 2))).setText(get(dg1, 3, 2)));
        return condition;
    }

    /** Each IN1 as the payer and the patient's Coverage, added to the entries. */
    static void insurance(Message message, String patientUrl, List<Bundle.BundleEntryComponent> entries)
            throws HL7Exception {
        for (Segment in1 : all(message, "IN1")) {
            Organization payor = new Organization();
            payor.setName(firstNonBlank(get(in1, 4, 1), get(in1, 3, 1), "Unknown payer"));
            if (get(in1, 3, 1) != null) {
                payor.addIdentifier().setSystem(AUTHORITY + "payer").setValue(get(in1, 3, 1));
            }
            String payorUrl = add(entries, payor);
            Coverage coverage = new Coverage();
            coverage.setStatus(Coverage.CoverageStatus.ACTIVE);
            coverage.setBeneficiary(new Reference(patientUrl));
            coverage.addPayor(new Reference(payorUrl));
            if (get(in1, 36, 1) != null) {
                coverage.setSubscriberId(get(in1, 36, 1));
            }
            if (get(in1, 2, 1) != null) {
                coverage.addClass_()
                        .setType(new CodeableConcept(new Coding(COVERAGE_CLASS, "plan", "Plan")))
                        .setValue(get(in1, 2, 1));
            }
            add(entries, coverage);
        }
    }
}
