package dev.careflow.assessment;

import dev.careflow.vocabulary.CodeSystems;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * The rules by which a response's derived resources live beside others: a health concern the patient already has
 * active is shared (each response adds its identifier and evidence, and takes back only its own part), and what no
 * longer follows from a response is retired as entered-in-error, never deleted.
 */
final class SharedConcerns {

    private SharedConcerns() {}

    /** Whether a Condition came from this response alone (no other response's identifier, nor any other). */
    static boolean ownedAlone(Condition condition, String system) {
        return condition.getIdentifier().stream().allMatch(i -> system.equals(i.getSystem()));
    }

    /** Adds this response's identifier and evidence to a concern that others share, replacing its earlier part. */
    static void merge(Condition into, Condition derived, String system, Set<String> ownObservations) {
        detach(into, system, ownObservations);
        derived.getIdentifier().forEach(i -> into.addIdentifier(i.copy()));
        Condition.ConditionEvidenceComponent evidence = into.addEvidence();
        derived.getEvidence().forEach(e -> e.getDetail().forEach(r -> evidence.addDetail(r.copy())));
        derived.getEvidence()
                .forEach(e -> ownObservations.addAll(
                        e.getDetail().stream().map(Reference::getReference).toList()));
    }

    /** Takes this response's identifier and evidence back from a concern that others share. */
    static void detach(Condition from, String system, Set<String> ownObservations) {
        from.getIdentifier().removeIf(i -> system.equals(i.getSystem()));
        from.getEvidence().forEach(e -> e.getDetail().removeIf(r -> ownObservations.contains(r.getReference())));
        from.getEvidence().removeIf(e -> !e.hasDetail() && !e.hasCode());
    }

    /** Marks a derived resource entered-in-error; false when it already is. */
    static boolean retire(Resource resource) {
        if (resource instanceof Observation o) {
            if (o.getStatus() == Observation.ObservationStatus.ENTEREDINERROR) {
                return false;
            }
            o.setStatus(Observation.ObservationStatus.ENTEREDINERROR);
            return true;
        }
        if (resource instanceof Condition c) {
            if (c.getVerificationStatus().hasCoding(CodeSystems.CONDITION_VERIFICATION, "entered-in-error")) {
                return false;
            }
            c.setClinicalStatus(null);
            c.setVerificationStatus(new CodeableConcept(
                    new Coding(CodeSystems.CONDITION_VERIFICATION, "entered-in-error", "Entered in Error")));
            return true;
        }
        return false;
    }

    /** The key a derived resource carries in the identifier of the response's system ("" when none). */
    static String key(Resource resource, String system) {
        List<Identifier> identifiers =
                resource instanceof Observation o ? o.getIdentifier() : ((Condition) resource).getIdentifier();
        return identifiers.stream()
                .filter(i -> system.equals(i.getSystem()))
                .map(Identifier::getValue)
                .findFirst()
                .orElse("");
    }
}
