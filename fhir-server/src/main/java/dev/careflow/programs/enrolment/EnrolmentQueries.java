package dev.careflow.programs.enrolment;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.fhir.repository.IRepository;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import dev.careflow.platform.Query;
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

    EnrolmentQueries(IRepository repository, RegistryMembers members) {
        this.repository = repository;
        this.members = members;
    }

    Patient patient(String patient) {
        return Stored.require(repository, Patient.class, patient);
    }

    /** The known ones of the patients ({@code Patient/id}). */
    List<Patient> patients(Collection<String> patients) {
        List<TokenParam> ids = patients.stream()
                .map(p -> Query.token(p.substring(p.indexOf('/') + 1)))
                .toList();
        return Stored.search(repository, Patient.class, Query.all().and("_id", ids));
    }

    PatientFacts facts(Patient patient, LocalDate today, ZoneId zone) {
        return facts(List.of(patient), today, zone).values().iterator().next();
    }

    /** The facts of each patient (by {@code Patient/id}), in three searches whatever their number. */
    Map<String, PatientFacts> facts(Collection<Patient> patients, LocalDate today, ZoneId zone) {
        List<ReferenceParam> references = patients.stream()
                .map(p -> Query.reference("Patient/" + p.getIdElement().getIdPart()))
                .toList();
        Map<String, Map<String, List<PatientFacts.Evidence>>> registries = registries(members.of(patients.stream()
                .map(p -> "Patient/" + p.getIdElement().getIdPart())
                .toList()));
        List<Coverage> coverages = Stored.search(
                repository,
                Coverage.class,
                Query.all().and("beneficiary", references).and("status", Query.token("active")));
        Map<String, PatientFacts> facts = new LinkedHashMap<>();
        for (Patient patient : patients) {
            String reference = "Patient/" + patient.getIdElement().getIdPart();
            Optional<String> primaryCare = patient.getGeneralPractitioner().stream()
                    .filter(Reference::hasReference)
                    .map(EnrolmentQueries::versionless)
                    .findFirst();
            facts.put(
                    reference,
                    new PatientFacts(
                            registries.getOrDefault(reference, Map.of()),
                            primaryCare,
                            qmbCoverage(coverages, reference, today, zone)));
        }
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
