package dev.careflow.programs.billing;

import java.util.List;
import java.util.Optional;

/**
 * What one patient earns for one billing practitioner in a month: the codes (each to become a ChargeItem), what is
 * missing for the codes not earned, and the minutes not counted (under TCM, or outside any consented episode).
 */
public record PatientBill(
        String patient, List<Charge> charges, List<String> shortfalls, long tcmMinutes, long outsideMinutes) {

    /** One code earned: its units, the minutes or days that earned it, the episode, and its evidence. */
    public record Charge(
            String code,
            String programme,
            int units,
            Optional<Long> measured,
            String unit,
            String episode,
            String billingPractitioner,
            List<String> evidence) {}
}
