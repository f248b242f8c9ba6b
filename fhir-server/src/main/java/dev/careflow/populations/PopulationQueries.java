package dev.careflow.populations;

import ca.uhn.fhir.repository.IRepository;
import dev.careflow.platform.Query;
import dev.careflow.platform.Stored;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.RiskAssessment;

/** What the registries read, through the repository; no rule about what the results mean. */
public final class PopulationQueries {

    private final IRepository repository;

    public PopulationQueries(IRepository repository) {
        this.repository = repository;
    }

    /**
     * The patient's record as stored, with the resource being written (or deleted) right now taken as it will be once
     * the write commits: a storage hook runs before the search indexes of its own transaction are searchable.
     */
    PatientRecord record(String patient, Optional<Resource> written, Optional<String> deleted) {
        Optional<Patient> stored = byId(Patient.class, patient);
        Optional<LocalDate> birthDate = written.filter(Patient.class::isInstance)
                .map(Patient.class::cast)
                .or(() -> stored)
                .filter(Patient::hasBirthDate)
                .map(p -> Scores.localDate(new org.hl7.fhir.r4.model.DateTimeType(
                        p.getBirthDateElement().getValueAsString())));
        Query subject = Query.where("subject", Query.reference(patient));
        List<Condition> conditions = Stored.search(repository, Condition.class, subject);
        List<Observation> scores = Stored.search(
                repository,
                Observation.class,
                Query.where("subject", Query.reference(patient))
                        .and(
                                "code",
                                token(Scores.PHQ9_TOTAL.getSystem(), Scores.PHQ9_TOTAL.getCode()),
                                token(Scores.GAD7_TOTAL.getSystem(), Scores.GAD7_TOTAL.getCode()),
                                token(Scores.KATZ_TOTAL.getSystem(), Scores.KATZ_TOTAL.getCode())));
        List<RiskAssessment> risks = Stored.search(
                repository,
                RiskAssessment.class,
                Query.where("subject", Query.reference(patient))
                        .and(
                                "method",
                                token(Scores.RISK_METHOD, Scores.LACE.getCode()),
                                token(Scores.RISK_METHOD, Scores.HOSPITAL.getCode())));
        List<EpisodeOfCare> episodes = Stored.search(
                repository,
                EpisodeOfCare.class,
                Query.where("patient", Query.reference(patient))
                        .and("type", token(RegistryRules.CARE_PROGRAMME, "tcm")));
        return new PatientRecord(
                patient,
                birthDate,
                merged(conditions, Condition.class, written, deleted),
                merged(scores, Observation.class, written, deleted),
                merged(risks, RiskAssessment.class, written, deleted),
                merged(episodes, EpisodeOfCare.class, written, deleted));
    }

    /**
     * The current version of a resource by a search on its id: unlike a read, an unknown or deleted id is no exception,
     * which inside a storage hook's (or a recompute's) transaction would mark the whole transaction rollback-only.
     */
    private <T extends IBaseResource> Optional<T> byId(Class<T> type, String reference) {
        String id = new IdType(reference).getIdPart();
        return id == null ? Optional.empty() : Stored.first(repository, type, Query.where("_id", Query.token(id)));
    }

    /** The registry's Group as stored, or a new empty one. */
    Group group(Registry registry) {
        return byId(Group.class, registry.groupReference()).orElseGet(() -> RegistryGroups.empty(registry));
    }

    /** Whether the registry's Group is stored. */
    boolean stored(Registry registry) {
        return byId(Group.class, registry.groupReference()).isPresent();
    }

    /** The patient's current tier assessment, if one is stored. */
    Optional<RiskAssessment> tierAssessment(String patient) {
        return Stored.first(
                repository,
                RiskAssessment.class,
                Query.where("subject", Query.reference(patient))
                        .and("method", token(RiskTier.METHOD.getSystem(), RiskTier.METHOD.getCode())));
    }

    /** The tier assessments of these patients, by patient reference. */
    Map<String, RiskAssessment> tierAssessments(Collection<String> patients) {
        Map<String, RiskAssessment> byPatient = new HashMap<>();
        if (patients.isEmpty()) {
            return byPatient;
        }
        Stored.search(
                        repository,
                        RiskAssessment.class,
                        Query.where(
                                        "subject",
                                        patients.stream()
                                                .map(Query::reference)
                                                .toArray(ca.uhn.fhir.model.api.IQueryParameterType[]::new))
                                .and("method", token(RiskTier.METHOD.getSystem(), RiskTier.METHOD.getCode())))
                .forEach(a -> byPatient.put(a.getSubject().getReference(), a));
        return byPatient;
    }

    /** The subjects of Katz ADL totals below full function: who may join elderly-adl on a birthday. */
    List<String> katzSubjects() {
        return Stored.search(
                        repository,
                        Observation.class,
                        Query.where("code", token(Scores.KATZ_TOTAL.getSystem(), Scores.KATZ_TOTAL.getCode())))
                .stream()
                .filter(o ->
                        Scores.value(o).orElse(RegistryRules.KATZ_FULL_FUNCTION) < RegistryRules.KATZ_FULL_FUNCTION)
                .map(o -> o.getSubject().getReference())
                .distinct()
                .toList();
    }

    /**
     * Every patient with data a registry reads: the subjects of ICD-10 Conditions, of PHQ-9, GAD-7 and Katz totals, of
     * LACE and HOSPITAL assessments, and of TCM episodes.
     */
    Set<String> candidates() {
        Set<String> patients = new TreeSet<>();
        Stored.search(repository, Condition.class, Query.all()).stream()
                .filter(c -> RegistryWrites.relevant(null, c))
                .forEach(c -> patients.addAll(RegistryWrites.patients(c)));
        Query scores = Query.where(
                "code",
                token(Scores.PHQ9_TOTAL.getSystem(), Scores.PHQ9_TOTAL.getCode()),
                token(Scores.GAD7_TOTAL.getSystem(), Scores.GAD7_TOTAL.getCode()),
                token(Scores.KATZ_TOTAL.getSystem(), Scores.KATZ_TOTAL.getCode()));
        Stored.search(repository, Observation.class, scores).forEach(o -> patients.addAll(RegistryWrites.patients(o)));
        Query risks = Query.where(
                "method",
                token(Scores.RISK_METHOD, Scores.LACE.getCode()),
                token(Scores.RISK_METHOD, Scores.HOSPITAL.getCode()));
        Stored.search(repository, RiskAssessment.class, risks)
                .forEach(a -> patients.addAll(RegistryWrites.patients(a)));
        Stored.search(repository, EpisodeOfCare.class, Query.where("type", token(RegistryRules.CARE_PROGRAMME, "tcm")))
                .forEach(e -> patients.addAll(RegistryWrites.patients(e)));
        return patients;
    }

    private static <T extends Resource> List<T> merged(
            List<T> stored, Class<T> type, Optional<Resource> written, Optional<String> deleted) {
        List<T> result = new ArrayList<>(stored);
        Optional<String> replaced = written.map(PopulationQueries::reference).or(() -> deleted);
        replaced.ifPresent(id -> result.removeIf(r -> reference(r).equals(id)));
        written.filter(type::isInstance).map(type::cast).ifPresent(result::add);
        return result;
    }

    private static String reference(Resource resource) {
        return resource.getIdElement().toUnqualifiedVersionless().getValue();
    }

    private static ca.uhn.fhir.rest.param.TokenParam token(String system, String code) {
        return Query.token(system, code);
    }
}
