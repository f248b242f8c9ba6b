package dev.careflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.careflow.CareflowIT;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.OperationDefinition;
import org.junit.jupiter.api.Test;

/** Every Careflow operation has an OperationDefinition in the profiles package, and both meet in the metadata. */
class OperationContractIT extends CareflowIT {

    @Test
    void everyCareflowOperationDefinition_isServed_andListedInTheCapabilityStatement() {
        List<OperationDefinition> definitions = client
                .search()
                .byUrl("OperationDefinition?url:below=https://careflow.dev/fhir/OperationDefinition/&_count=200")
                .returnBundle(Bundle.class)
                .execute()
                .getEntry()
                .stream()
                .map(e -> (OperationDefinition) e.getResource())
                .toList();
        assertThat(definitions)
                .extracting(OperationDefinition::getCode)
                .contains(
                        "process-message",
                        "tcm-status",
                        "worklist",
                        "caseload",
                        "time-spent",
                        "extract",
                        "propose-care-plan",
                        "reconcile-medications");

        CapabilityStatement metadata =
                client.capabilities().ofType(CapabilityStatement.class).execute();
        Set<String> listed = new HashSet<>();
        metadata.getRestFirstRep().getOperation().forEach(o -> listed.add(o.getDefinition()));
        metadata.getRestFirstRep().getResource().forEach(r -> r.getOperation()
                .forEach(o -> listed.add(o.getDefinition())));
        for (OperationDefinition definition : definitions) {
            assertThat(listed).as("CapabilityStatement operations").contains(definition.getUrl());
            for (var type : definition.getResource()) {
                if (type.getValue().equals("Resource")) {
                    continue; // one of HAPI's operations, offered on every type (OperationDefinitionsIT)
                }
                assertThat(metadata.getRestFirstRep().getResource())
                        .filteredOn(r -> r.getType().equals(type.getValue()))
                        .singleElement()
                        .satisfies(r -> assertThat(r.getOperation())
                                .extracting(o -> o.getName())
                                .as(type.getValue() + " operations")
                                .contains(definition.getCode()));
            }
        }
    }
}
