package dev.careflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import org.hl7.fhir.r4.model.IdType;
import org.junit.jupiter.api.Test;

class RouteObservationTest {

    @Test
    void routes_nameTypesAndOperations_neverIdsOrVersions() {
        assertThat(route(null, null, null)).isEqualTo("/fhir");
        assertThat(route("Patient", null, null)).isEqualTo("/fhir/Patient");
        assertThat(route("Patient", "Patient/123", null)).isEqualTo("/fhir/Patient/{id}");
        assertThat(route("Patient", "Patient/123/_history/4", "_history"))
                .isEqualTo("/fhir/Patient/{id}/_history/{version}");
        assertThat(route("Patient", "Patient/123", "_history")).isEqualTo("/fhir/Patient/{id}/_history");
        assertThat(route("Practitioner", "Practitioner/cm-0", "$worklist"))
                .isEqualTo("/fhir/Practitioner/{id}/$worklist");
        assertThat(route(null, null, "$process-message")).isEqualTo("/fhir/$process-message");
        assertThat(route(null, null, "metadata")).isEqualTo("/fhir/metadata");
        assertThat(route("Task", null, "_search")).isEqualTo("/fhir/Task/_search");
    }

    @Test
    void aCompartmentSearch_namesTheCompartment() {
        SystemRequestDetails request = new SystemRequestDetails();
        request.setResourceName("Patient");
        request.setId(new IdType("Patient/1"));
        request.setCompartmentName("Observation");
        assertThat(RouteObservation.route("/fhir", request)).isEqualTo("/fhir/Patient/{id}/Observation");
    }

    private static String route(String type, String id, String operation) {
        SystemRequestDetails request = new SystemRequestDetails();
        request.setResourceName(type);
        request.setId(id == null ? null : new IdType(id));
        request.setOperation(operation);
        return RouteObservation.route("/fhir", request);
    }
}
