package dev.careflow.populations;

import dev.careflow.vocabulary.Extensions;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.Reference;

/**
 * Builds the registry Groups: a Group of persons per registry at its fixed id, its rule as a characteristic and as
 * narrative, and one member per current patient with the {@code registry-evidence} extensions saying why. Members who
 * no longer qualify are removed (the Group lists current members; {@code member.inactive} is not used).
 */
public final class RegistryGroups {

    static final String SOURCE = "Careflow registry rules (dev.careflow.populations.RegistryRules); chronic condition"
            + " categories from CodeSystem chronic-condition-category (CMS Chronic Conditions Warehouse)";

    private RegistryGroups() {}

    /** The registry's Group with no members. */
    public static Group empty(Registry registry) {
        Group group = new Group();
        group.setId(registry.groupId());
        group.setActive(true);
        group.setType(Group.GroupType.PERSON);
        group.setActual(true);
        group.setCode(new CodeableConcept(registry.coding()));
        group.setName(registry.title());
        group.addCharacteristic()
                .setCode(new CodeableConcept().setText("Registry rule"))
                .setValue(new CodeableConcept().setText(registry.rule() + ". Source: " + SOURCE + "."))
                .setExclude(false);
        group.getText()
                .setStatus(Narrative.NarrativeStatus.GENERATED)
                .setDivAsString("<div xmlns=\"http://www.w3.org/1999/xhtml\"><p><b>" + registry.title() + "</b>: "
                        + escape(registry.rule()) + ".</p><p>" + escape(SOURCE) + ".</p></div>");
        group.setQuantity(0);
        return group;
    }

    /**
     * The Group with the patient's membership as the evidence says (none: not a member), or empty when that is already
     * what it holds. A member keeps the {@code period.start} of when it joined.
     */
    public static Optional<Group> withMembership(Group current, String patient, List<Evidence> evidence, Instant now) {
        Optional<Group.GroupMemberComponent> existing = member(current, patient);
        if (existing.isEmpty() && evidence.isEmpty()) {
            return Optional.empty();
        }
        if (existing.isPresent() && keys(existing.get()).equals(keys(evidence))) {
            return Optional.empty();
        }
        Group changed = current.copy();
        Date joined = existing.map(m -> m.getPeriod().getStart()).orElse(Date.from(now));
        changed.getMember().removeIf(m -> patient.equals(m.getEntity().getReference()));
        if (!evidence.isEmpty()) {
            Group.GroupMemberComponent member = changed.addMember();
            member.setEntity(new Reference(patient));
            member.getPeriod().setStart(joined);
            evidence.forEach(e -> member.addExtension(extension(e)));
        }
        changed.setQuantity(changed.getMember().size());
        return Optional.of(changed);
    }

    /** The patient's member entry, if the patient is a member. */
    public static Optional<Group.GroupMemberComponent> member(Group group, String patient) {
        return group.getMember().stream()
                .filter(m -> patient.equals(m.getEntity().getReference()))
                .findFirst();
    }

    /** The evidence a member entry carries (read as {@link Membership} reads it, for the index). */
    public static List<Evidence> evidence(Group.GroupMemberComponent member) {
        return Membership.reasons(member).stream()
                .map(Membership.Reason::evidence)
                .toList();
    }

    private static Extension extension(Evidence evidence) {
        Extension extension = new Extension(Extensions.REGISTRY_EVIDENCE);
        extension.addExtension("reason", new CodeableConcept(evidence.reason().copy()));
        extension.addExtension("detail", new Reference(evidence.detail()));
        return extension;
    }

    private static Set<String> keys(Group.GroupMemberComponent member) {
        return keys(evidence(member));
    }

    private static Set<String> keys(List<Evidence> evidence) {
        return evidence.stream().map(Evidence::key).collect(Collectors.toSet());
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
