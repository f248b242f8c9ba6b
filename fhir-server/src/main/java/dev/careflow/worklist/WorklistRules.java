package dev.careflow.worklist;

import static dev.careflow.worklist.WorklistQueries.key;
import static dev.careflow.worklist.WorklistQueries.versionless;

import dev.careflow.task.CareTask;
import dev.careflow.task.TaskDue;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Task;

/**
 * The worklist's rules, with no storage: why an item is on the worklist ({@link WorkCategory}), how urgent a Task is,
 * and the order of the list (category, then deadline, then priority).
 */
final class WorklistRules {

    /** A discharge stays news for two days. */
    static final Duration NEW_DISCHARGE = Duration.ofHours(48);

    /** A TCM deadline this close is flagged. */
    static final Duration TCM_DUE_SOON = Duration.ofHours(24);

    /** The worklist's order: most urgent category first, then the earliest deadline, the highest priority. */
    static final Comparator<WorklistService.Item> ORDER = Comparator.comparing(WorklistService.Item::category)
            .thenComparing(i -> i.due().orElse(Instant.MAX))
            .thenComparing(WorklistService.Item::priority)
            .thenComparing(i -> i.resource().getIdElement().getIdPart());

    private final Instant now;
    private final ZoneId zone;

    WorklistRules(Instant now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    /** A Task on the worklist: safety first, then overdue, a TCM deadline within a day, due today, upcoming. */
    WorklistService.Item task(Task task) {
        Optional<Instant> deadline = TaskDue.deadline(task, zone);
        return new WorklistService.Item(category(task, deadline), task, patientOf(task), deadline, rank(task));
    }

    WorkCategory category(Task task, Optional<Instant> deadline) {
        if (CareTask.SAFETY_REVIEW.in(task.getCode())) {
            return WorkCategory.SAFETY_ALERT;
        }
        if (deadline.isEmpty()) {
            return WorkCategory.UPCOMING;
        }
        if (now.isAfter(deadline.get()) || TaskDue.isMarkedOverdue(task)) {
            return WorkCategory.OVERDUE;
        }
        if (CareTask.isTcm(task) && !deadline.get().isAfter(now.plus(TCM_DUE_SOON))) {
            return WorkCategory.TCM_DUE_SOON;
        }
        if (TaskDue.dueDate(task).map(LocalDate.ofInstant(now, zone)::equals).orElse(false)) {
            return WorkCategory.DUE_TODAY;
        }
        return WorkCategory.UPCOMING;
    }

    /** A discharge is news for two days after it ended, when its class is one that starts transitional care. */
    Optional<WorklistService.Item> newDischarge(Encounter encounter, Set<String> stayClasses) {
        Instant since = now.minus(NEW_DISCHARGE);
        boolean stay = stayClasses.contains(encounter.getClass_().getCode());
        if (!stay
                || !encounter.getPeriod().hasEnd()
                || encounter.getPeriod().getEnd().toInstant().isBefore(since)) {
            return Optional.empty();
        }
        return Optional.of(new WorklistService.Item(
                WorkCategory.NEW_DISCHARGE,
                encounter,
                versionless(encounter.getSubject().getReference()),
                Optional.of(encounter.getPeriod().getEnd().toInstant()),
                0));
    }

    /**
     * Health concerns no active plan addresses. A concern is planned for when an active plan addresses it, not when the
     * patient has some plan (the transitional-care plan addresses none of her screens).
     */
    static List<WorklistService.Item> positiveScreens(List<Condition> concerns, Set<String> addressed) {
        return concerns.stream()
                .filter(c -> !addressed.contains(key(c)))
                .map(c -> new WorklistService.Item(
                        WorkCategory.POSITIVE_SCREEN,
                        c,
                        versionless(c.getSubject().getReference()),
                        Optional.ofNullable(c.getRecordedDate()).map(Date::toInstant),
                        0))
                .toList();
    }

    /** Rejected referrals whose request is still active and that no other referral has taken over. */
    static List<WorklistService.Item> rejectedReferrals(List<Task> rejected, Set<String> active, Set<String> taken) {
        return rejected.stream()
                .filter(t -> active.contains(versionless(t.getFocus().getReference())))
                .filter(t -> !taken.contains(versionless(t.getFocus().getReference())))
                .map(t -> new WorklistService.Item(
                        WorkCategory.REJECTED_REFERRAL,
                        t,
                        patientOf(t),
                        Optional.ofNullable(t.getMeta().getLastUpdated()).map(Date::toInstant),
                        rank(t)))
                .toList();
    }

    /** Whether a Task meets the filters of the query (priority, code, due before). */
    static boolean matches(Task task, WorklistQuery query) {
        if (query.priority().isPresent()
                && task.getPriority() != query.priority().get()) {
            return false;
        }
        if (query.code().isPresent()
                && task.getCode().getCoding().stream()
                        .noneMatch(c -> query.code().get().equals(c.getCode())
                                && query.codeSystem()
                                        .map(s -> s.equals(c.getSystem()))
                                        .orElse(true))) {
            return false;
        }
        if (query.dueBefore().isPresent()) {
            return TaskDue.dueDate(task)
                    .map(due -> due.isBefore(query.dueBefore().get()))
                    .orElse(false);
        }
        return true;
    }

    /** stat, asap, urgent, then routine or none. */
    static int rank(Task task) {
        return task.getPriority() == null
                ? 3
                : switch (task.getPriority()) {
                    case STAT -> 0;
                    case ASAP -> 1;
                    case URGENT -> 2;
                    default -> 3;
                };
    }

    static String patientOf(Task task) {
        return task.getFor().hasReference() ? versionless(task.getFor().getReference()) : null;
    }

    /** Caseload order: most overdue first, then most open Tasks, then by family name. */
    static final Comparator<WorklistService.CaseloadEntry> CASELOAD_ORDER = Comparator.comparing(
                    (WorklistService.CaseloadEntry e) -> -e.overdueTasks())
            .thenComparing(e -> -e.openTasks())
            .thenComparing(e -> e.patient().getNameFirstRep().getFamily(), Comparator.nullsLast(String::compareTo));

    /** Caseload order by risk: highest tier first (high, rising, low), then as {@link #CASELOAD_ORDER}. */
    static final Comparator<WorklistService.CaseloadEntry> RISK_ORDER = Comparator.comparing(
                    (WorklistService.CaseloadEntry e) -> e.tier().ordinal())
            .thenComparing(CASELOAD_ORDER);
}
