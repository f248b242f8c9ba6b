package dev.careflow.programs.enrolment;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.fhir.repository.IRepository;
import ca.uhn.fhir.rest.param.ReferenceParam;
import dev.careflow.platform.Query;
import dev.careflow.platform.ReferenceIndex;
import dev.careflow.platform.Stored;
import dev.careflow.populations.Membership;
import dev.careflow.populations.RegistryMembers;
import dev.careflow.vocabulary.CodeSystems;
import dev.careflow.vocabulary.Extensions;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.Coverage;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;

/**
 * The reads of eligibility and enrolment: a patient's registries (the registry Groups' members, {@link
 * RegistryMembers}), primary care, Qualified Medicare Beneficiary status from an active Coverage, and programme
 * episodes.
 *
 * <p>QMB status is recorded on a Coverage of the patient (beneficiary, status active, period covering today) as a
 * {@code class} of type {@code coverage-class#subplan} whose value is the CMS Medicare-Medicaid dual status code
 * {@code 01} (QMB only) or {@code 02} (QMB plus full Medicaid), the code CMS's eligibility files carry.
 */
final class EnrolmentQueries {

    /** CMS dual status codes that mean Qualified Medicare Beneficiary. */
    static final Set<String> QMB_DUAL_STATUS = Set.of("01", "02");

    private final IRepository repository;
    private final RegistryMembers members;
    private final ReferenceIndex references;

    EnrolmentQueries(IRepository repository, RegistryMembers members) {
        this(repository, members, ReferenceIndex.fromResources(repository));
    }

    /** @param references where many Patients' general practitioners are read without reading the Patients */
    EnrolmentQueries(IRepository repository, RegistryMembers members, ReferenceIndex references) {
        this.repository = repository;
        this.members = members;
        this.references = references;
    }

    Patient patient(String patient) {
        return Stored.require(repository, Patient.class, patient);
    }

    /**
     * The known ones of the patients ({@code Patient/id}), each with its primary care ({@code
     * Patient.generalPractitioner} that names a stored or external resource), read without the Patients. Of several,
     * the first in sorted order (HAPI's index keeps no element order; {@link #facts(Patient, LocalDate, ZoneId)}, which
     * has the Patient, names the first listed): the verdicts are the same, only which practitioner a reason names may
     * differ.
     */
    Map<String, Optional<String>> primaryCare(Collection<String> patients) {
        Map<String, Optional<String>> primaryCare = new LinkedHashMap<>();
        references
                .of("Patient", "Patient.generalPractitioner", patients)
                .forEach((patient, practitioners) ->
                        primaryCare.put(patient, practitioners.stream().findFirst()));
        return primaryCare;
    }

    PatientFacts facts(Patient patient, LocalDate today, ZoneId zone) {
        Optional<String> primaryCare = patient.getGeneralPractitioner().stream()
                .map(ReferenceIndex::target)
                .flatMap(Optional::stream)
                .findFirst();
        return facts(Map.of("Patient/" + patient.getIdElement().getIdPart(), primaryCare), today, zone)
                .values()
                .iterator()
                .next();
    }

    /**
     * The facts of each patient (by {@code Patient/id}, with its primary care as {@link #primaryCare} reads it), in
     * two searches whatever their number.
     */
    Map<String, PatientFacts> facts(Map<String, Optional<String>> patients, LocalDate today, ZoneId zone) {
        List<ReferenceParam> references =
                patients.keySet().stream().map(Query::reference).toList();
        Map<String, Map<String, List<PatientFacts.Evidence>>> registries =
                registries(members.of(List.copyOf(patients.keySet())));
        List<Coverage> coverages = Stored.search(
                repository,
                Coverage.class,
                Query.all().and("beneficiary", references).and("status", Query.token("active")));
        Map<String, PatientFacts> facts = new LinkedHashMap<>();
        patients.forEach((reference, primaryCare) -> facts.put(
                reference,
                new PatientFacts(
                        registries.getOrDefault(reference, Map.of()),
                        primaryCare,
                        qmbCoverage(coverages, reference, today, zone))));
        return facts;
    }

    /** Each member's registries (by Group id) with the evidence their membership names. */
    private static Map<String, Map<String, List<PatientFacts.Evidence>>> registries(List<Membership> memberships) {
        Map<String, Map<String, List<PatientFacts.Evidence>>> registries = new HashMap<>();
        for (Membership membership : memberships) {
            List<PatientFacts.Evidence> evidence = registries
                    .computeIfAbsent(membership.patient(), p -> new LinkedHashMap<>())
                    .computeIfAbsent(membership.registry().groupId(), r -> new ArrayList<>());
            membership.evidence().forEach(e -> evidence.add(evidence(e)));
        }
        return registries;
    }

