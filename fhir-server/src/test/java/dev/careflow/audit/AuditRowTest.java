package dev.careflow.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Date;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

class AuditRowTest {

    @Test
    void theSearchColumns_followAuditEventsSearchParameters() {
        AuditEvent event = AuditEvents.base(
                new Coding(AuditEvents.EVENT_TYPE, "rest", "Restful Operation"),
                new Coding(AuditEvents.INTERACTION, "read", "read"),
                AuditEvent.AuditEventAction.R);
        AuditEvents.outcome(event, AuditEvent.AuditEventOutcome._0, null);
        event.addAgent().setWho(new Reference("Practitioner/nurse"));
        event.addAgent().setWho(new Reference().setIdentifier(new Identifier().setValue("backend-service")));
        event.addEntity().setWhat(new Reference("Observation/5")).setName("ADT^A01");
        AuditEvents.addPatient(event, "Patient/7");
        AuditLog.identified(event);

        AuditRow row = AuditRow.of(event, "{}");

        assertThat(row.id().toString()).isEqualTo(event.getIdElement().getIdPart());
        assertThat(event.getMeta().getVersionId()).isEqualTo("1");
        assertThat(event.getMeta().getLastUpdated()).isEqualTo(event.getRecorded());
        assertThat(row.recorded()).isEqualTo(event.getRecorded().toInstant());
        assertThat(row.types()).containsExactly(AuditEvents.EVENT_TYPE + "|rest", "rest");
        assertThat(row.subtypes()).containsExactly(AuditEvents.INTERACTION + "|read", "read");
        assertThat(row.action()).isEqualTo("R");
        assertThat(row.outcome()).isEqualTo("0");
        assertThat(row.agents()).containsExactly("Practitioner/nurse");
        assertThat(row.entities()).containsExactly("Observation/5", "Patient/7");
        assertThat(row.patients()).containsExactly("Patient/7");
        assertThat(row.entityNames()).containsExactly("adt^a01");
    }

    @Test
    void aCodeWithoutSystem_isAlsoFoundAsBarCode_andAnEventKeepsItsRecordedTime() {
        assertThat(AuditRow.tokens(java.util.List.of(new Coding(null, "x", null))))
                .containsExactly("|x", "x");
        AuditEvent event = new AuditEvent();
        Date recorded = new Date(1_000);
        event.setRecorded(recorded);
        AuditLog.identified(event);
        assertThat(event.getRecorded()).isEqualTo(recorded);
        assertThat(AuditRow.of(event, "{}").patients()).isEmpty();
    }
}
