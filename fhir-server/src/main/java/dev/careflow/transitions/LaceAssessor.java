package dev.careflow.transitions;

import dev.careflow.transitions.internal.Tcm;
import dev.careflow.transitions.internal.TcmQueries;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;

/**
 * The LACE index of a discharge from what the server holds: the length of stay and acuity of the encounter, the
 * Charlson index of the patient's ICD-10 diagnoses, the emergency visits in the six months before the admission.
 */
final class LaceAssessor {

    private final TcmQueries queries;

    LaceAssessor(TcmQueries queries) {
        this.queries = queries;
    }

    LaceAssessment assess(IdType patient, Encounter encounter) {
        LocalDate admitted = encounter.getPeriod().hasStart()
                ? Tcm.localDate(encounter.getPeriod().getStartElement())
                : Tcm.localDate(encounter.getPeriod().getEndElement());
        LocalDate discharged = Tcm.localDate(encounter.getPeriod().getEndElement());
        int lengthOfStay = (int) Math.max(0, ChronoUnit.DAYS.between(admitted, discharged));
        boolean acute = LaceAssessment.isAcuteAdmission(encounter);

        List<String> icd10 = new ArrayList<>();
        List<Reference> conditionRefs = new ArrayList<>();
        for (Condition condition : queries.conditions(patient.getValue())) {
            for (Coding coding : condition.getCode().getCoding()) {
                if (coding.hasCode() && LaceAssessment.isIcd10(coding.getSystem())) {
                    icd10.add(coding.getCode());
                    conditionRefs.add(new Reference(condition.getIdElement().toUnqualifiedVersionless()));
                }
            }
        }
        CharlsonComorbidity charlson = CharlsonComorbidity.fromIcd10(icd10);

        IdType encounterId = encounter.getIdElement().toUnqualifiedVersionless();
        List<Reference> emergencyRefs = queries.emergencies(patient.getValue(), admitted.minusMonths(6)).stream()
                .filter(e -> !e.getIdElement().toUnqualifiedVersionless().equals(encounterId))
                .filter(e -> e.getPeriod().hasStart()
                        && Tcm.localDate(e.getPeriod().getStartElement()).isBefore(admitted))
                .map(e -> new Reference(e.getIdElement().toUnqualifiedVersionless()))
                .toList();
        LaceIndex index = LaceIndex.of(lengthOfStay, acute, charlson.index(), emergencyRefs.size());
        return new LaceAssessment(index, charlson, lengthOfStay, acute, conditionRefs, emergencyRefs);
    }
}
