package dev.careflow.programs.billing;

import dev.careflow.programs.TimeTally;
import dev.careflow.task.CareTask;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.hl7.fhir.r4.model.Task;

/**
 * Which programme a completed Task's minutes count for, so that one activity is counted once: a TCM Task (or one
 * about a TCM episode's discharge encounter) counts for TCM only; any other Task for the first timed programme
 * ({@link BillingRules#TIMED_PROGRAMMES}) whose consented episode covers the Task's start; otherwise for none. Minutes
 * of the episode's billing practitioner himself are physician/QHP time, anyone else's clinical staff time.
 */
final class MinuteAttribution {

    /** The minutes an episode earned in the month and the Tasks that recorded them. */
    record Minutes(long staff, long physician, List<String> staffTasks, List<String> physicianTasks) {

        /** The Tasks whose minutes a code of this measure counts. */
        List<String> tasks(BillingRules.Measure measure) {
            return switch (measure) {
                case STAFF_MINUTES -> staffTasks;
                case PHYSICIAN_MINUTES -> physicianTasks;
                default -> {
                    List<String> all = new ArrayList<>(staffTasks);
                    all.addAll(physicianTasks);
                    yield all;
                }
            };
        }
    }

    private final Map<String, long[]> minutes = new HashMap<>();
    private final Map<String, List<String>> tasks = new HashMap<>();
    private long tcmMinutes;
    private long outsideMinutes;

    private MinuteAttribution() {}

    /**
     * @param enrolments the patient's episodes in the month (those that bill)
     * @param tcmEncounters the discharge encounters of the patient's TCM episodes ({@code Encounter/id})
     * @param practitionerOf the practitioner a Task owner stands for
     */
    static MinuteAttribution of(
            List<Task> completed,
            BillingMonth month,
            List<Enrolment> enrolments,
            Set<String> tcmEncounters,
            Function<String, Optional<String>> practitionerOf) {
        MinuteAttribution attribution = new MinuteAttribution();
        for (Task task : completed) {
            Optional<Duration> spent = TimeTally.spent(task);
            if (spent.isEmpty() || !month.contains(task.getExecutionPeriod().getStart())) {
                continue;
            }
            String owner = task.getOwner().getReference();
            if (owner != null && !owner.startsWith("Practitioner/") && !owner.startsWith("PractitionerRole/")) {
                continue;
            }
            long taken = spent.get().toMinutes();
            if (CareTask.isTcm(task)
                    || tcmEncounters.contains(task.getEncounter().getReference())) {
                attribution.tcmMinutes += taken;
                continue;
            }
            Optional<Enrolment> enrolment = BillingRules.TIMED_PROGRAMMES.stream()
                    .flatMap(programme -> enrolments.stream()
                            .filter(e -> e.programme().equals(programme))
                            .filter(e -> e.covers(task.getExecutionPeriod().getStart())))
                    .findFirst();
            if (enrolment.isEmpty()) {
                attribution.outsideMinutes += taken;
                continue;
            }
            boolean physician =
                    practitionerOf.apply(owner).equals(enrolment.get().billingPractitioner());
            String episode = enrolment.get().reference();
            attribution.minutes.computeIfAbsent(episode, e -> new long[2])[physician ? 1 : 0] += taken;
            attribution
                    .tasks
                    .computeIfAbsent(episode + (physician ? "#physician" : "#staff"), e -> new ArrayList<>())
                    .add(reference(task));
        }
        return attribution;
    }

    private static String reference(Task task) {
        return task.getIdElement().toUnqualifiedVersionless().getValue();
    }

    Minutes of(String episode) {
        long[] counted = minutes.getOrDefault(episode, new long[2]);
        return new Minutes(
                counted[0],
                counted[1],
                tasks.getOrDefault(episode + "#staff", List.of()),
                tasks.getOrDefault(episode + "#physician", List.of()));
    }

    /** Minutes under a TCM episode, counted for no other programme. */
    long tcmMinutes() {
        return tcmMinutes;
    }

    /** Minutes outside any consented episode of the month, counted for none. */
    long outsideMinutes() {
        return outsideMinutes;
    }
}
