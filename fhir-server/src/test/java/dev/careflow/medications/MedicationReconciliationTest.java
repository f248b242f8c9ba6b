package dev.careflow.medications;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MedicationReconciliationTest {

    private static MedicationReconciliation.Medication med(String key, String dose, String frequency, String source) {
        return new MedicationReconciliation.Medication(
                key, key, Optional.ofNullable(dose), Optional.ofNullable(frequency), source);
    }

    @Test
    void eachKindOfDifference_isFound() {
        List<MedicationReconciliation.Medication> before = List.of(
                med("furosemide", "40 mg", "1 per 1 d", "MedicationStatement/1"),
                med("metformin", "500 mg", "2 per 1 d", "MedicationStatement/2"),
                med("ibuprofen", "400 mg", "3 per 1 d", "MedicationStatement/3"),
                med("lisinopril", "10 mg", "1 per 1 d", "MedicationStatement/4"));
        List<MedicationReconciliation.Medication> after = List.of(
                med("furosemide", "80 mg", "1 per 1 d", "MedicationRequest/1"),
                med("metformin", "500 mg", "2 per 1 d", "MedicationRequest/2"),
                med("spironolactone", "25 mg", "1 per 1 d", "MedicationRequest/3"),
                med("lisinopril", "10 mg", "1 per 1 d", "MedicationRequest/4"),
                med("lisinopril", "20 mg", "1 per 1 d", "MedicationRequest/5"));

        List<MedicationReconciliation.Difference> differences = MedicationReconciliation.reconcile(before, after);

        assertThat(differences)
                .extracting(d -> d.change().code() + ":"
                        + d.after().or(d::before).orElseThrow().source())
                .containsExactly(
                        "changed:MedicationRequest/1",
                        "unchanged:MedicationRequest/2",
                        "new:MedicationRequest/3",
                        "duplicated:MedicationRequest/4",
                        "duplicated:MedicationRequest/5",
                        "stopped:MedicationStatement/3");
        assertThat(differences.get(0).description()).contains("40 mg").contains("80 mg");
    }

    private static MedicationReconciliation.Medication classed(String key, String atc, String source) {
        return new MedicationReconciliation.Medication(
                key, key, Optional.empty(), Optional.empty(), source, Optional.of(TherapeuticClasses.classOfAtc(atc)));
    }

    private static List<String> changes(List<MedicationReconciliation.Difference> differences) {
        return differences.stream()
                .map(d -> d.change().code() + ":"
                        + d.after().or(d::before).orElseThrow().source())
                .toList();
    }

    @Test
    void twoAceInhibitors_anAceInhibitorAndAnArb_andTwoNsaids_areDuplicatedClasses() {
        List<MedicationReconciliation.Medication> before = List.of(classed("lisinopril", "C09AA03", "S/1"));
        List<MedicationReconciliation.Medication> after = List.of(
                classed("lisinopril", "C09AA03", "R/1"),
                classed("enalapril", "C09AA02", "R/2"),
                classed("losartan", "C09CA01", "R/3"),
                classed("ibuprofen", "M01AE01", "R/4"),
                classed("diclofenac", "M01AB05", "R/5"),
                classed("atorvastatin", "C10AA05", "R/6"),
                classed("metformin", "A10BA02", "R/7"),
                classed("empagliflozin", "A10BK03", "R/8"));

        List<MedicationReconciliation.Difference> differences = MedicationReconciliation.reconcile(before, after);

        assertThat(changes(differences))
                .containsExactly(
                        "duplicated-class:R/1",
                        "duplicated-class:R/2",
                        "duplicated-class:R/3",
                        "duplicated-class:R/4",
                        "duplicated-class:R/5",
                        "new:R/6",
                        "new:R/7",
                        "new:R/8");
        assertThat(differences.get(2).description())
                .isEqualTo("lisinopril and enalapril and losartan: one therapeutic class, renin-angiotensin system"
                        + " inhibitors (New: losartan)");
        assertThat(differences.get(0).before()).isPresent();
    }

    @Test
    void aSameDrugDuplicate_keepsItsFlag_andDoesNotMakeAClassDuplicate() {
        List<MedicationReconciliation.Medication> after = List.of(
                classed("ibuprofen", "M01AE01", "R/1"),
                classed("ibuprofen", "M01AE01", "R/2"),
                classed("naproxen", "M01AE02", "R/3"),
                classed("furosemide", "C03CA01", "R/4"),
                classed("furosemide", "C03CA01", "R/5"));

        assertThat(changes(MedicationReconciliation.reconcile(List.of(), after)))
                .containsExactly("duplicated:R/1", "duplicated:R/2", "new:R/3", "duplicated:R/4", "duplicated:R/5");
    }

    @Test
    void aStoppedMedication_isNoClassDuplicateOfItsReplacement() {
        List<MedicationReconciliation.Medication> before = List.of(classed("lisinopril", "C09AA03", "S/1"));
        List<MedicationReconciliation.Medication> after = List.of(classed("losartan", "C09CA01", "R/1"));

        assertThat(changes(MedicationReconciliation.reconcile(before, after)))
                .containsExactly("new:R/1", "stopped:S/1");
    }
}
