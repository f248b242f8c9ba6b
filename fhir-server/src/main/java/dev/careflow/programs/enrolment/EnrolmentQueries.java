package dev.careflow.programs.enrolment;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.fhir.repository.IRepository;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import dev.careflow.platform.Query;
import dev.careflow.platform.Stored;
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
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coverage;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;

/**
 * The reads of eligibility and enrolment: a patient's registries ({@code Group?member=}), primary care, Qualified
 * Medicare Beneficiary status from an active Coverage, and programme episodes.
 *
 * <p>QMB status is recorded on a Coverage of the patient (beneficiary, status active, period covering today) as a
 * {@code class} of type {@code coverage-class#subplan} whose value is the CMS Medicare-Medicaid dual status code
 * {@code 01} (QMB only) or {@code 02} (QMB plus full Medicaid), the code CMS's eligibility files carry.
 */
final class EnrolmentQueries {

    /** CMS dual status codes that mean Qualified Medicare Beneficiary. */
    static final Set<String> QMB_DUAL_STATUS = Set.of("01", "02");

    private final IRepository repository;

    EnrolmentQueries(IRepository repository) {
        this.repository = repository;
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
        Map<String, Map<String, List<PatientFacts.Evidence>>> registries =
                registries(Stored.search(repository, Group.class, Query.all().and("member", references)));
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

    /**
     * Each member's registries (by Group id) with the evidence their membership names, in one pass over the Groups: a
     * registry Group lists thousands of members, and a caseload asks for hundreds of patients.
     */
    private static Map<String, Map<String, List<PatientFacts.Evidence>>> registries(List<Group> groups) {
        Map<String, Map<String, List<PatientFacts.Evidence>>> registries = new HashMap<>();
        for (Group group : groups) {
            String registry = group.getIdElement().getIdPart();
            for (Group.GroupMemberComponent member : group.getMember()) {
                List<PatientFacts.Evidence> evidence = registries
                        .computeIfAbsent(versionless(member.getEntity()), p -> new LinkedHashMap<>())
                        .computeIfAbsent(registry, r -> new ArrayList<>());
                member.getExtensionsByUrl(Extensions.REGISTRY_EVIDENCE).forEach(e -> evidence.add(evidence(e)));
            }
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

    private static PatientFacts.Evidence evidence(Extension extension) {
        Extension reason = extension.getExtensionByUrl("reason");
        Extension detail = extension.getExtensionByUrl("detail");
        String code = "";
        String text = "";
        if (reason != null && reason.getValue() instanceof CodeableConcept concept) {
            code = concept.hasCoding() ? concept.getCodingFirstRep().getCode() : concept.getText();
            text = concept.hasText()
                    ? concept.getText()
                    : concept.hasCoding() ? concept.getCodingFirstRep().getDisplay() : code;
        }
        Optional<String> target = detail != null && detail.getValue() instanceof Reference r && r.hasReference()
                ? Optional.of(versionless(r))
                : Optional.empty();
        return new PatientFacts.Evidence(code == null ? "" : code, text == null ? "" : text, target);
    }

    static String versionless(Reference reference) {
        return reference.getReferenceElement().toUnqualifiedVersionless().getValue();
    }
}
