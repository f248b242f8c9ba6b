package dev.careflow.worklist;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Outreach attempts (Communications recorded against a Task).
 *
 * @param tcmAttempts unsuccessful, documented attempts within the deadline that satisfy the TCM interactive contact
 *     (CMS TCM FAQ: "two or more separate attempts")
 * @param separatedBy how far apart two attempts must be to count as separate
 * @param escalateAfter unsuccessful attempts after which a follow-up call is escalated (priority urgent, business
 *     status {@code escalated})
 * @param unreachableAfter unsuccessful attempts after which a follow-up call ends as failed, business status {@code
 *     unreachable}
 */
@Validated
@ConfigurationProperties("careflow.outreach")
public record OutreachSettings(
        @DefaultValue("2") @Min(1) int tcmAttempts,
        @DefaultValue("PT1H") Duration separatedBy,
        @DefaultValue("3") @Min(1) int escalateAfter,
        @DefaultValue("5") @Min(1) int unreachableAfter) {}
