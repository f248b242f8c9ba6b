package dev.careflow.medications;

import static org.assertj.core.api.Assertions.assertThat;

import dev.careflow.CareflowIT;
import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.ListResource;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Timing;
import org.junit.jupiter.api.Test;

/** A heart-failure discharge: the discharge list against what the patient took before, each kind of difference. */
class ReconcileMedicationsIT extends CareflowIT {

    private static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";

    private static CodeableConcept drug(String code, String name) {
        return new CodeableConcept(new Coding(RXNORM, code, name)).setText(name);
    }

    private static Dosage dosage(double mg, int perDay) {
        Dosage dosage = new Dosage();
        dosage.addDoseAndRate()
                .setDose(new Quantity()
                        .setValue(mg)
                        .setUnit("mg")
                        .setSystem("http://unitsofmeasure.org")
                        .setCode("mg"));
        dosage.getTiming().getRepeat().setFrequency(perDay).setPeriod(1).setPeriodUnit(Timing.UnitsOfTime.D);
        return dosage;
    }

    private void taking(IdType patient, String code, String name, double mg, int perDay) {
        MedicationStatement statement = new MedicationStatement();
        statement.setStatus(MedicationStatement.MedicationStatementStatus.ACTIVE);
        statement.setSubject(new Reference(patient));
        statement.setMedication(drug(code, name));
        statement.addDosage(dosage(mg, perDay));
        client.create().resource(statement).execute();
    }

    private static MedicationRequest order(String id, IdType patient, String code, String name, double mg, int perDay) {
        MedicationRequest request = new MedicationRequest();
        request.setId(id);
        request.setStatus(MedicationRequest.MedicationRequestStatus.ACTIVE);
        request.setIntent(MedicationRequest.MedicationRequestIntent.ORDER);
        request.setSubject(new Reference(patient));
        request.setMedication(drug(code, name));
        request.addDosageInstruction(dosage(mg, perDay));
        return request;
    }

    @Test
    void theDischargeList_againstThePreAdmissionList_findsEachKindOfDifference() {
        IdType patient = createPatient("Reconciled");
        taking(patient, "310429", "Furosemide 20 MG Oral Tablet", 40, 1);
        taking(patient, "861007", "Metformin 500 MG Oral Tablet", 500, 2);
        taking(patient, "197806", "Ibuprofen 400 MG Oral Tablet", 400, 3);
        ListResource discharge = new ListResource();
        discharge.setStatus(ListResource.ListStatus.CURRENT);
        discharge.setMode(ListResource.ListMode.SNAPSHOT);
        discharge.setSubject(new Reference(patient));
        List<MedicationRequest> orders = List.of(
                order("furosemide", patient, "310429", "Furosemide 20 MG Oral Tablet", 80, 1),
                order("metformin", patient, "861007", "Metformin 500 MG Oral Tablet", 500, 2),
                order("spironolactone", patient, "313096", "Spironolactone 25 MG Oral Tablet", 25, 1),
                order("lisinopril-a", patient, "314076", "Lisinopril 10 MG Oral Tablet", 10, 1),
                order("lisinopril-b", patient, "314076", "Lisinopril 10 MG Oral Tablet", 20, 1));
        for (MedicationRequest order : orders) {
            discharge.addContained(order);
            discharge
                    .addEntry()
                    .setItem(new Reference("#" + order.getIdElement().getIdPart()));
        }
        Parameters in = new Parameters();
        in.addParameter().setName("discharge").setResource(discharge);

        ListResource result = parse(
                ListResource.class,
                fhir().body(json(in))
                        .post("/Patient/" + patient.getIdPart() + "/$reconcile-medications")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());

        assertThat(result.getEntry())
                .extracting(e -> e.getFlag().getCodingFirstRep().getCode())
                .containsExactly("changed", "unchanged", "new", "duplicated", "duplicated", "stopped");
        assertThat(result.getEntry().get(0).getFlag().getText())
                .contains("40 mg")
                .contains("80 mg");
        assertThat(result.getEntry().get(5).getDeleted()).isTrue();
        assertThat(result.getEntry().get(5).getItem().getDisplay()).contains("Ibuprofen");
        assertThat(result.getSubject().getReference()).isEqualTo(patient.getValue());
    }

    @Test
    void withoutADischargeList_is422_andAnUnknownPatient404() {
        IdType patient = createPatient("Reconciled");
        fhir().body("{\"resourceType\":\"Parameters\"}")
                .post("/Patient/" + patient.getIdPart() + "/$reconcile-medications")
                .then()
                .statusCode(422);
        fhir().body("{\"resourceType\":\"Parameters\"}")
                .post("/Patient/no-such-patient-reconcile/$reconcile-medications")
                .then()
                .statusCode(404);
    }
}
