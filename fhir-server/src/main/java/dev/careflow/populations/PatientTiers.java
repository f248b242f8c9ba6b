package dev.careflow.populations;

import ca.uhn.fhir.repository.IRepository;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** Reads patients' current risk tiers (their care-tier RiskAssessments); a patient with none is low. */
public final class PatientTiers {

    private final PopulationQueries queries;

    public PatientTiers(IRepository repository) {
        this.queries = new PopulationQueries(repository);
    }

    /** Each patient's tier ({@code Patient/id} to tier), low for a patient never assessed above it. */
    public Map<String, RiskTier> of(Collection<String> patients) {
        Map<String, RiskTier> tiers = new HashMap<>();
        patients.forEach(p -> tiers.put(p, RiskTier.LOW));
        queries.tierAssessments(patients).forEach((patient, assessment) -> TierAssessments.tierOf(assessment)
                .ifPresent(tier -> tiers.put(patient, tier)));
        return tiers;
    }
}
