package dev.careflow.platform;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How Careflow's own FHIR packages are installed at start-up.
 *
 * @param install {@code when-changed} (the default) installs them when the packages (or HAPI's version) differ from
 *     the ones the database last had installed, a fingerprint kept in a marker resource, so that a restart of the same
 *     server skips the install; {@code always} installs them at every start, restoring any package resource changed or
 *     deleted since
 */
@ConfigurationProperties("careflow.packages")
public record PackageSettings(@DefaultValue("when-changed") Install install) {

    public enum Install {
        WHEN_CHANGED,
        ALWAYS
    }
}
