package dev.careflow.transitions;

import dev.careflow.vocabulary.CodeSystems;
import java.util.List;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RiskAssessment;
import org.hl7.fhir.r4.model.StringType;

/**
 * A LACE index with the evidence behind it, and its FHIR form: a RiskAssessment (method LACE) whose prediction carries
 * the total, the high-risk flag and each component with its input in the {@code lace-index} extension, a readable
 * rationale, and the Conditions and emergency Encounters it counted as basis.
 */
public record LaceAssessment(
        LaceIndex index,
        CharlsonComorbidity charlson,
        int lengthOfStayDays,
        boolean acuteAdmission,
        List<Reference> conditions,
        List<Reference> emergencyVisits) {

    public static final String METHOD_SYSTEM = "https://careflow.dev/fhir/CodeSystem/risk-method";
    public static final String METHOD_CODE = "lace";
    public static final String EXTENSION = "https://careflow.dev/fhir/StructureDefinition/lace-index";
    static final String ACT_CODE = CodeSystems.V3_ACT_CODE;
    static final String RISK_PROBABILITY = "http://terminology.hl7.org/CodeSystem/risk-probability";

    /** An emergency admission: emergency class, emergency priority, or admitted from the emergency department. */
    static boolean isAcuteAdmission(Encounter encounter) {
        boolean emergencyClass = "EMER".equals(encounter.getClass_().getCode());
        boolean emergencyPriority = encounter.getPriority().getCoding().stream()
                .anyMatch(c -> "EM".equals(c.getCode()) || "emergency".equalsIgnoreCase(c.getCode()));
        boolean fromEmergency = encounter.getHospitalization().getAdmitSource().getCoding().stream()
                .anyMatch(c -> "emd".equals(c.getCode())
                        || (CodeSystems.V2_0023.equals(c.getSystem()) && "7".equals(c.getCode())));
        return emergencyClass || emergencyPriority || fromEmergency;
    }

    static boolean isIcd10(String system) {
        return system != null
                && (system.equals(CodeSystems.ICD_10_CM) || system.equals("http://hl7.org/fhir/sid/icd-10"));
    }

    public String rationale() {
        String comorbidities = charlson.conditions().isEmpty()
                ? "none"
                : String.join(
                        ", ",
                        charlson.conditions().stream()
                                .map(m -> m.condition() + " (" + m.weight() + ")")
                                .toList());
        return index.explanation() + ". Charlson conditions: " + comorbidities + ".";
    }

    public RiskAssessment toRiskAssessment() {
        RiskAssessment assessment = new RiskAssessment();
        assessment.setStatus(RiskAssessment.RiskAssessmentStatus.FINAL);
        assessment.setMethod(new CodeableConcept(new Coding(METHOD_SYSTEM, METHOD_CODE, "LACE index")));
        assessment.setCode(new CodeableConcept().setText("Risk of readmission within 30 days of discharge"));
        assessment.setOccurrence(DateTimeType.now());
        RiskAssessment.RiskAssessmentPredictionComponent prediction = assessment.addPrediction();
        prediction.setOutcome(new CodeableConcept().setText("Readmission within 30 days"));
        prediction.setQualitativeRisk(new CodeableConcept(new Coding(
                RISK_PROBABILITY,
                index.highRisk() ? "high" : "moderate",
                index.highRisk() ? "High likelihood" : "Moderate likelihood")));
        prediction.setRationale(rationale());
        Extension lace = prediction.addExtension().setUrl(EXTENSION);
        lace.addExtension("total", new IntegerType(index.total()));
        lace.addExtension("high-risk", new BooleanType(index.highRisk()));
        lace.addExtension("length-of-stay-days", new IntegerType(index.lengthOfStayDays()));
        lace.addExtension("length-of-stay-points", new IntegerType(index.lengthOfStayPoints()));
        lace.addExtension("acute-admission", new BooleanType(index.acuteAdmission()));
        lace.addExtension("acuity-points", new IntegerType(index.acuityPoints()));
        lace.addExtension("charlson-index", new IntegerType(index.charlsonIndex()));
        lace.addExtension("comorbidity-points", new IntegerType(index.comorbidityPoints()));
        lace.addExtension("emergency-visits", new IntegerType(index.emergencyVisits()));
        lace.addExtension("emergency-points", new IntegerType(index.emergencyPoints()));
        charlson.conditions()
                .forEach(m -> lace.addExtension(
                        "charlson-condition", new StringType(m.condition() + " " + m.weight() + ": " + m.codes())));
        conditions.forEach(assessment::addBasis);
        emergencyVisits.forEach(assessment::addBasis);
        assessment.addNote().setText(rationale());
        return assessment;
    }
}
