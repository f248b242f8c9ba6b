package dev.careflow.task;

import ca.uhn.fhir.repository.IRepository;
import dev.careflow.platform.Query;
import dev.careflow.platform.Stored;
import dev.careflow.vocabulary.Extensions;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;

/**
 * Outreach attempts as stored: a Communication whose {@code partOf} or {@code basedOn} names a Task, {@code completed}
 * (the patient was reached) or {@code not-done} (an unsuccessful attempt), optionally with how long it took (extension
 * {@link Extensions#OUTREACH_DURATION}, a Duration in minutes, seconds or hours). Read by the outreach rules, the
 * worklist and {@code $time-spent}.
 */
public final class OutreachRecords {

    private OutreachRecords() {}

    /** The attempts recorded against each of these Tasks ({@code Task/id}), in no particular order. */
    public static Map<String, List<Communication>> byTask(IRepository repository, Collection<String> tasks) {
        Map<String, List<Communication>> byTask = new HashMap<>();
        if (tasks.isEmpty()) {
            return byTask;
        }
        Set<String> wanted = new LinkedHashSet<>(tasks);
        Map<String, Communication> found = new LinkedHashMap<>();
        for (String parameter : List.of("part-of", "based-on")) {
            Stored.search(
                            repository,
                            Communication.class,
                            Query.all()
                                    .and(
                                            parameter,
                                            wanted.stream()
                                                    .map(Query::reference)
                                                    .toList()))
                    .forEach(c -> found.put(
                            c.getIdElement().toUnqualifiedVersionless().getValue(), c));
        }
        for (Communication communication : found.values()) {
            if (isAttempt(communication)) {
                tasksOf(communication).stream().filter(wanted::contains).forEach(task -> byTask.computeIfAbsent(
                                task, t -> new ArrayList<>())
                        .add(communication));
            }
        }
        return byTask;
    }

    /** Whether the Communication is an attempt: completed or not done, for a Task. */
    public static boolean isAttempt(Communication communication) {
        return (communication.getStatus() == Communication.CommunicationStatus.COMPLETED
                        || communication.getStatus() == Communication.CommunicationStatus.NOTDONE)
                && !tasksOf(communication).isEmpty();
    }

    /** The Tasks ({@code Task/id}) the Communication is part of or based on. */
    public static Set<String> tasksOf(Communication communication) {
        Set<String> tasks = new LinkedHashSet<>();
        Stream.concat(communication.getPartOf().stream(), communication.getBasedOn().stream())
                .map(Reference::getReference)
                .filter(r -> r != null && r.startsWith("Task/"))
                .forEach(r -> tasks.add(new IdType(r).toUnqualifiedVersionless().getValue()));
        return tasks;
    }

    /** How long the attempt took, when recorded in minutes, seconds or hours (UCUM {@code min}, {@code s}, {@code h}). */
    public static Optional<Duration> duration(Communication communication) {
        return Optional.ofNullable(communication.getExtensionByUrl(Extensions.OUTREACH_DURATION))
                .filter(e -> e.getValue() instanceof org.hl7.fhir.r4.model.Duration)
                .map(e -> (org.hl7.fhir.r4.model.Duration) e.getValue())
                .filter(d -> d.hasValue() && d.getValue().signum() >= 0)
                .flatMap(d -> seconds(d.hasCode() ? d.getCode() : d.getUnit())
                        .map(unit ->
                                Duration.ofSeconds(d.getValue().multiply(unit).longValue())));
    }

    private static Optional<BigDecimal> seconds(String unit) {
        return Optional.ofNullable(
                        unit == null
                                ? null
                                : switch (unit) {
                                    case "s" -> 1L;
                                    case "min" -> 60L;
                                    case "h" -> 3600L;
                                    default -> null;
                                })
                .map(BigDecimal::valueOf);
    }
}
