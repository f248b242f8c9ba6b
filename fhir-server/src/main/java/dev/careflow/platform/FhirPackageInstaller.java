package dev.careflow.platform;

import ca.uhn.fhir.jpa.packages.IHapiPackageCacheManager;
import ca.uhn.fhir.jpa.packages.IPackageInstallerSvc;
import ca.uhn.fhir.jpa.packages.PackageInstallOutcomeJson;
import ca.uhn.fhir.jpa.packages.PackageInstallationSpec;
import ca.uhn.fhir.jpa.term.api.ITermDeferredStorageSvc;
import ca.uhn.fhir.repository.IRepository;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.utilities.npm.NpmPackage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Installs Careflow's own FHIR packages (terminology first, then the profiles that bind to it) from the classpath at
 * every start, with no network: CodeSystems, ValueSets and ConceptMaps become searchable and usable by
 * {@code $expand}/{@code $lookup}/{@code $validate-code}; StructureDefinitions get their snapshots generated and drive
 * profile validation; SearchParameters and OperationDefinitions are served. Then the {@link StartupGate} opens.
 *
 * <p>A start whose packages fail to install fails: a server that silently lacks its profiles would accept what it
 * should refuse. After a complete install a fingerprint of the packages is recorded ({@link InstalledPackages}); a
 * restart with the same packages (and the same HAPI) installs nothing, unless {@code careflow.packages.install} is
 * {@code always}. The fingerprint is recorded only once HAPI's deferred terminology storage is empty, so a start cut
 * short before the code systems' concepts are stored installs again.
 */
// After the full-text index has caught up (SearchIndexCheckpoint).
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class FhirPackageInstaller implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(FhirPackageInstaller.class);

    /** In install order. */
    static final List<String> PACKAGES = List.of("careflow.terminology", "careflow.profiles");

    static final List<String> RESOURCE_TYPES = List.of(
            "NamingSystem",
            "CodeSystem",
            "ValueSet",
            "ConceptMap",
            "StructureDefinition",
            "SearchParameter",
            "OperationDefinition",
            "CapabilityStatement",
            "Questionnaire",
            "PlanDefinition",
            "ActivityDefinition",
            "Library");

    private final IPackageInstallerSvc installer;
    private final IHapiPackageCacheManager packageCache;
    private final StartupGate gate;
    private final Installation installation;
    private final java.util.Map<String, String> installed = new java.util.concurrent.ConcurrentSkipListMap<>();

    /** What else the installer works with: the marker's repository, the settings, HAPI's deferred storage. */
    record Installation(IRepository repository, PackageSettings settings, ITermDeferredStorageSvc deferredStorage) {}

    FhirPackageInstaller(
            IPackageInstallerSvc installer,
            IHapiPackageCacheManager packageCache,
            StartupGate gate,
            Installation installation) {
        this.installer = installer;
        this.packageCache = packageCache;
        this.gate = gate;
        this.installation = installation;
    }

    @Override
    public void run(ApplicationArguments args) {
        long started = System.nanoTime();
        Map<String, byte[]> packages = new LinkedHashMap<>();
        PACKAGES.forEach(name -> packages.put(name, readPackage(name)));
        String fingerprint = InstalledPackages.fingerprint(packages, RESOURCE_TYPES);
        boolean unchanged = installation.settings().install() == PackageSettings.Install.WHEN_CHANGED
                && InstalledPackages.current(installation.repository(), fingerprint);
        if (unchanged) {
            packages.forEach((name, contents) -> {
                NpmPackage npm = parse(name, contents);
                installed.put(npm.name(), npm.version());
            });
        } else {
            packages.forEach(this::install);
            recordIfStored(fingerprint);
        }
        gate.open();
        log.info(
                "Careflow FHIR packages {} in {} ms; the FHIR endpoint now takes traffic",
                unchanged ? "unchanged since they were installed, not installed again," : "installed",
                (System.nanoTime() - started) / 1_000_000);
    }

    private void recordIfStored(String fingerprint) {
        if (installation.deferredStorage().isStorageQueueEmpty(true)) {
            InstalledPackages.record(installation.repository(), fingerprint);
        } else {
            log.info("Terminology of the FHIR packages still being stored: they are installed again at the next start");
        }
    }

    /** The packages installed by this start, name to version (empty until they are). */
    java.util.Map<String, String> installed() {
        return java.util.Map.copyOf(installed);
    }

    private void install(String name, byte[] contents) {
        NpmPackage npm = parse(name, contents);
        PackageInstallationSpec spec = new PackageInstallationSpec()
                .setName(npm.name())
                .setVersion(npm.version())
                .setPackageContents(contents)
                .setFetchDependencies(false)
                .setInstallMode(PackageInstallationSpec.InstallModeEnum.STORE_AND_INSTALL)
                // One version of each definition, stored at the id the package gives it (OperationDefinition/worklist,
                // CodeSystem/care-task); HAPI's default (multi-version) stores every resource under a random id.
                .setVersionPolicy(PackageInstallationSpec.VersionPolicyEnum.SINGLE_VERSION);
        spec.setInstallResourceTypes(RESOURCE_TYPES);
        forgetIfChanged(npm, contents);
        PackageInstallOutcomeJson outcome = installer.install(spec);
        Map<String, Integer> counts = outcome.getResourcesInstalled();
        log.info("Installed FHIR package {}#{}: {}", npm.name(), npm.version(), counts);
        installed.put(npm.name(), npm.version());
        outcome.getMessage().forEach(message -> log.info("{}: {}", npm.name(), message));
    }

    /**
     * HAPI installs a package version once and afterwards serves it from its package store, whatever the bytes now
     * say. Our packages travel with the server, so a rebuilt package of an unchanged version (any development build)
     * must replace the stored one: when the stored bytes differ, the stored version is removed first. Resources the
     * new package no longer carries stay in the repository.
     */
    private void forgetIfChanged(NpmPackage npm, byte[] contents) {
        IHapiPackageCacheManager.PackageContents stored;
        try {
            stored = packageCache.loadPackageContents(npm.name(), npm.version());
        } catch (RuntimeException notStored) {
            return;
        }
        if (stored != null && !Arrays.equals(stored.getBytes(), contents)) {
            log.info("FHIR package {}#{} changed since it was stored: reinstalling it", npm.name(), npm.version());
            packageCache.uninstallPackage(npm.name(), npm.version());
        }
    }

    static byte[] readPackage(String name) {
        String path = "/fhir-packages/" + name + ".tgz";
        try (InputStream in = FhirPackageInstaller.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("FHIR package " + path + " is not on the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read FHIR package " + path, e);
        }
    }

    private static NpmPackage parse(String name, byte[] contents) {
        try {
            return NpmPackage.fromPackage(new ByteArrayInputStream(contents));
        } catch (IOException e) {
            throw new UncheckedIOException("FHIR package " + name + " is not a valid NPM package", e);
        }
    }
}
