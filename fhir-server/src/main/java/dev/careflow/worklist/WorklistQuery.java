package dev.careflow.worklist;

import java.time.LocalDate;
import java.util.Optional;
import org.hl7.fhir.r4.model.Task;

/**
 * What a care manager asks of {@code $worklist}.
 *
 * @param practitioner the care manager, {@code Practitioner/id}
 * @param dueBefore only Tasks due before this date
 * @param priority only Tasks of this priority
 * @param codeSystem with {@code code}: only Tasks with this code (system optional)
 * @param code see {@code codeSystem}
 * @param patient only work for this patient, {@code Patient/id}
 * @param count page size
 * @param offset items to skip
 */
public record WorklistQuery(
        String practitioner,
        Optional<LocalDate> dueBefore,
        Optional<Task.TaskPriority> priority,
        Optional<String> codeSystem,
        Optional<String> code,
        Optional<String> patient,
        int count,
        int offset) {

    public static final int DEFAULT_COUNT = 50;
    public static final int MAX_COUNT = 500;

    /** Whether a filter that only Tasks can meet was given. */
    boolean filtersTasks() {
        return dueBefore.isPresent() || priority.isPresent() || code.isPresent();
    }
}