    private static Optional<String> qmbCoverage(
            List<Coverage> coverages, String patient, LocalDate today, ZoneId zone) {
        return coverages.stream()
                .filter(c -> patient.equals(versionless(c.getBeneficiary())))
                .filter(c -> covers(c.getPeriod(), today, zone))
                .filter(c -> c.getClass_().stream()
                        .anyMatch(k -> k.getType().hasCoding(CodeSystems.COVERAGE_CLASS, "subplan")
                                && QMB_DUAL_STATUS.contains(k.getValue())))
                .map(c -> "Coverage/" + c.getIdElement().getIdPart())
                .findFirst();
    }

    /** The patient's programme episodes that are not entered in error. */
    List<EpisodeOfCare> episodes(String patient) {
        return episodesOf(List.of(Query.reference(patient)));
    }

    /** The programme episodes of the patients that are not entered in error. */
    List<EpisodeOfCare> episodesOf(List<ReferenceParam> patients) {
        return Stored.search(repository, EpisodeOfCare.class, Query.all().and("patient", patients)).stream()
                .filter(e -> e.getStatus() != EpisodeOfCare.EpisodeOfCareStatus.ENTEREDINERROR)
                .filter(e -> e.getType().stream().anyMatch(t -> Programme.of(t).isPresent()))
                .toList();
    }

    /** The patient's programme episodes as the enrolment rules see them. */
    List<Enrolled> enrolled(List<EpisodeOfCare> episodes, ZoneId zone) {
        List<Enrolled> enrolled = new ArrayList<>();
        for (EpisodeOfCare episode : episodes) {
            Programme programme = episode.getType().stream()
                    .map(Programme::of)
                    .flatMap(Optional::stream)
                    .findFirst()
                    .orElseThrow();
            Optional<String> billing = Optional.ofNullable(episode.getExtensionByUrl(Extensions.BILLING_PRACTITIONER))
                    .filter(e -> e.getValue() instanceof Reference)
                    .map(e -> versionless((Reference) e.getValue()));
            enrolled.add(new Enrolled(
                    "EpisodeOfCare/" + episode.getIdElement().getIdPart(),
                    programme,
                    billing,
                    episode.getPeriod().hasStart() ? day(episode.getPeriod().getStartElement(), zone) : LocalDate.MIN,
                    episode.getPeriod().hasEnd()
                            ? Optional.of(day(episode.getPeriod().getEndElement(), zone))
                            : Optional.empty()));
        }
        return enrolled;
    }

    static boolean covers(Period period, LocalDate day, ZoneId zone) {
        boolean started =
                !period.hasStart() || !day(period.getStartElement(), zone).isAfter(day);
        boolean notEnded =
                !period.hasEnd() || !day(period.getEndElement(), zone).isBefore(day);
        return started && notEnded;
    }

    /** The day of a date or dateTime in the care team's zone (a date-only value is that date, whatever the zone). */
    static LocalDate day(BaseDateTimeType value, ZoneId zone) {
        if (value.getPrecision().ordinal() <= TemporalPrecisionEnum.DAY.ordinal()) {
            String text = value.getValueAsString();
            return LocalDate.parse(text.length() == 4 ? text + "-01-01" : text.length() == 7 ? text + "-01" : text);
        }
        return value.getValue().toInstant().atZone(zone).toLocalDate();
    }

    /** The reason's code (else its text), its text (else the code's display, else the code), and the detail. */
    private static PatientFacts.Evidence evidence(Membership.Reason reason) {
        boolean coded = reason.system() != null || reason.code() != null || reason.display() != null;
        String code = coded ? reason.code() : reason.text();
        String text = reason.text() != null ? reason.text() : coded ? reason.display() : code;
        Optional<String> detail = reason.detail() == null || reason.detail().isBlank()
                ? Optional.empty()
                : Optional.of(
                        new IdType(reason.detail()).toUnqualifiedVersionless().getValue());
        return new PatientFacts.Evidence(code == null ? "" : code, text == null ? "" : text, detail);
    }

    static String versionless(Reference reference) {
        return reference.getReferenceElement().toUnqualifiedVersionless().getValue();
    }
}
