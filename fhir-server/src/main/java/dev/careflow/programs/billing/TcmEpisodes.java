package dev.careflow.programs.billing;

import dev.careflow.task.CareTask;
import dev.careflow.transitions.TcmStatusService;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Type;

/**
 * The patient's TCM episodes as {@code transitions} reports them ({@link TcmStatusService}, the one reading of the
 * TCM deadlines): the code their complexity earns, whether its requirements are met or what is missing, the day of
 * the face-to-face visit (the date of service, CMS MLN908628) and the Tasks that are its evidence.
 */
final class TcmEpisodes {

    /** One TCM episode. */
    record TcmEpisode(
            String episode,
            Optional<String> encounter,
            String cpt,
            boolean met,
            List<String> missing,
            Optional<LocalDate> visited,
            List<String> tasks) {}

    private TcmEpisodes() {}

    static List<TcmEpisode> of(TcmStatusService status, String patient) {
        List<TcmEpisode> episodes = new ArrayList<>();
        for (Parameters.ParametersParameterComponent episode :
                status.status(new IdType(patient)).getParameter()) {
            if (episode.getName().equals("episode")) {
                episodes.add(episode(episode));
            }
        }
        return episodes;
    }

    private static TcmEpisode episode(Parameters.ParametersParameterComponent episode) {
        List<String> missing = new ArrayList<>();
        List<String> tasks = new ArrayList<>();
        Optional<LocalDate> visited = Optional.empty();
        for (Parameters.ParametersParameterComponent part : episode.getPart()) {
            if (part.getName().equals("missing")) {
                missing.add(part.getValue().primitiveValue());
            } else if (part.getName().equals("deadline")) {
                value(part, "task").ifPresent(tasks::add);
                if (value(part, "code")
                        .filter(CareTask.TCM_FACE_TO_FACE_VISIT.code()::equals)
                        .isPresent()) {
                    visited = value(part, "completed").map(LocalDate::parse);
                }
            }
        }
        return new TcmEpisode(
                value(episode, "episodeOfCare").orElseThrow(),
                value(episode, "encounter"),
                value(episode, "cpt").orElseThrow(),
                value(episode, "requirementsMet").map(Boolean::parseBoolean).orElse(false),
                missing,
                visited,
                tasks);
    }

    private static Optional<String> value(Parameters.ParametersParameterComponent parent, String name) {
        return parent.getPart().stream()
                .filter(p -> p.getName().equals(name))
                .map(Parameters.ParametersParameterComponent::getValue)
                .findFirst()
                .map(TcmEpisodes::text);
    }

    private static String text(Type value) {
        return value instanceof Reference reference ? reference.getReference() : value.primitiveValue();
    }
}
