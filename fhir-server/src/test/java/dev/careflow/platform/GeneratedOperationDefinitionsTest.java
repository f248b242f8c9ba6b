package dev.careflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.careflow.testing.FixtureRepository;
import java.util.List;
import org.hl7.fhir.r4.model.OperationDefinition;
import org.junit.jupiter.api.Test;

/** HAPI's generated OperationDefinitions are written on the first start and again only when they change. */
class GeneratedOperationDefinitionsTest {

    private static OperationDefinition definition(String id, String description) {
        OperationDefinition definition = new OperationDefinition()
                .setUrl("http://localhost/fhir/OperationDefinition/" + id)
                .setName(id)
                .setCode(id)
                .setDescription(description);
        definition.setId("OperationDefinition/" + id);
        return definition;
    }

    @Test
    void unchangedDefinitions_areNotWrittenAgain_changedOnesAre() {
        FixtureRepository repository = FixtureRepository.empty();
        List<OperationDefinition> generated = List.of(definition("everything", "a"), definition("validate", "b"));

        assertThat(GeneratedOperationDefinitions.store(repository, generated)).isTrue();
        assertThat(GeneratedOperationDefinitions.store(repository, generated))
                .as("a restart")
                .isFalse();

        assertThat(repository.all(OperationDefinition.class))
                .extracting(
                        d -> d.getIdElement().getIdPart() + "@" + d.getMeta().getVersionId())
                .containsExactlyInAnyOrder("everything@1", "validate@1");

        List<OperationDefinition> changed = List.of(definition("everything", "a"), definition("validate", "c"));
        assertThat(GeneratedOperationDefinitions.store(repository, changed))
                .as("a new HAPI")
                .isTrue();
        assertThat(repository.all(OperationDefinition.class))
                .filteredOn(d -> d.getIdElement().getIdPart().equals("validate"))
                .singleElement()
                .satisfies(d -> assertThat(d.getDescription()).isEqualTo("c"));
    }
}
