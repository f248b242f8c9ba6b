package dev.careflow.programs.billing;

import dev.careflow.platform.Query;
import dev.careflow.platform.UnitOfWork;
import dev.careflow.vocabulary.CodeSystems;
import java.time.Clock;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.hl7.fhir.r4.model.ChargeItem;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;

/**
 * The ChargeItems of a month, kept in step with what is earned: one per patient, month and code, found again by its
 * identifier ({@link #KEY} {@code |<patient id>/<YYYY-MM>/<code>}), so re-running a month updates and never duplicates.
 * A code earned again is stored only when it changed; a code no longer earned becomes {@code entered-in-error} (kept,
 * not deleted: a billing system may have read it); an item a billing system marked {@code billed} is left alone.
 */
final class ChargeItems {

    static final String KEY = "https://careflow.dev/fhir/charge-key";

    private ChargeItems() {}

    static String key(String patient, BillingMonth month, String code) {
        return new IdType(patient).getIdPart() + "/" + month + "/" + code;
    }

    /** Adds the writes that bring the practitioner's items of the month in step; the answer: code to reference. */
    static Map<String, Reference> sync(
            UnitOfWork work,
            PatientBill bill,
            BillingMonth month,
            String practitioner,
            List<ChargeItem> stored,
            Clock clock) {
        Map<String, ChargeItem> existing = new LinkedHashMap<>();
        String prefix = key(bill.patient(), month, "");
        for (ChargeItem item : stored) {
            keyOf(item)
                    .filter(k -> k.startsWith(prefix))
                    .filter(k -> practitioner.equals(performer(item)))
                    .ifPresent(k -> existing.put(k, item));
        }
        Map<String, Reference> references = new LinkedHashMap<>();
        for (PatientBill.Charge charge : bill.charges()) {
            String key = key(bill.patient(), month, charge.code());
            ChargeItem fresh = build(charge, bill.patient(), month, key, clock);
            ChargeItem old = existing.remove(key);
            if (old == null) {
                references.put(
                        charge.code(), work.createIfNoneExist(fresh, Query.where("identifier", Query.token(KEY, key))));
                continue;
            }
            Reference stays =
                    new Reference(old.getIdElement().toUnqualifiedVersionless().getValue());
            references.put(charge.code(), stays);
            if (old.getStatus() != ChargeItem.ChargeItemStatus.BILLED && !same(old, fresh)) {
                fresh.setId(old.getIdElement().toUnqualified());
                work.update(fresh);
            }
        }
        for (ChargeItem gone : existing.values()) {
            if (gone.getStatus() == ChargeItem.ChargeItemStatus.BILLABLE) {
                ChargeItem withdrawn = gone.copy();
                withdrawn.setStatus(ChargeItem.ChargeItemStatus.ENTEREDINERROR);
                work.update(withdrawn);
            }
        }
        return references;
    }

    static ChargeItem build(PatientBill.Charge charge, String patient, BillingMonth month, String key, Clock clock) {
        ChargeItem item = new ChargeItem();
        item.addIdentifier(new Identifier().setSystem(KEY).setValue(key));
        item.setStatus(ChargeItem.ChargeItemStatus.BILLABLE);
        String system = BillingRules.isHcpcs(charge.code()) ? CodeSystems.HCPCS : CodeSystems.CPT;
        item.setCode(new CodeableConcept(new Coding(system, charge.code(), null)));
        item.setSubject(new Reference(patient));
        item.setContext(new Reference(charge.episode()));
        item.setOccurrence(new Period()
                .setStartElement(new DateTimeType(month.firstDay().toString()))
                .setEndElement(new DateTimeType(month.lastDay().toString())));
        item.addPerformer().setActor(new Reference(charge.billingPractitioner()));
        item.getQuantity().setValue(charge.units());
        item.setEnteredDate(Date.from(clock.instant()));
        charge.evidence().forEach(e -> item.addSupportingInformation(new Reference(e)));
        return item;
    }

    /** Whether the stored item says what the fresh one says (its entered date aside). */
    private static boolean same(ChargeItem old, ChargeItem fresh) {
        return old.getStatus() == fresh.getStatus()
                && old.getCode()
                        .getCodingFirstRep()
                        .getCode()
                        .equals(fresh.getCode().getCodingFirstRep().getCode())
                && units(old) == units(fresh)
                && Objects.equals(
                        old.getContext().getReference(), fresh.getContext().getReference())
                && references(old).equals(references(fresh));
    }

    private static int units(ChargeItem item) {
        return item.getQuantity().hasValue() ? item.getQuantity().getValue().intValue() : 0;
    }

    private static List<String> references(ChargeItem item) {
        return item.getSupportingInformation().stream()
                .map(Reference::getReference)
                .sorted()
                .toList();
    }

    private static Optional<String> keyOf(ChargeItem item) {
        return item.getIdentifier().stream()
                .filter(i -> KEY.equals(i.getSystem()))
                .map(Identifier::getValue)
                .findFirst();
    }

    private static String performer(ChargeItem item) {
        return item.getPerformerFirstRep().getActor().getReference();
    }
}
