package dev.careflow.referral;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Referral settings.
 *
 * @param reReferralDueDays days the care manager has to re-refer after a performer rejects a referral
 */
@Validated
@ConfigurationProperties("careflow.referral")
public record ReferralSettings(@DefaultValue("2") @Min(0) int reReferralDueDays) {}
