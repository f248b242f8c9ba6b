package dev.careflow.platform;

import ca.uhn.fhir.repository.IRepository;
import ca.uhn.fhir.util.VersionUtil;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Basic;
import org.hl7.fhir.r4.model.CodeableConcept;

/**
 * What the database last had installed of Careflow's packages: a fingerprint (SHA-256 of HAPI's version, the installed
 * resource types and every package's bytes, in install order) kept in a marker resource, written after a complete
 * install. A start whose fingerprint matches has nothing to install (see {@link FhirPackageInstaller}).
 */
final class InstalledPackages {

    static final String MARKER = "Basic/careflow-installed-packages";
    static final String FINGERPRINT_SYSTEM = "https://careflow.dev/fhir/installed-packages";

    private InstalledPackages() {}

    /** Whether the stored marker carries this fingerprint. */
    static boolean current(IRepository repository, String fingerprint) {
        return Stored.find(repository, Basic.class, MARKER)
                .map(marker -> marker.getIdentifierFirstRep().getValue())
                .filter(fingerprint::equals)
                .isPresent();
    }

    /** Records a complete install of the packages with this fingerprint. */
    static void record(IRepository repository, String fingerprint) {
        Basic marker = new Basic().setCode(new CodeableConcept().setText("Careflow's installed FHIR packages"));
        marker.addIdentifier().setSystem(FINGERPRINT_SYSTEM).setValue(fingerprint);
        marker.setId(MARKER);
        repository.update(marker);
    }

    /** The fingerprint of these packages (name to bytes, in install order) installed as these resource types. */
    static String fingerprint(Map<String, byte[]> packages, List<String> resourceTypes) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            update(digest, "hapi-fhir " + VersionUtil.getVersion());
            update(digest, String.join(",", resourceTypes));
            packages.forEach((name, contents) -> {
                update(digest, name);
                digest.update(contents);
            });
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void update(MessageDigest digest, String text) {
        digest.update(text.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
    }
}
