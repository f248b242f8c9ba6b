package dev.careflow;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Patient;

/** Da Vinci discharge notifications for a new patient, as a hospital sends them, for integration tests. */
public final class Discharges {

    private Discharges() {}

    /** The Da Vinci discharge example for a new patient (this MRN) and encounter, with these stay times. */
    public static Bundle of(FhirContext context, String mrn, String start, String end) {
        Bundle message;
        try (InputStream in = Discharges.class.getResourceAsStream(
                "/fixtures/transitions/davinci/discharge-notification-message-bundle-01.json")) {
            message = context.newJsonParser()
                    .parseResource(Bundle.class, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        message.getEntryFirstRep().getResource().setId(UUID.randomUUID().toString());
        for (Bundle.BundleEntryComponent entry : message.getEntry()) {
            if (entry.getResource() instanceof Patient patient) {
                patient.getIdentifier().clear();
                patient.addIdentifier().setSystem(CareflowIT.TEST_SYSTEM).setValue(mrn);
            } else if (entry.getResource() instanceof Encounter encounter) {
                encounter.getIdentifier().clear();
                encounter
                        .addIdentifier()
                        .setSystem(CareflowIT.TEST_SYSTEM + "/encounter")
                        .setValue("enc-" + mrn);
                encounter.getPeriod().setStartElement(new DateTimeType(start));
                encounter.getPeriod().setEndElement(new DateTimeType(end));
            }
        }
        return message;
    }
}
