package dev.careflow.programs.enrolment;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What CMS does not allow together, and when a withdrawal takes effect (pure rules). Both concern the same billing
 * practitioner in the same calendar month:
 *
 * <ul>
 *   <li>CCM (99490, 99439, 99491, 99437) or complex CCM (99487, 99489) and PCM (99424-99427): the CMS Care Management
 *       Services booklet (MLN909188): "the same practitioner can't bill CCM and PCM for the same patient in the same
 *       month".
 *   <li>APCM (G0556-G0558) and CCM, complex CCM, PCM or TCM (99495, 99496): CY 2025 Physician Fee Schedule final rule
 *       (CMS-1807-F, 89 FR 97710, section II.G): APCM bundles elements of these services, so the practitioner billing
 *       APCM does not bill them for the same patient in the same month.
 * </ul>
 *
 * An enrolment runs from its start month on, so it conflicts with every episode of the same practitioner that has not
 * ended before the first day of that month.
 */
public final class EnrolmentRules {

    private EnrolmentRules() {}

    private static final Set<Programme> CCM_FAMILY = EnumSet.of(Programme.CCM, Programme.COMPLEX_CCM);

    private static final Map<Programme, Set<Programme>> EXCLUDED = Map.of(
            Programme.CCM, EnumSet.of(Programme.PCM, Programme.APCM),
            Programme.COMPLEX_CCM, EnumSet.of(Programme.PCM, Programme.APCM),
            Programme.PCM, EnumSet.of(Programme.CCM, Programme.COMPLEX_CCM, Programme.APCM),
            Programme.TCM, EnumSet.of(Programme.APCM),
            Programme.APCM, EnumSet.of(Programme.CCM, Programme.COMPLEX_CCM, Programme.PCM, Programme.TCM));

    /** The running episode of the same programme, if the patient has one on or after the start. */
    public static Optional<Enrolled> running(Programme programme, LocalDate start, List<Enrolled> episodes) {
        return episodes.stream()
                .filter(e -> e.programme() == programme && e.runsOnOrAfter(start))
                .findFirst();
    }

    /** Why the new enrolment cannot be billed beside the patient's other episodes; empty when it can. */
    public static List<String> conflicts(
            Programme programme, String billingPractitioner, LocalDate start, List<Enrolled> episodes) {
        LocalDate month = YearMonth.from(start).atDay(1);
        List<String> reasons = new ArrayList<>();
        for (Enrolled other : episodes) {
            if (other.billingPractitioner().equals(Optional.of(billingPractitioner))
                    && other.runsOnOrAfter(month)
                    && EXCLUDED.getOrDefault(programme, Set.of()).contains(other.programme())) {
                reasons.add(programme.code() + " and " + other.programme().code() + " (" + other.episode()
                        + ") cannot be billed by the same practitioner (" + billingPractitioner
                        + ") for the same patient in the same calendar month: " + source(programme, other.programme()));
            }
        }
        return reasons;
    }

    private static String source(Programme a, Programme b) {
        if (a == Programme.APCM || b == Programme.APCM) {
            return "APCM bundles CCM, PCM and TCM (CY 2025 Physician Fee Schedule final rule, CMS-1807-F, section II.G)";
        }
        return CCM_FAMILY.contains(a) || CCM_FAMILY.contains(b)
                ? "CCM and PCM by one practitioner in one month (CMS Care Management Services booklet, MLN909188)"
                : "CMS care management rules";
    }

    /**
     * The last day of a withdrawn episode: the end of the calendar month of the withdrawal (the month already begun is
     * billed), never before the episode's start.
     */
    public static LocalDate withdrawalEnd(LocalDate today, LocalDate start) {
        LocalDate monthEnd = YearMonth.from(today).atEndOfMonth();
        return monthEnd.isBefore(start) ? start : monthEnd;
    }
}
