package dev.careflow.programs.billing;

import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;

/**
 * The answer of {@code $billing-summary}: the {@code month}; per practitioner a {@code practitioner} parameter with a
 * {@code patient} part per patient: the {@code code}s earned (code, programme, units, minutes or days, episode,
 * ChargeItem), the {@code shortfall}s, and the minutes not counted ({@code tcmMinutes}, {@code outsideMinutes}).
 */
final class BillingSummaryParameters {

    private BillingSummaryParameters() {}

    static Parameters of(BillingSummaryService.Summary summary) {
        Parameters parameters = new Parameters();
        parameters
                .addParameter()
                .setName("month")
                .setValue(new StringType(summary.month().toString()));
        for (BillingSummaryService.PractitionerSummary practitioner : summary.practitioners()) {
            Parameters.ParametersParameterComponent part =
                    parameters.addParameter().setName("practitioner");
            add(part, "practitioner", new Reference(practitioner.practitioner()));
            practitioner.patients().forEach(billed -> patient(part.addPart().setName("patient"), billed));
        }
        return parameters;
    }

    private static void patient(Parameters.ParametersParameterComponent part, BillingSummaryService.Billed billed) {
        PatientBill bill = billed.bill();
        add(part, "patient", new Reference(bill.patient()));
        for (PatientBill.Charge charge : bill.charges()) {
            Parameters.ParametersParameterComponent code = part.addPart().setName("code");
            String system = BillingRules.isHcpcs(charge.code())
                    ? dev.careflow.vocabulary.CodeSystems.HCPCS
                    : dev.careflow.vocabulary.CodeSystems.CPT;
            add(code, "code", new Coding(system, charge.code(), null));
            add(code, "programme", new CodeType(charge.programme()));
            add(code, "units", new IntegerType(charge.units()));
            charge.measured().ifPresent(m -> add(code, charge.unit(), new IntegerType(m)));
            add(code, "episode", new Reference(charge.episode()));
            add(code, "chargeItem", billed.chargeItems().get(charge.code()));
        }
        bill.shortfalls().forEach(s -> add(part, "shortfall", new StringType(s)));
        if (bill.tcmMinutes() > 0) {
            add(part, "tcmMinutes", new IntegerType(bill.tcmMinutes()));
        }
        if (bill.outsideMinutes() > 0) {
            add(part, "outsideMinutes", new IntegerType(bill.outsideMinutes()));
        }
    }

    private static void add(Parameters.ParametersParameterComponent parent, String name, Type value) {
        parent.addPart().setName(name).setValue(value);
    }
}
