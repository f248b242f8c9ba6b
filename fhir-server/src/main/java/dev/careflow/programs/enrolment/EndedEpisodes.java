package dev.careflow.programs.enrolment;

import ca.uhn.fhir.repository.IRepository;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import ca.uhn.fhir.rest.param.TokenParam;
import dev.careflow.audit.Provenances;
import dev.careflow.platform.Query;
import dev.careflow.platform.Stored;
import dev.careflow.platform.UnitOfWork;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Period;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Makes a withdrawn programme's status true once it is over: {@code $withdraw} ends the episode's period on the last
 * day of the month (the month begun is billed) and leaves it {@code active}; from the next day on, this finishes it
 * ({@code status = finished}, the active stretch kept in {@code statusHistory}, a Provenance saying why). Only
 * enrolments' episodes (their identifier in {@link EnrolmentResources#ENROLMENT}); billing counts finished episodes
 * for the months their period covers, so nothing billed changes. One unit of work per episode: one that fails (a
 * concurrent edit) is tried again on the next run and does not hold back the others.
 */
@Service
public class EndedEpisodes {

    private static final Logger log = LoggerFactory.getLogger(EndedEpisodes.class);

    private final IRepository repository;
    private final Clock clock;

    public EndedEpisodes(IRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    /** Finishes every active enrolment episode whose period ended before today; answers the episodes finished. */
    public List<String> finish() {
        LocalDate today = LocalDate.now(clock);
        List<String> finished = new ArrayList<>();
        for (EpisodeOfCare episode : Stored.search(
                repository,
                EpisodeOfCare.class,
                Query.where("status", Query.token("active"))
                        .and("identifier", new TokenParam(EnrolmentResources.ENROLMENT, null))
                        .and("date", new DateParam(ParamPrefixEnum.LESSTHAN, today.toString())))) {
            if (!endedBefore(episode.getPeriod(), today, clock.getZone())) {
                continue;
            }
            String id = "EpisodeOfCare/" + episode.getIdElement().getIdPart();
            try {
                UnitOfWork work = new UnitOfWork(repository);
                work.update(finished(episode));
                work.create(Provenances.of(
                                Provenances.Activity.UPDATE,
                                "Programme over: the period of a withdrawn enrolment ended on "
                                        + episode.getPeriod().getEndElement().getValueAsString(),
                                clock)
                        .target(id)
                        .assembler("Careflow ended programme episodes")
                        .build());
                work.commit();
                finished.add(id);
            } catch (RuntimeException e) {
                log.warn("Could not finish {}: {}", id, e.getMessage());
            }
        }
        return finished;
    }

    /** Whether the period has an end before the day (its end date, in the server's zone). */
    static boolean endedBefore(Period period, LocalDate day, ZoneId zone) {
        return period.hasEnd()
                && EnrolmentQueries.day(period.getEndElement(), zone).isBefore(day);
    }

    /** The episode finished: its status, and the active stretch in its history. */
    static EpisodeOfCare finished(EpisodeOfCare episode) {
        EpisodeOfCare copy = episode.copy();
        copy.addStatusHistory()
                .setStatus(EpisodeOfCare.EpisodeOfCareStatus.ACTIVE)
                .setPeriod(episode.getPeriod().copy());
        copy.setStatus(EpisodeOfCare.EpisodeOfCareStatus.FINISHED);
        return copy;
    }
}
