package dev.careflow.medications;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The pure rule of medication reconciliation: the pre-admission list against the discharge list, matched by medication
 * (its RxNorm code, else another code, else its name), each medication one of: {@code new} (on the discharge list
 * only), {@code stopped} (pre-admission only), {@code changed} (on both, with another dose or frequency), {@code
 * unchanged}; {@code duplicated} for a medication that appears more than once on the discharge list (two orders of
 * one drug, a common error after a discharge); and {@code duplicated-class} for two different medications of the
 * discharge list in one therapeutic class ({@link TherapeuticClasses}: two ACE inhibitors, an ACE inhibitor and an
 * angiotensin receptor blocker, two NSAIDs). A same-drug duplicate keeps its {@code duplicated} flag.
 */
public final class MedicationReconciliation {

    /** A medication as listed: what it is, how much, how often, and where it came from ({@code Type/id}). */
    public record Medication(
            String key,
            String name,
            Optional<String> dose,
            Optional<String> frequency,
            String source,
            Optional<TherapeuticClasses.TherapeuticClass> therapeuticClass) {
        public Medication {
            Objects.requireNonNull(key, "key");
        }

        /** A medication of no known therapeutic class. */
        public Medication(String key, String name, Optional<String> dose, Optional<String> frequency, String source) {
            this(key, name, dose, frequency, source, Optional.empty());
        }
    }

    public enum Change {
        NEW("new", "New"),
        STOPPED("stopped", "Stopped"),
        CHANGED("changed", "Changed dose or frequency"),
        DUPLICATED("duplicated", "Duplicated"),
        DUPLICATED_CLASS("duplicated-class", "Duplicated therapeutic class"),
        UNCHANGED("unchanged", "Unchanged");

        private final String code;
        private final String display;

        Change(String code, String display) {
            this.code = code;
            this.display = display;
        }

        public String code() {
            return code;
        }

        public String display() {
            return display;
        }
    }

    /** One line of the reconciliation: the change, the medication before and after, and what changed in words. */
    public record Difference(
            Change change, Optional<Medication> before, Optional<Medication> after, String description) {}

    private MedicationReconciliation() {}

    /** The differences, discharge order first, then what was stopped. */
    public static List<Difference> reconcile(List<Medication> preAdmission, List<Medication> discharge) {
        Map<String, Medication> before = new LinkedHashMap<>();
        preAdmission.forEach(m -> before.putIfAbsent(m.key(), m));
        Map<String, Integer> counts = new LinkedHashMap<>();
        discharge.forEach(m -> counts.merge(m.key(), 1, Integer::sum));
        List<Difference> differences = new ArrayList<>();
        for (Medication after : discharge) {
            Medication was = before.get(after.key());
            if (counts.get(after.key()) > 1) {
                differences.add(new Difference(
                        Change.DUPLICATED,
                        Optional.ofNullable(was),
                        Optional.of(after),
                        after.name() + " is on the discharge list " + counts.get(after.key()) + " times"));
            } else if (was == null) {
                differences.add(
                        new Difference(Change.NEW, Optional.empty(), Optional.of(after), "New: " + describe(after)));
            } else if (!was.dose().equals(after.dose()) || !was.frequency().equals(after.frequency())) {
                differences.add(new Difference(
                        Change.CHANGED,
                        Optional.of(was),
                        Optional.of(after),
                        after.name() + ": " + describe(was) + " -> " + describe(after)));
            } else {
                differences.add(new Difference(
                        Change.UNCHANGED, Optional.of(was), Optional.of(after), "Unchanged: " + describe(after)));
            }
        }
        for (Medication was : before.values()) {
            if (!counts.containsKey(was.key())) {
                differences.add(new Difference(
                        Change.STOPPED, Optional.of(was), Optional.empty(), "Stopped: " + describe(was)));
            }
        }
        return sameClass(differences);
    }

    /**
     * Discharge medications (other than same-drug duplicates) that share a therapeutic class with another medication of
     * the discharge list become {@code duplicated-class}, the description naming them all.
     */
    private static List<Difference> sameClass(List<Difference> differences) {
        Map<String, List<Medication>> byClass = differences.stream()
                .filter(d -> d.change() != Change.STOPPED && d.change() != Change.DUPLICATED)
                .map(d -> d.after().orElseThrow())
                .filter(m -> m.therapeuticClass().isPresent())
                .collect(Collectors.groupingBy(
                        m -> m.therapeuticClass().get().key(), LinkedHashMap::new, Collectors.toList()));
        byClass.values()
                .removeIf(same -> same.stream().map(Medication::key).distinct().count() < 2);
        if (byClass.isEmpty()) {
            return differences;
        }
        return differences.stream()
                .map(d -> d.after()
                        .filter(m -> d.change() != Change.DUPLICATED)
                        .flatMap(Medication::therapeuticClass)
                        .filter(c -> byClass.containsKey(c.key()))
                        .map(c -> new Difference(
                                Change.DUPLICATED_CLASS,
                                d.before(),
                                d.after(),
                                byClass.get(c.key()).stream()
                                                .map(Medication::name)
                                                .collect(Collectors.joining(" and "))
                                        + ": one therapeutic class, " + c.name() + " (" + d.description() + ")"))
                        .orElse(d))
                .toList();
    }

    private static String describe(Medication medication) {
        return medication.name()
                + medication.dose().map(d -> " " + d).orElse("")
                + medication.frequency().map(f -> " " + f).orElse("");
    }
}
