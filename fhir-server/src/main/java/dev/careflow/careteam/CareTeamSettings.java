package dev.careflow.careteam;

import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The care team's settings.
 *
 * @param zone the care team's time zone: every feature's "today", date-only deadlines (a Task due on a date is overdue
 *     once that date has passed here), business-day counts and calendar months are taken in it
 */
@Validated
@ConfigurationProperties("careflow.care-team")
public record CareTeamSettings(@DefaultValue("America/New_York") ZoneId zone) {}
