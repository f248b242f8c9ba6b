package dev.careflow.referral;

import static org.assertj.core.api.Assertions.assertThat;

import dev.careflow.CareflowIT;
import java.math.BigDecimal;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

/** The directory of services: a care manager finds a food bank near the patient. */
class ServiceDirectoryIT extends CareflowIT {

    private static final String CATEGORY = "https://careflow.dev/fhir/test-service-category";

    private IdType place(String name, double latitude, double longitude) {
        Location location = new Location();
        location.setName(name);
        location.getPosition().setLatitude(BigDecimal.valueOf(latitude)).setLongitude(BigDecimal.valueOf(longitude));
        return (IdType) client.create().resource(location).execute().getId().toUnqualifiedVersionless();
    }

    private IdType service(String name, String category, IdType location) {
        HealthcareService service = new HealthcareService();
        service.setActive(true);
        service.setName(name);
        service.addCategory(new CodeableConcept(new Coding(CATEGORY, category, null)));
        service.addLocation(new Reference(location));
        service.setExtraDetails("Eligibility: household income under 200% of the federal poverty level");
        return (IdType) client.create().resource(service).execute().getId().toUnqualifiedVersionless();
    }

    @Test
    void aFoodBankNearThePatient_isFoundByCategoryAndDistance() {
        String food = "food-" + unique().substring(0, 8);
        IdType near = service("Eastside Food Bank", food, place("Eastside", 42.3601, -71.0589));
        service("Faraway Food Bank", food, place("Faraway", 40.7128, -74.0060));
        service("Eastside Rides", "transport-" + unique().substring(0, 8), place("Depot", 42.3611, -71.0570));

        Bundle found = client.search()
                .byUrl("HealthcareService?service-category=" + CATEGORY + "|" + food
                        + "&location.near=42.3656|-71.0596|10|km")
                .returnBundle(Bundle.class)
                .execute();

        assertThat(found.getEntry())
                .extracting(e -> e.getResource()
                        .getIdElement()
                        .toUnqualifiedVersionless()
                        .getValue())
                .containsExactly(near.getValue());
    }
}
