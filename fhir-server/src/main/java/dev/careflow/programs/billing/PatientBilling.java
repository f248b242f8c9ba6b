package dev.careflow.programs.billing;

import dev.careflow.vocabulary.CodeSystems;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Observation;

/**
 * The codes one patient earns for one billing practitioner in a month, from the facts billing read (pure): the
 * minutes each episode earned ({@link MinuteAttribution}), the device readings, the TCM episodes, and which codes were
 * billed once already. One billing practitioner per programme and month: of two consented episodes of a programme,
 * the one that covers the earliest part of the month bills it.
 */
final class PatientBilling {

    /** The facts of one patient's month. */
    record Facts(
            String patient,
            BillingMonth month,
            List<Enrolment> enrolments,
            MinuteAttribution minutes,
            List<Observation> readings,
            List<TcmEpisodes.TcmEpisode> tcm,
            Set<String> setupBilledElsewhere,
            Map<String, List<String>> communications) {}

    private PatientBilling() {}

    static PatientBill bill(Facts facts, String practitioner) {
        List<PatientBill.Charge> charges = new ArrayList<>();
        List<String> shortfalls = new ArrayList<>();
        for (Enrolment enrolment : keepers(facts.enrolments(), shortfalls, practitioner)) {
            if (!enrolment.billingPractitioner().orElse("").equals(practitioner)) {
                continue;
            }
            switch (enrolment.programme()) {
                case "tcm" -> tcm(facts, enrolment, charges, shortfalls);
                case "apcm" -> apcm(enrolment, charges, shortfalls);
                default -> timed(facts, enrolment, charges, shortfalls);
            }
        }
        return new PatientBill(
                facts.patient(),
                charges,
                shortfalls,
                facts.minutes().tcmMinutes(),
                facts.minutes().outsideMinutes());
    }

    /** The episodes that bill; the practitioner's refused ones are explained. */
    private static List<Enrolment> keepers(List<Enrolment> enrolments, List<String> shortfalls, String practitioner) {
        List<Enrolment> keepers = new ArrayList<>();
        for (Enrolment enrolment : enrolments.stream()
                .sorted(Comparator.comparing(Enrolment::from).thenComparing(Enrolment::reference))
                .toList()) {
            boolean mine = enrolment.billingPractitioner().orElse("").equals(practitioner);
            Optional<Enrolment> holder = keepers.stream()
                    .filter(k -> k.programme().equals(enrolment.programme()))
                    .findFirst();
            if (enrolment.refusal().isPresent()) {
                if (mine) {
                    shortfalls.add(enrolment.programme() + " (" + enrolment.reference() + "): nothing billed, "
                            + enrolment.refusal().get());
                }
            } else if (holder.isPresent()
                    && !holder.get().billingPractitioner().equals(enrolment.billingPractitioner())) {
                if (mine) {
                    shortfalls.add(enrolment.programme() + " (" + enrolment.reference() + "): nothing billed, "
                            + holder.get().billingPractitioner().orElse("") + " bills " + enrolment.programme()
                            + " for this patient this month");
                }
            } else {
                keepers.add(enrolment);
            }
        }
        return keepers;
    }

    private static void timed(
            Facts facts, Enrolment enrolment, List<PatientBill.Charge> charges, List<String> shortfalls) {
        MinuteAttribution.Minutes minutes = facts.minutes().of(enrolment.reference());
        boolean rpm = enrolment.programme().equals("rpm");
        List<Observation> readings = rpm
                ? facts.readings().stream()
                        .filter(o ->
                                enrolment.covers(o.getEffectiveDateTimeType().getValue()))
                        .toList()
                : List.of();
        int days = (int) readings.stream()
                .map(o -> facts.month().day(o.getEffectiveDateTimeType().getValue()))
                .distinct()
                .count();
        BillingRules.Outcome outcome = BillingRules.evaluate(new BillingRules.Measured(
                enrolment.programme(),
                minutes.staff(),
                minutes.physician(),
                days,
                enrolment.startsIn(facts.month()),
                facts.setupBilledElsewhere().contains(enrolment.reference())));
        List<String> readingEvidence = readings.stream()
                .map(o -> o.getIdElement().toUnqualifiedVersionless().getValue())
                .toList();
        for (BillingRules.Earned earned : outcome.earned()) {
            boolean byDays = earned.rule().measure() == BillingRules.Measure.DEVICE_DAYS;
            charges.add(charge(
                    enrolment,
                    earned.rule().code(),
                    earned.units(),
                    Optional.of(earned.measured()),
                    byDays ? "days" : "minutes",
                    byDays
                            ? readingEvidence
                            : withCalls(minutes.tasks(earned.rule().measure()), facts)));
        }
        outcome.shortfalls().forEach(s -> shortfalls.add(enrolment.programme() + ": " + s));
    }

    /** The Tasks and their outreach Communications. */
    private static List<String> withCalls(List<String> tasks, Facts facts) {
        List<String> evidence = new ArrayList<>(tasks);
        tasks.forEach(task -> evidence.addAll(facts.communications().getOrDefault(task, List.of())));
        return evidence;
    }

    private static void apcm(Enrolment enrolment, List<PatientBill.Charge> charges, List<String> shortfalls) {
        Optional<String> level = level(enrolment.episode());
        if (level.isEmpty()) {
            shortfalls.add("apcm (" + enrolment.reference() + "): nothing billed, the APCM level is unknown (no"
                    + " G0556, G0557 or G0558 on the episode)");
            return;
        }
        charges.add(charge(enrolment, level.get(), 1, Optional.empty(), "month", List.of()));
    }

    /** The APCM level the episode records: a HCPCS coding of its type (G0556, G0557 or G0558). */
    static Optional<String> level(EpisodeOfCare episode) {
        Set<String> levels = Set.of("G0556", "G0557", "G0558");
        return episode.getType().stream()
                .flatMap(t -> t.getCoding().stream())
                .filter(c -> CodeSystems.HCPCS.equals(c.getSystem()) && levels.contains(c.getCode()))
                .map(c -> c.getCode())
                .findFirst();
    }

    private static void tcm(
            Facts facts, Enrolment enrolment, List<PatientBill.Charge> charges, List<String> shortfalls) {
        Optional<TcmEpisodes.TcmEpisode> found = facts.tcm().stream()
                .filter(t -> t.episode().equals(enrolment.reference()))
                .findFirst();
        if (found.isEmpty()) {
            return;
        }
        TcmEpisodes.TcmEpisode tcm = found.get();
        YearMonth month = facts.month().month();
        boolean visitedThisMonth =
                tcm.visited().map(YearMonth::from).filter(month::equals).isPresent();
        if (tcm.met() && visitedThisMonth) {
            charges.add(charge(enrolment, tcm.cpt(), 1, Optional.empty(), "event", tcm.tasks()));
        } else if (!tcm.met() && (tcm.visited().isEmpty() || visitedThisMonth)) {
            shortfalls.add("tcm (" + enrolment.reference() + "): " + tcm.cpt() + " not earned: "
                    + tcm.missing().stream().collect(Collectors.joining("; ")));
        }
    }

    private static PatientBill.Charge charge(
            Enrolment enrolment, String code, int units, Optional<Long> measured, String unit, List<String> evidence) {
        return new PatientBill.Charge(
                code,
                enrolment.programme(),
                units,
                measured,
                unit,
                enrolment.reference(),
                enrolment.billingPractitioner().orElseThrow(),
                List.copyOf(evidence));
    }
}
