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
}
