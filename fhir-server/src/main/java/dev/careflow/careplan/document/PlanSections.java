package dev.careflow.careplan.document;

import dev.careflow.vocabulary.CodeSystems;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.Resource;

/** The sections of the plan of care document and their narratives (pure). */
final class PlanSections {

    private PlanSections() {}

    static List<Composition.SectionComponent> of(PlanContents contents) {
        List<Composition.SectionComponent> sections = new ArrayList<>();
        sections.add(section(
                "Goals",
                "61146-7",
                contents.goals().stream().map(PlanSections::goal).toList(),
                "No goals recorded.",
                contents.goals()));
        sections.add(section(
                "Health concerns",
                "75310-3",
                contents.problems().stream().map(PlanSections::problem).toList(),
                "No problems recorded.",
                contents.problems()));
        sections.add(section(
                "Activities",
                "62387-6",
                contents.plan().getActivity().stream()
                        .map(PlanSections::activity)
                        .toList(),
                "No activities planned.",
                List.of(contents.plan())));
        sections.add(
                section("Care team", "85847-2", members(contents, false), "No care team recorded.", contents.teams()));
        sections.add(section(
                "Contacts",
                null,
                members(contents, true),
                "No contact details recorded.",
                new ArrayList<>(contents.members().values())));
        return sections;
    }

    private static Composition.SectionComponent section(
            String title, String loinc, List<String> items, String none, List<? extends Resource> entries) {
        Composition.SectionComponent section = new Composition.SectionComponent().setTitle(title);
        if (loinc != null) {
            section.setCode(new CodeableConcept(new Coding(CodeSystems.LOINC, loinc, title)));
        }
        section.setText(Html.narrative(new Html().list(items, none).div()));
        entries.forEach(e -> section.addEntry(
                new Reference(e.getIdElement().toUnqualifiedVersionless().getValue())));
        return section;
    }

    /** The content of a section's narrative, without its div. */
    static String content(Composition.SectionComponent section) {
        String div = section.getText().getDivAsString();
        return div.substring(div.indexOf('>') + 1, div.lastIndexOf("</div>"));
    }

    static String title(CarePlan plan) {
        return plan.hasTitle() ? plan.getTitle() : text(plan.getCategoryFirstRep(), "care plan");
    }

    static String name(Optional<Resource> resource) {
        return resource.map(PlanSections::name).orElse("the patient");
    }

    private static String goal(Goal goal) {
        StringBuilder line = new StringBuilder(text(goal.getDescription(), "goal"));
        goal.getTarget().stream()
                .filter(Goal.GoalTargetComponent::hasDueDateType)
                .findFirst()
                .ifPresent(t -> line.append(", by ").append(t.getDueDateType().getValueAsString()));
        if (goal.hasAchievementStatus()) {
            line.append(" (").append(text(goal.getAchievementStatus(), "")).append(")");
        } else if (goal.hasLifecycleStatus()) {
            line.append(" (")
                    .append(goal.getLifecycleStatus().getDisplay().toLowerCase())
                    .append(")");
        }
        return line.toString();
    }

    private static String problem(Condition condition) {
        String status = condition.hasClinicalStatus() ? " (" + text(condition.getClinicalStatus(), "") + ")" : "";
        return text(condition.getCode(), "problem") + status;
    }

    private static String activity(CarePlan.CarePlanActivityComponent activity) {
        if (activity.hasDetail()) {
            CarePlan.CarePlanActivityDetailComponent detail = activity.getDetail();
            String what = detail.hasDescription() ? detail.getDescription() : text(detail.getCode(), "activity");
            return detail.hasStatus()
                    ? what + " (" + detail.getStatus().getDisplay().toLowerCase() + ")"
                    : what;
        }
        Reference reference = activity.getReference();
        return reference.hasDisplay() ? reference.getDisplay() : String.valueOf(reference.getReference());
    }

    /** Each member of the care teams with his role; or, for contacts, with his telecom. */
    private static List<String> members(PlanContents contents, boolean telecom) {
        List<String> lines = new ArrayList<>();
        for (CareTeam team : contents.teams()) {
            for (CareTeam.CareTeamParticipantComponent participant : team.getParticipant()) {
                Resource member = contents.members().get(participant.getMember().getReference());
                if (member == null) {
                    continue;
                }
                String who = name(member);
                if (!telecom) {
                    lines.add(who + (participant.hasRole() ? ", " + text(participant.getRoleFirstRep(), "") : ""));
                } else if (!telecom(member).isEmpty()) {
                    lines.add(who + ": " + telecom(member));
                }
            }
        }
        return lines.stream().distinct().toList();
    }

    private static String telecom(Resource member) {
        List<ContactPoint> points = List.of();
        if (member instanceof Practitioner p) {
            points = p.getTelecom();
        } else if (member instanceof Organization o) {
            points = o.getTelecom();
        } else if (member instanceof RelatedPerson r) {
            points = r.getTelecom();
        } else if (member instanceof PractitionerRole r) {
            points = r.getTelecom();
        }
        return points.stream()
                .filter(ContactPoint::hasValue)
                .map(p -> (p.hasSystem() ? p.getSystem().getDisplay().toLowerCase() + " " : "") + p.getValue())
                .collect(Collectors.joining(", "));
    }

    private static String name(Resource resource) {
        List<HumanName> names = List.of();
        if (resource instanceof Patient p) {
            names = p.getName();
        } else if (resource instanceof Practitioner p) {
            names = p.getName();
        } else if (resource instanceof RelatedPerson r) {
            names = r.getName();
        } else if (resource instanceof Organization o) {
            names = List.of(new HumanName().setText(o.getName()));
        } else if (resource instanceof PractitionerRole r) {
            names = List.of(new HumanName()
                    .setText(
                            r.getPractitioner().hasDisplay()
                                    ? r.getPractitioner().getDisplay()
                                    : "a practitioner"));
        }
        return names.isEmpty()
                ? resource.getIdElement().toUnqualifiedVersionless().getValue()
                : display(names.get(0));
    }

    private static String display(HumanName name) {
        if (name.hasText()) {
            return name.getText();
        }
        return (name.getGivenAsSingleString() + " " + (name.hasFamily() ? name.getFamily() : "")).trim();
    }

    private static String text(CodeableConcept concept, String otherwise) {
        if (concept.hasText()) {
            return concept.getText();
        }
        return concept.getCoding().stream()
                .map(c -> c.hasDisplay() ? c.getDisplay() : c.getCode())
                .filter(s -> s != null)
                .findFirst()
                .orElse(otherwise);
    }
}
