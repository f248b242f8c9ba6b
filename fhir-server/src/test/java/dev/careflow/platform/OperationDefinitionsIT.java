package dev.careflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.careflow.CareflowIT;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.OperationDefinition;
import org.junit.jupiter.api.Test;

/**
 * Every OperationDefinition the CapabilityStatement names, Careflow's and HAPI's, is readable by id and found by its
 * canonical URL, and says the levels and types the CapabilityStatement lists it on; the CapabilityStatement lists
 * only real formats.
 */
class OperationDefinitionsIT extends CareflowIT {

    private static final List<String> CAREFLOW_OPERATIONS = List.of(
            "worklist",
            "caseload",
            "process-message",
            "tcm-status",
            "time-spent",
            "populate",
            "extract",
            "progress",
            "revise",
            "propose-care-plan",
            "reconcile-medications");

    @Test
    void everyCareflowOperationDefinition_isReadableById_andFoundByUrl() {
        for (String id : CAREFLOW_OPERATIONS) {
            String url = "https://careflow.dev/fhir/OperationDefinition/" + id;
            OperationDefinition read =
                    client.read().resource(OperationDefinition.class).withId(id).execute();
            assertThat(read.getUrl()).as(id).isEqualTo(url);
            assertThat(byUrl(url)).as(url).singleElement().satisfies(found -> assertThat(
                            found.getIdElement().getIdPart())
                    .isEqualTo(id));
        }
    }

    @Test
    void patientEverything_isDefined_readableById_andFoundByUrl() {
        String url = operationsByType(capabilities()).get("Patient").stream()
                .filter(o -> o.getName().equals("everything"))
                .findFirst()
                .orElseThrow()
                .getDefinition();

        OperationDefinition found = byUrl(url).get(0);
        OperationDefinition read = client.read()
                .resource(OperationDefinition.class)
                .withId(found.getIdElement().getIdPart())
                .execute();

        assertThat(read.getCode()).isEqualTo("everything");
        assertThat(read.getUrl()).isEqualTo(url);
        assertThat(read.getResource()).extracting(CodeType::getValue).contains("Patient");
        assertThat(read.getInstance()).isTrue();
    }

    @Test
    void everyListedOperation_resolves_andItsDefinitionAgreesOnLevelsAndTypes() {
        CapabilityStatement capabilities = capabilities();
        for (var operation : capabilities.getRestFirstRep().getOperation()) {
            OperationDefinition definition = resolve(operation.getDefinition());
            assertThat(definition.getSystem())
                    .as(operation.getDefinition() + " at system level")
                    .isTrue();
        }
        Map<String, OperationDefinition> resolved = new LinkedHashMap<>();
        operationsByType(capabilities).forEach((type, operations) -> {
            for (var operation : operations) {
                OperationDefinition definition =
                        resolved.computeIfAbsent(operation.getDefinition(), OperationDefinitionsIT.this::resolve);
                String what = operation.getDefinition() + " on " + type;
                assertThat(definition.getType() || definition.getInstance())
                        .as(what)
                        .isTrue();
                assertThat(definition.getResource())
                        .extracting(CodeType::getValue)
                        .as(what)
                        .containsAnyOf(type, "Resource");
            }
        });
        assertThat(resolved).isNotEmpty();
    }

    @Test
    void diff_isDefinedOnEveryType_likeTheCapabilityStatementListsIt() {
        CapabilityStatement capabilities = capabilities();
        List<String> typesWithDiff = capabilities.getRestFirstRep().getResource().stream()
                .filter(r -> r.getOperation().stream().anyMatch(o -> o.getName().equals("diff")))
                .map(CapabilityStatementRestResourceComponent::getType)
                .toList();
        assertThat(typesWithDiff).hasSizeGreaterThan(100);
        String url = capabilities.getRestFirstRep().getResource().stream()
                .flatMap(r -> r.getOperation().stream())
                .filter(o -> o.getName().equals("diff"))
                .findFirst()
                .orElseThrow()
                .getDefinition();

        OperationDefinition diff = resolve(url);

        assertThat(diff.getInstance()).isTrue();
        assertThat(diff.getResource()).extracting(CodeType::getValue).containsExactly("Resource");
    }

    @Test
    void formats_areRealMimeTypesOnly() {
        List<String> formats =
                capabilities().getFormat().stream().map(CodeType::getValue).toList();

        assertThat(formats).contains("application/fhir+json", "application/fhir+xml");
        assertThat(formats).noneMatch(f -> f.startsWith("html/"));
        assertThat(formats)
                .allMatch(f -> f.contains("/") || List.of("json", "xml", "ttl").contains(f));
    }

    /** The definition a CapabilityStatement names, found by its canonical URL and read back by its id. */
    private OperationDefinition resolve(String url) {
        List<OperationDefinition> found = byUrl(url);
        assertThat(found).as(url).hasSize(1);
        OperationDefinition read = client.read()
                .resource(OperationDefinition.class)
                .withId(found.get(0).getIdElement().getIdPart())
                .execute();
        assertThat(read.getUrl()).as(url).isEqualTo(url);
        return read;
    }

    private List<OperationDefinition> byUrl(String url) {
        return client
                .search()
                .byUrl("OperationDefinition?url=" + url)
                .returnBundle(Bundle.class)
                .execute()
                .getEntry()
                .stream()
                .map(e -> (OperationDefinition) e.getResource())
                .toList();
    }

    private CapabilityStatement capabilities() {
        return client.capabilities().ofType(CapabilityStatement.class).execute();
    }

    private static Map<String, List<CapabilityStatement.CapabilityStatementRestResourceOperationComponent>>
            operationsByType(CapabilityStatement capabilities) {
        Map<String, List<CapabilityStatement.CapabilityStatementRestResourceOperationComponent>> byType =
                new LinkedHashMap<>();
        capabilities.getRestFirstRep().getResource().forEach(r -> byType.put(r.getType(), r.getOperation()));
        return byType;
    }
}
