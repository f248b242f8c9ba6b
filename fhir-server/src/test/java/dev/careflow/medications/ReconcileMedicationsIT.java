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

    private IdType store(org.hl7.fhir.r4.model.Resource resource) {
        return (IdType) client.create().resource(resource).execute().getId().toUnqualifiedVersionless();
    }

    private IdType dischargeOrder(IdType patient, String code, String name, double mg, int perDay) {
        MedicationRequest request = order(null, patient, code, name, mg, perDay);
        request.addCategory(new CodeableConcept(new Coding(
                "http://terminology.hl7.org/CodeSystem/medicationrequest-category", "discharge", "Discharge")));
        return store(request);
    }

    private ListResource complete(IdType patient, int status) {
        String answer = fhir().body("{\"resourceType\":\"Parameters\"}")
                .post("/Patient/" + patient.getIdPart() + "/$complete-medication-reconciliation")
                .then()
                .statusCode(status)
                .extract()
                .asString();
        return status == 200 ? parse(ListResource.class, answer) : null;
    }

    private <T extends org.hl7.fhir.r4.model.Resource> List<T> search(Class<T> type, String query) {
        return client
                .search()
                .byUrl(query)
                .returnBundle(org.hl7.fhir.r4.model.Bundle.class)
                .execute()
                .getEntry()
                .stream()
                .map(e -> type.cast(e.getResource()))
                .toList();
    }

    @Test
    void completing_storesTheReconciledList_updatesTheMedications_andCompletesTheTcmTask_once() {
        IdType patient = createPatient("Completed");
        taking(patient, "310429", "Furosemide 20 MG Oral Tablet", 40, 1);
        taking(patient, "197806", "Ibuprofen 400 MG Oral Tablet", 400, 3);
        dischargeOrder(patient, "310429", "Furosemide 20 MG Oral Tablet", 80, 1);
        IdType spironolactone = dischargeOrder(patient, "313096", "Spironolactone 25 MG Oral Tablet", 25, 1);
        IdType lisinopril = dischargeOrder(patient, "314076", "Lisinopril 10 MG Oral Tablet", 10, 1);
        IdType losartan = dischargeOrder(patient, "52175", "Losartan", 50, 1);
        org.hl7.fhir.r4.model.Task task = new org.hl7.fhir.r4.model.Task();
        task.setStatus(org.hl7.fhir.r4.model.Task.TaskStatus.REQUESTED);
        task.setIntent(org.hl7.fhir.r4.model.Task.TaskIntent.ORDER);
        task.setFor(new Reference(patient));
        task.setCode(new CodeableConcept(
                new Coding("https://careflow.dev/fhir/CodeSystem/care-task", "medication-reconciliation", null)));
        IdType taskId = store(task);

        ListResource list = complete(patient, 200);

        IdType listId = list.getIdElement().toUnqualifiedVersionless();
        assertThat(list.getMode()).isEqualTo(ListResource.ListMode.SNAPSHOT);
        assertThat(list.getEntry())
                .extracting(e -> e.getFlag().getCodingFirstRep().getCode())
                .containsExactlyInAnyOrder("changed", "new", "duplicated-class", "duplicated-class", "stopped");
        List<MedicationStatement> statements =
                search(MedicationStatement.class, "MedicationStatement?subject=" + patient.getValue());
        assertThat(statements)
                .extracting(st -> st.getMedicationCodeableConcept().getText() + " "
                        + st.getStatus().toCode() + " "
                        + MedicationEntries.dose(st.getDosageFirstRep()).orElse("") + " "
                        + st.getDerivedFrom().stream()
                                .map(Reference::getReference)
                                .toList())
                .containsExactlyInAnyOrder(
                        "Furosemide 20 MG Oral Tablet active 80 mg []",
                        "Ibuprofen 400 MG Oral Tablet stopped 400 mg []",
                        "Spironolactone 25 MG Oral Tablet active 25 mg [" + spironolactone.getValue() + "]",
                        "Lisinopril 10 MG Oral Tablet active 10 mg [" + lisinopril.getValue() + "]",
                        "Losartan active 50 mg [" + losartan.getValue() + "]");
        org.hl7.fhir.r4.model.Task done = client.read()
                .resource(org.hl7.fhir.r4.model.Task.class)
                .withId(taskId)
                .execute();
        assertThat(done.getStatus()).isEqualTo(org.hl7.fhir.r4.model.Task.TaskStatus.COMPLETED);
        assertThat(((Reference) done.getOutputFirstRep().getValue()).getReference())
                .isEqualTo(listId.getValue());
        assertThat(search(org.hl7.fhir.r4.model.Provenance.class, "Provenance?target=" + listId.getValue()))
                .singleElement()
                .satisfies(p -> assertThat(p.getTarget())
                        .extracting(Reference::getReference)
                        .contains(taskId.getValue()));

        // The same completion again: nothing new, the same List.
        ListResource again = complete(patient, 200);
        assertThat(again.getIdElement().getIdPart()).isEqualTo(listId.getIdPart());
        assertThat(search(ListResource.class, "List?subject=" + patient.getValue()))
                .hasSize(1);
        assertThat(search(MedicationStatement.class, "MedicationStatement?subject=" + patient.getValue()))
                .hasSize(5);
    }

    @Test
    void aDischargeListNamingOneDrugTwice_is422_andStoresNothing() {
        IdType patient = createPatient("Twice");
        taking(patient, "197806", "Ibuprofen 400 MG Oral Tablet", 400, 3);
        dischargeOrder(patient, "861007", "Metformin 500 MG Oral Tablet", 500, 2);
        dischargeOrder(patient, "861007", "Metformin 500 MG Oral Tablet", 1000, 2);

        String outcome = fhir().body("{\"resourceType\":\"Parameters\"}")
                .post("/Patient/" + patient.getIdPart() + "/$complete-medication-reconciliation")
                .then()
                .statusCode(422)
                .extract()
                .asString();

        assertThat(outcome).contains("OperationOutcome").contains("correct the discharge list");
        assertThat(search(ListResource.class, "List?subject=" + patient.getValue()))
                .isEmpty();
        assertThat(search(MedicationStatement.class, "MedicationStatement?subject=" + patient.getValue()))
                .singleElement()
                .satisfies(st ->
                        assertThat(st.getStatus()).isEqualTo(MedicationStatement.MedicationStatementStatus.ACTIVE));
    }
}
