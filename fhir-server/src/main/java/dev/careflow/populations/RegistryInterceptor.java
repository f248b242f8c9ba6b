package dev.careflow.populations;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import dev.careflow.platform.CareflowStorageInterceptor;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Resource;

/**
 * Keeps the registries current with the writes that change them: every stored, updated or deleted resource that
 * {@link RegistryWrites} finds relevant (an ICD-10 Condition, a PHQ-9/GAD-7/Katz total, a LACE or HOSPITAL
 * RiskAssessment, a TCM EpisodeOfCare, a Patient's birth date) has its patient recomputed by {@link RegistryService}
 * before the commit, in the same transaction; a finished inpatient Encounter is first scored with HOSPITAL
 * ({@link HospitalScoreService}). A QuestionnaireResponse counts through the score Observations its scoring
 * stores.
 */
@Interceptor
public class RegistryInterceptor implements CareflowStorageInterceptor {

    private final RegistryService registries;
    private final HospitalScoreService hospital;

    RegistryInterceptor(RegistryService registries, HospitalScoreService hospital) {
        this.registries = registries;
        this.hospital = hospital;
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
    public void created(IBaseResource resource) {
        scoreDischarge(resource);
        if (RegistryWrites.relevant(null, resource)) {
            recompute(Set.of(), resource, false);
        }
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
    public void updated(IBaseResource previous, IBaseResource current) {
        scoreDischarge(current);
        if (RegistryWrites.relevant(previous, current)) {
            recompute(RegistryWrites.patients(previous), current, false);
        }
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_DELETED)
    public void deleted(IBaseResource resource) {
        if (RegistryWrites.relevant(null, resource)) {
            recompute(Set.of(), resource, true);
        }
    }

    /** A finished inpatient stay is scored with HOSPITAL; storing the score recomputes the patient's registries. */
    private void scoreDischarge(IBaseResource resource) {
        if (resource instanceof Encounter encounter && encounter.getSubject().hasReference()) {
            IdType subject = new IdType(encounter.getSubject().getReference());
            if ("Patient".equals(subject.getResourceType())) {
                hospital.afterStored(encounter, "Patient/" + subject.getIdPart());
            }
        }
    }

    private void recompute(Set<String> before, IBaseResource resource, boolean deleted) {
        Set<String> patients = new LinkedHashSet<>(before);
        patients.addAll(RegistryWrites.patients(resource));
        Resource written = (Resource) resource;
        String id = written.getIdElement().toUnqualifiedVersionless().getValue();
        for (String patient : patients) {
            registries.recompute(
                    patient,
                    deleted ? Optional.empty() : Optional.of(written),
                    deleted ? Optional.of(id) : Optional.empty());
        }
    }
}
