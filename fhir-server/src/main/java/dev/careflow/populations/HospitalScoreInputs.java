package dev.careflow.populations;

import dev.careflow.vocabulary.CodeSystems;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Quantity;

/**
 * The HOSPITAL score's inputs from a finished inpatient Encounter and the patient's resources; the score is computed
 * only where every input exists (else empty). Pure. The FHIR fields read:
 *
 * <ul>
 *   <li>Hemoglobin: the last final Observation LOINC 718-7 or 30313-1 effective during the stay (admission day to the
 *       day after discharge), valueQuantity in g/dL (g/L divided by 10) — required;
 *   <li>Sodium: the same for LOINC 2951-2 or 2947-0, in mmol/L (or mEq/L) — required;
 *   <li>Oncology: Encounter.serviceType coded SNOMED CT 394593009 (medical oncology) or 394592004 (clinical
 *       oncology), or naming oncology in its text;
 *   <li>Procedure: a Procedure (not entered-in-error, not-done) whose encounter is this one or performed during the
 *       stay;
 *   <li>Urgent admission: Encounter.priority EM or UR (v3 ActPriority), class EMER, or admitSource emd;
 *   <li>Admissions: the patient's other inpatient Encounters (class IMP, ACUTE, NONAC) starting in the 12 months
 *       before this admission;
 *   <li>Length of stay: days from Encounter.period.start to .end (both required).
 * </ul>
 */
public final class HospitalScoreInputs {

    static final Set<String> HEMOGLOBIN = Set.of("718-7", "30313-1");
    static final Set<String> SODIUM = Set.of("2951-2", "2947-0");
    static final Set<String> INPATIENT = Set.of("IMP", "ACUTE", "NONAC");
    private static final Set<String> ONCOLOGY = Set.of("394593009", "394592004");

    private HospitalScoreInputs() {}

    /** Whether the encounter is a finished inpatient stay with both ends: the stays the score is for. */
    public static boolean isDischarge(Encounter encounter) {
        return encounter.getStatus() == Encounter.EncounterStatus.FINISHED
                && INPATIENT.contains(encounter.getClass_().getCode())
                && encounter.getPeriod().hasStart()
                && encounter.getPeriod().hasEnd();
    }

    public static Optional<HospitalScore> of(
            Encounter encounter, List<Observation> labs, List<Procedure> procedures, List<Encounter> encounters) {
        if (!isDischarge(encounter)) {
            return Optional.empty();
        }
        Date admitted = encounter.getPeriod().getStart();
        Date until = Date.from(encounter.getPeriod().getEnd().toInstant().plus(1, ChronoUnit.DAYS));
        Optional<Double> hemoglobin =
                lastDuring(labs, HEMOGLOBIN, admitted, until).map(q -> grams(q));
        Optional<Double> sodium =
                lastDuring(labs, SODIUM, admitted, until).map(q -> q.getValue().doubleValue());
        if (hemoglobin.isEmpty() || sodium.isEmpty()) {
            return Optional.empty();
        }
        LocalDate start = Scores.localDate(encounter.getPeriod().getStartElement());
        LocalDate end = Scores.localDate(encounter.getPeriod().getEndElement());
        String id = encounter.getIdElement().toUnqualifiedVersionless().getValue();
        boolean procedure = procedures.stream()
                .filter(p -> p.getStatus() != Procedure.ProcedureStatus.ENTEREDINERROR
                        && p.getStatus() != Procedure.ProcedureStatus.NOTDONE)
                .anyMatch(p -> id.equals(p.getEncounter().getReference())
                        || (p.hasPerformedDateTimeType()
                                && !p.getPerformedDateTimeType().getValue().before(admitted)
                                && p.getPerformedDateTimeType().getValue().before(until)));
        Date yearBefore = Date.from(admitted.toInstant().minus(365, ChronoUnit.DAYS));
        int admissions = (int) encounters.stream()
                .filter(e ->
                        !id.equals(e.getIdElement().toUnqualifiedVersionless().getValue()))
                .filter(e -> INPATIENT.contains(e.getClass_().getCode())
                        && e.getPeriod().hasStart())
                .filter(e -> e.getStatus() != Encounter.EncounterStatus.ENTEREDINERROR
                        && e.getStatus() != Encounter.EncounterStatus.CANCELLED)
                .filter(e -> !e.getPeriod().getStart().before(yearBefore)
                        && e.getPeriod().getStart().before(admitted))
                .count();
        return Optional.of(new HospitalScore(
                hemoglobin.get(), oncology(encounter), sodium.get(), procedure, urgent(encounter), admissions, (int)
                        Math.max(0, ChronoUnit.DAYS.between(start, end))));
    }

    private static Optional<Quantity> lastDuring(List<Observation> labs, Set<String> codes, Date from, Date until) {
        return labs.stream()
                .filter(o -> o.getStatus() == Observation.ObservationStatus.FINAL
                        || o.getStatus() == Observation.ObservationStatus.AMENDED
                        || o.getStatus() == Observation.ObservationStatus.CORRECTED)
                .filter(o -> o.getCode().getCoding().stream()
                        .anyMatch(c -> CodeSystems.LOINC.equals(c.getSystem()) && codes.contains(c.getCode())))
                .filter(o -> o.hasEffectiveDateTimeType()
                        && o.hasValueQuantity()
                        && o.getValueQuantity().hasValue())
                .filter(o -> !o.getEffectiveDateTimeType().getValue().before(from)
                        && o.getEffectiveDateTimeType().getValue().before(until))
                .max(Comparator.comparing(o -> o.getEffectiveDateTimeType().getValue()))
                .map(Observation::getValueQuantity);
    }

    private static double grams(Quantity quantity) {
        String unit = quantity.hasCode() ? quantity.getCode() : quantity.getUnit();
        double value = quantity.getValue().doubleValue();
        return "g/L".equals(unit) ? value / 10 : value;
    }

    private static boolean oncology(Encounter encounter) {
        boolean coded = encounter.getServiceType().getCoding().stream()
                .anyMatch(c -> CodeSystems.SNOMED.equals(c.getSystem()) && ONCOLOGY.contains(c.getCode()));
        String text = encounter.getServiceType().getText();
        return coded || (text != null && text.toLowerCase(Locale.ROOT).contains("oncology"));
    }

    private static boolean urgent(Encounter encounter) {
        boolean priority = encounter.getPriority().getCoding().stream()
                .anyMatch(c -> "EM".equals(c.getCode()) || "UR".equals(c.getCode()));
        boolean emergencyClass = "EMER".equals(encounter.getClass_().getCode());
        boolean fromEmergency = encounter.getHospitalization().getAdmitSource().getCoding().stream()
                .anyMatch(c -> "emd".equals(c.getCode()));
        return priority || emergencyClass || fromEmergency;
    }
}
