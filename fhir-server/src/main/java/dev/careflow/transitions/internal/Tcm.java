package dev.careflow.transitions.internal;

import dev.careflow.task.CareTask;
import dev.careflow.task.OpenTasks;
import dev.careflow.task.TaskDue;
import dev.careflow.transitions.TcmDeadlines;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Task;

/** The vocabulary and the pure rules of transitional care management: no storage, no HAPI server types. */
public final class Tcm {

    public static final String CAREFLOW = "https://careflow.dev/fhir";
    public static final String CARE_PROGRAMME = CAREFLOW + "/CodeSystem/care-programme";
    public static final String PLAN_CATEGORY = CAREFLOW + "/CodeSystem/care-plan-category";
    public static final String TRANSITIONAL_CARE = "transitional-care";
    /** The identifier system of a TCM EpisodeOfCare: its value is the id of the discharge Encounter. */
    public static final String TCM_EPISODE = CAREFLOW + "/tcm-episode";

    public static final String TASK_PROFILE = CAREFLOW + "/StructureDefinition/careflow-task";
    public static final String CAREPLAN_PROFILE = CAREFLOW + "/StructureDefinition/careflow-careplan";

    public static final String CONTACT = CareTask.TCM_INTERACTIVE_CONTACT.code();
    public static final String VISIT = CareTask.TCM_FACE_TO_FACE_VISIT.code();
    public static final String RECONCILIATION = CareTask.MEDICATION_RECONCILIATION.code();
    public static final String READMISSION_REVIEW = CareTask.READMISSION_REVIEW.code();
    public static final String ADMISSION_NOTICE = CareTask.ADMISSION_NOTICE.code();

    /** The three TCM Tasks, in the order they are created. */
    public static final List<String> TCM_TASKS = List.of(CONTACT, VISIT, RECONCILIATION);

    /** A readmission within this many days of a TCM discharge is reviewed. */
    public static final int READMISSION_DAYS = 30;

    private Tcm() {}

    /** One TCM deadline: the Task code, its display, the due date. */
    public record Deadline(String code, String display, LocalDate due) {}

    public static List<Deadline> deadlines(TcmDeadlines deadlines) {
        return List.of(
                new Deadline(CONTACT, "TCM interactive contact", deadlines.interactiveContactDue()),
                new Deadline(VISIT, "TCM face-to-face visit", deadlines.faceToFaceDue()),
                new Deadline(RECONCILIATION, "Medication reconciliation", deadlines.medicationReconciliationDue()));
    }

    /** Open as every feature counts it ({@link OpenTasks}). */
    public static boolean isOpen(Task task) {
        return OpenTasks.isOpen(task);
    }

    /** The Task's due date (the end of its restriction period, {@link TaskDue}), or null. */
    public static LocalDate due(Task task) {
        return TaskDue.dueDate(task).orElse(null);
    }

    /** The calendar date as the sender wrote it, in the sender's own offset (not converted to UTC). */
    public static LocalDate localDate(DateTimeType value) {
        String text = value.getValueAsString();
        if (text.length() <= 10) {
            return LocalDate.parse(padDate(text));
        }
        return OffsetDateTime.parse(text).toLocalDate();
    }

    /**
     * Whether an admission on {@code admitted} to encounter {@code encounterId} is a readmission within 30 days of the
     * discharge that started this TCM episode (an episode is never a readmission after its own encounter).
     */
    public static boolean isReadmissionAfter(EpisodeOfCare episode, LocalDate admitted, String encounterId) {
        if (!isTcmEpisode(episode) || !episode.getPeriod().hasStart()) {
            return false;
        }
        long days = ChronoUnit.DAYS.between(localDate(episode.getPeriod().getStartElement()), admitted);
        return days >= 0
                && days <= READMISSION_DAYS
                && !encounterId.equals(episode.getIdentifierFirstRep().getValue());
    }

    public static boolean isTcmEpisode(EpisodeOfCare episode) {
        return episode.getType().stream().anyMatch(t -> t.hasCoding(CARE_PROGRAMME, "tcm"));
    }

    private static String padDate(String text) {
        return text.length() == 4 ? text + "-01-01" : text.length() == 7 ? text + "-01" : text;
    }
}
