package dev.careflow.populations;

import dev.careflow.vocabulary.Extensions;
import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;

/**
 * One member of a registry as the registry's Group lists it: the patient ({@code Patient/id}, the member entry's
 * reference without base or version) and the {@code registry-evidence} extensions of the entry, read as they are.
 */
public record Membership(Registry registry, String patient, List<Reason> evidence) {

    public Membership {
        evidence = List.copyOf(evidence);
    }

    /**
     * One {@code registry-evidence} extension: the first coding of its reason and the reason's text (each may be
     * null), and its detail's reference (null when it has none).
     */
    public record Reason(String system, String code, String display, String text, String detail) {

        /** The evidence as registry upkeep compares it. */
        public Evidence evidence() {
            return new Evidence(new Coding(system, code, display), detail);
        }
    }

    /** The memberships the Group lists, in its order; none for a Group that is not a registry's. */
    public static List<Membership> of(Group group) {
        return Registry.byGroupId(group.getIdElement().getIdPart())
                .map(registry -> group.getMember().stream()
                        .filter(m -> m.getEntity().hasReference())
                        .map(m -> of(registry, m))
                        .toList())
                .orElse(List.of());
    }

    static Membership of(Registry registry, Group.GroupMemberComponent member) {
        return new Membership(
                registry,
                new IdType(member.getEntity().getReference())
                        .toUnqualifiedVersionless()
                        .getValue(),
                reasons(member));
    }

    /** The member entry's {@code registry-evidence} extensions, in order. */
    static List<Reason> reasons(Group.GroupMemberComponent member) {
        return member.getExtensionsByUrl(Extensions.REGISTRY_EVIDENCE).stream()
                .map(Membership::reason)
                .toList();
    }

    private static Reason reason(Extension extension) {
        Extension reason = extension.getExtensionByUrl("reason");
        Extension detail = extension.getExtensionByUrl("detail");
        CodeableConcept concept = reason != null && reason.getValue() instanceof CodeableConcept c ? c : null;
        Coding coding = concept != null && concept.hasCoding() ? concept.getCodingFirstRep() : null;
        return new Reason(
                coding == null ? null : coding.getSystem(),
                coding == null ? null : coding.getCode(),
                coding == null ? null : coding.getDisplay(),
                concept == null ? null : concept.getText(),
                detail != null && detail.getValue() instanceof Reference r ? r.getReference() : null);
    }
}
