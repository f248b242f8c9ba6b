package dev.careflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.careflow.testing.FixtureRepository;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Basic;
import org.junit.jupiter.api.Test;

/** A restart with the packages the database last installed installs nothing; any change installs them again. */
class InstalledPackagesTest {

    private static Map<String, byte[]> packages(String terminology, String profiles) {
        Map<String, byte[]> packages = new LinkedHashMap<>();
        packages.put("careflow.terminology", terminology.getBytes(StandardCharsets.UTF_8));
        packages.put("careflow.profiles", profiles.getBytes(StandardCharsets.UTF_8));
        return packages;
    }

    @Test
    void aRecordedInstall_isCurrentForTheSamePackagesOnly() {
        FixtureRepository repository = FixtureRepository.empty();
        String installed = InstalledPackages.fingerprint(packages("t1", "p1"), FhirPackageInstaller.RESOURCE_TYPES);

        assertThat(InstalledPackages.current(repository, installed))
                .as("a first start")
                .isFalse();

        InstalledPackages.record(repository, installed);

        assertThat(InstalledPackages.current(repository, installed))
                .as("a restart")
                .isTrue();
        assertThat(InstalledPackages.current(
                        repository,
                        InstalledPackages.fingerprint(packages("t1", "p2"), FhirPackageInstaller.RESOURCE_TYPES)))
                .as("a rebuilt profiles package")
                .isFalse();
        assertThat(repository.all(Basic.class)).singleElement().satisfies(marker -> {
            assertThat(marker.getIdElement().getIdPart()).isEqualTo("careflow-installed-packages");
            assertThat(marker.getIdentifierFirstRep().getSystem()).isEqualTo(InstalledPackages.FINGERPRINT_SYSTEM);
        });
    }

    @Test
    void theFingerprint_coversEveryPackageTheirOrderAndTheInstalledTypes() {
        String fingerprint = InstalledPackages.fingerprint(packages("t1", "p1"), FhirPackageInstaller.RESOURCE_TYPES);

        assertThat(InstalledPackages.fingerprint(packages("t1", "p1"), FhirPackageInstaller.RESOURCE_TYPES))
                .isEqualTo(fingerprint);
        assertThat(InstalledPackages.fingerprint(packages("t2", "p1"), FhirPackageInstaller.RESOURCE_TYPES))
                .isNotEqualTo(fingerprint);
        assertThat(InstalledPackages.fingerprint(packages("t1p", "1"), FhirPackageInstaller.RESOURCE_TYPES))
                .as("bytes moved from one package to the other")
                .isNotEqualTo(fingerprint);
        assertThat(InstalledPackages.fingerprint(packages("t1", "p1"), List.of("CodeSystem")))
                .isNotEqualTo(fingerprint);
    }
}
