package dev.careflow.task;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Task settings.
 *
 * @param overdueCheckInterval how often open Tasks past their due date are marked overdue; {@code 0} switches the
 *     scheduled check off (on every node that shares the database, only one runs it at a time)
 *     <p>The care team's time zone, in which a Task due on a date is overdue once that date has passed, is {@code
 *     careflow.care-team.zone} ({@code dev.careflow.careteam.CareTeamSettings}): one zone for every feature.
 */
@Validated
@ConfigurationProperties("careflow.task")
public record TaskSettings(@DefaultValue("PT5M") Duration overdueCheckInterval) {}
