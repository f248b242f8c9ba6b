package dev.careflow.platform;

import ca.uhn.fhir.repository.IRepository;
import ca.uhn.fhir.rest.server.RestfulServer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Basic;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.OperationDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Stores the OperationDefinitions HAPI generates for its own operations ({@code $everything}, {@code $validate},
 * {@code $diff}, {@code $expand}, ...) at the ids and canonical URLs the CapabilityStatement gives them, so that they
 * are found by {@code url} like Careflow's own. Written only when the generated set differs from the one last stored
 * (a fingerprint of it kept in a marker resource, as {@code FhirPackageInstaller} does for the packages): a restart of
 * the same server writes nothing. Before the packages are installed and the endpoint opens.
 */
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
class GeneratedOperationDefinitions implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(GeneratedOperationDefinitions.class);

    static final String MARKER = "Basic/careflow-generated-operation-definitions";
    static final String FINGERPRINT_SYSTEM = "https://careflow.dev/fhir/generated-operation-definitions";

    private final RestfulServer server;
    private final IRepository repository;

    GeneratedOperationDefinitions(RestfulServer server, IRepository repository) {
        this.server = server;
        this.repository = repository;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!(server.getServerConformanceProvider() instanceof CareflowCapabilityStatementProvider capabilities)) {
            return;
        }
        List<OperationDefinition> generated = capabilities.generatedIds().stream()
                .map(capabilities::generated)
                .toList();
        if (store(repository, generated)) {
            log.info(
                    "OperationDefinitions of HAPI's operations stored: {}",
                    generated.stream().map(d -> d.getIdElement().getIdPart()).toList());
        } else {
            log.info("OperationDefinitions of HAPI's operations unchanged ({})", generated.size());
        }
    }

    /** Stores the definitions and their fingerprint unless the stored fingerprint is theirs; whether it wrote. */
    static boolean store(IRepository repository, List<OperationDefinition> generated) {
        String fingerprint = fingerprint(repository, generated);
        Optional<String> stored = Stored.find(repository, Basic.class, MARKER)
                .map(marker -> marker.getIdentifierFirstRep().getValue());
        if (stored.filter(fingerprint::equals).isPresent()) {
            return false;
        }
        generated.forEach(repository::update);
        Basic marker = new Basic().setCode(new CodeableConcept().setText("HAPI's generated OperationDefinitions"));
        marker.addIdentifier().setSystem(FINGERPRINT_SYSTEM).setValue(fingerprint);
        marker.setId(MARKER);
        repository.update(marker);
        return true;
    }

    /** SHA-256 of the definitions' JSON, in order. */
    static String fingerprint(IRepository repository, List<OperationDefinition> generated) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            var parser = repository.fhirContext().newJsonParser();
            for (OperationDefinition definition : generated) {
                digest.update(parser.encodeResourceToString(definition).getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
