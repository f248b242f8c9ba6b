package dev.careflow.programs.enrolment;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Enrolment settings.
 *
 * @param endedEpisodesInterval how often withdrawn programmes whose period has ended are finished ({@link
 *     EndedEpisodes}; {@code CAREFLOW_PROGRAMS_ENDED_EPISODES_INTERVAL}); the first run is one interval after start;
 *     {@code 0} switches it off (the episodes then stay {@code active} past their period's end)
 */
@Validated
@ConfigurationProperties("careflow.programs")
public record EnrolmentSettings(@DefaultValue("PT1H") Duration endedEpisodesInterval) {}
