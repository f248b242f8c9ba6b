package dev.careflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** HAPI's own parser, with the path set {@link VersionedReferences} hands it, encoding answers as the server does. */
class VersionedReferencesTest {

    private static final FhirContext SERVER = FhirContext.forR4();

    static {
        VersionedReferences.install(SERVER, List.of("Provenance.target", "Task.focus"));
    }

    private final VersionedReferences hooks = new VersionedReferences();

    @AfterEach
    void requestCompleted() {
        hooks.completed();
    }

    private static Bundle storedBundle() {
        Observation observation = new Observation();
        observation.setId("o1");
        observation.setSubject(new Reference("Patient/45/_history/2"));
        Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
        bundle.addEntry().setFullUrl("http://example.org/fhir/Observation/o1").setResource(observation);
        return bundle;
    }

    private static String encoded(Bundle bundle) {
        return SERVER.newJsonParser().encodeResourceToString(bundle);
    }

    @Test
    void hapiKeepsTheSetsClass_whenItCopiesIt() {
        assertThat(SERVER.getParserOptions().getDontStripVersionsFromReferencesAtPaths())
                .isInstanceOf(VersionedReferences.Paths.class)
                .containsExactlyInAnyOrder("Provenance.target", "Task.focus");
    }

    @Test
    void anUnmarkedAnswer_keepsVersionsAtTheConfiguredPathsOnly() {
        SystemRequestDetails request = new SystemRequestDetails();
        hooks.answering(request);
        Provenance provenance = new Provenance();
        provenance.addTarget(new Reference("Procedure/example/_history/1"));
        Bundle bundle = storedBundle();
        bundle.addEntry().setResource(provenance);

        String answer = encoded(bundle);

        assertThat(answer)
                .contains("\"reference\":\"Patient/45\"")
                .doesNotContain("Patient/45/_history/2")
                .contains("Procedure/example/_history/1");
    }

    @Test
    void aMarkedAnswer_keepsTheStoredBundlesVersions_untilTheRequestCompletes() throws Exception {
        SystemRequestDetails request = new SystemRequestDetails();
        VersionedReferences.keepInAnswer(request);

        hooks.answering(request);

        assertThat(encoded(storedBundle())).contains("\"reference\":\"Patient/45/_history/2\"");
        String elsewhere =
                CompletableFuture.supplyAsync(() -> encoded(storedBundle())).get();
        assertThat(elsewhere).as("another thread, meanwhile").contains("\"reference\":\"Patient/45\"");
        hooks.completed();
        assertThat(encoded(storedBundle())).contains("\"reference\":\"Patient/45\"");
    }

    @Test
    void aRequestWithoutDetails_marksNothing() {
        VersionedReferences.keepInAnswer(null);

        assertThat(hooks.answering(null)).isTrue();
        assertThat(encoded(storedBundle())).contains("\"reference\":\"Patient/45\"");
    }
}
