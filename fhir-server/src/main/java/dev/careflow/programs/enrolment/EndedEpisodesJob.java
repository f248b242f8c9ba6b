package dev.careflow.programs.enrolment;

import dev.careflow.platform.PeriodicJob;
import org.springframework.stereotype.Component;

/** Runs {@link EndedEpisodes#finish()} every {@code careflow.programs.ended-episodes-interval}, first one interval in. */
@Component
class EndedEpisodesJob extends PeriodicJob {

    private final EndedEpisodes episodes;

    EndedEpisodesJob(EndedEpisodes episodes, EnrolmentSettings settings) {
        super(
                "Ended programme episodes",
                "careflow.programs.ended-episodes-interval",
                settings.endedEpisodesInterval(),
                settings.endedEpisodesInterval());
        this.episodes = episodes;
    }

    @Override
    protected void runOnce() {
        episodes.finish();
    }
}
