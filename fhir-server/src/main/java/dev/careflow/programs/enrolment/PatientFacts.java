package dev.careflow.programs.enrolment;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What programme eligibility is decided on, read from storage by {@link EnrolmentQueries}: the registries the patient
 * is in (by Group id, {@code registry-mcc-2}, with each membership's evidence), the patient's practitioner of primary
 * care, and the active Coverage that shows Qualified Medicare Beneficiary status.
 *
 * @param registries registry Group id (without {@code Group/}) to the evidence of the membership
 * @param primaryCare the billing practitioner relationship APCM needs ({@code Patient.generalPractitioner}), if any
 * @param qmbCoverage the active Coverage recording QMB status ({@code Coverage/id}), if any
 */
public record PatientFacts(
        Map<String, List<Evidence>> registries, Optional<String> primaryCare, Optional<String> qmbCoverage) {

    public static final String CHRONIC_1 = "registry-chronic-1";
    public static final String MCC_2 = "registry-mcc-2";
    public static final String MCC_3 = "registry-mcc-3";
    public static final String BEHAVIOURAL_HEALTH = "registry-behavioural-health";
    public static final String RECENT_DISCHARGE = "registry-recent-discharge";
    public static final String HIGH_READMISSION_RISK = "registry-high-readmission-risk";

    /** Why a member belongs: the reason (for chronic registries the condition category) and the resource showing it. */
    public record Evidence(String reasonCode, String reasonText, Optional<String> detail) {}

    public PatientFacts {
        registries = Map.copyOf(registries);
    }

    public boolean in(String registry) {
        return registries.containsKey(registry);
    }

    /**
     * The distinct chronic-condition categories (the reasons of the {@code registry-chronic-1} membership); at least 2 or
     * 3 when the patient is in the 2+ or 3+ registry, whatever the evidence says.
     */
    public int chronicCategories() {
        Set<String> categories = new TreeSet<>();
        registries.getOrDefault(CHRONIC_1, List.of()).forEach(e -> categories.add(e.reasonCode()));
        int floor = in(MCC_3) ? 3 : in(MCC_2) ? 2 : in(CHRONIC_1) ? 1 : 0;
        return Math.max(categories.size(), floor);
    }

    /** The names of the distinct chronic-condition categories, as the evidence reasons say them. */
    public List<String> categoryNames() {
        Set<String> names = new TreeSet<>();
        registries.getOrDefault(CHRONIC_1, List.of()).forEach(e -> names.add(e.reasonText()));
        return List.copyOf(names);
    }

    /** The same facts with a billing practitioner relationship (an APCM enrolment names its practitioner). */
    public PatientFacts withPrimaryCare(String practitioner) {
        return new PatientFacts(registries, Optional.of(practitioner), qmbCoverage);
    }
}
