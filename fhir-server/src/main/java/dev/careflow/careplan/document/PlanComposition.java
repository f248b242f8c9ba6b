package dev.careflow.careplan.document;

import dev.careflow.vocabulary.CodeSystems;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * Builds the plan of care document (pure): a document Bundle whose first entry is a Composition (LOINC 18776-5 Plan of
 * care note) with five sections (goals, health concerns, activities, care team, contacts), each with a readable
 * narrative, and the whole plan as the Composition's narrative (what a viewer shows and a browser prints); then the
 * plan, its goals, problems, care teams and their members, each under its absolute URL on this server.
 */
final class PlanComposition {

    static final String PLAN_OF_CARE_NOTE = "18776-5";

    private PlanComposition() {}

    static Bundle document(PlanContents contents, String base, Clock clock) {
        Date now = Date.from(clock.instant());
        Composition composition = composition(contents, now);
        Bundle bundle = new Bundle().setType(Bundle.BundleType.DOCUMENT);
        bundle.setIdentifier(new Identifier().setSystem("urn:ietf:rfc:3986").setValue("urn:uuid:" + UUID.randomUUID()));
        bundle.setTimestamp(now);
        composition.setId(UUID.randomUUID().toString());
        bundle.addEntry().setFullUrl("urn:uuid:" + composition.getIdPart()).setResource(composition);
        List<Resource> included = new ArrayList<>();
        included.add(contents.plan());
        contents.patient().ifPresent(included::add);
        included.addAll(contents.goals());
        included.addAll(contents.problems());
        included.addAll(contents.teams());
        included.addAll(contents.members().values());
        for (Resource resource : included) {
            String id = resource.getIdElement().toUnqualifiedVersionless().getValue();
            bundle.addEntry().setFullUrl(base + "/" + id).setResource(resource);
        }
        return bundle;
    }

    private static Composition composition(PlanContents contents, Date now) {
        Composition composition = new Composition();
        composition.setStatus(Composition.CompositionStatus.FINAL);
        composition.setType(new CodeableConcept(new Coding(CodeSystems.LOINC, PLAN_OF_CARE_NOTE, "Plan of care note")));
        composition.setSubject(contents.plan().getSubject().copy());
        composition.setDate(now);
        composition.setTitle("Plan of care: " + PlanSections.title(contents.plan()));
        Reference author = contents.plan().hasAuthor()
                ? contents.plan().getAuthor().copy()
                : contents.members().keySet().stream()
                        .findFirst()
                        .map(Reference::new)
                        .orElse(new Reference().setDisplay("Careflow"));
        composition.addAuthor(author);
        List<Composition.SectionComponent> sections = PlanSections.of(contents);
        composition.setSection(sections);
        Html whole = new Html()
                .heading(composition.getTitle())
                .paragraph("For " + PlanSections.name(contents.patient()) + ", status "
                        + contents.plan().getStatus().toCode());
        for (Composition.SectionComponent section : sections) {
            whole.heading(section.getTitle()).raw(PlanSections.content(section));
        }
        composition.setText(Html.narrative(whole.div()));
        return composition;
    }
}
