package dev.careflow.worklist;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/** The worklist as a searchset Bundle with paging links, and the caseload as Parameters. */
final class WorklistBundle {

    /** On each worklist entry: why it is there. */
    static final String CATEGORY_EXTENSION = "https://careflow.dev/fhir/StructureDefinition/worklist-category";

    /** On a worklist entry of a Task with outreach attempts: how many, how many reached the patient, the latest. */
    static final String ATTEMPTS_EXTENSION = "https://careflow.dev/fhir/StructureDefinition/outreach-attempts";

    private WorklistBundle() {}

    static Bundle of(WorklistService.Page page, WorklistQuery query, String base) {
        Bundle bundle = new Bundle();
        bundle.setType(Bundle.BundleType.SEARCHSET);
        bundle.setTotal(page.total());
        bundle.addLink().setRelation("self").setUrl(link(base, query, query.offset()));
        if (query.offset() + query.count() < page.total()) {
            bundle.addLink().setRelation("next").setUrl(link(base, query, query.offset() + query.count()));
        }
        if (query.offset() > 0) {
            bundle.addLink()
                    .setRelation("previous")
                    .setUrl(link(base, query, Math.max(0, query.offset() - query.count())));
        }
        for (WorklistService.Item item : page.items()) {
            Bundle.BundleEntryComponent entry = entry(bundle, base, item.resource());
            entry.getSearch().setMode(Bundle.SearchEntryMode.MATCH);
            entry.addExtension(
                    CATEGORY_EXTENSION,
                    new Coding(
                            WorkCategory.SYSTEM,
                            item.category().code(),
                            item.category().display()));
            List<OutreachAttempts.Attempt> attempts = page.attempts()
                    .getOrDefault(
                            item.resource()
                                    .getIdElement()
                                    .toUnqualifiedVersionless()
                                    .getValue(),
                            List.of());
            if (!attempts.isEmpty()) {
                org.hl7.fhir.r4.model.Extension outreach = entry.addExtension().setUrl(ATTEMPTS_EXTENSION);
                outreach.addExtension("count", new IntegerType(attempts.size()));
                outreach.addExtension("unsuccessful", new IntegerType((int)
                        attempts.stream().filter(a -> !a.successful()).count()));
                attempts.stream()
                        .map(OutreachAttempts.Attempt::sent)
                        .filter(java.util.Objects::nonNull)
                        .max(java.util.Comparator.naturalOrder())
                        .ifPresent(last -> outreach.addExtension(
                                "latest", new org.hl7.fhir.r4.model.DateTimeType(java.util.Date.from(last))));
            }
        }
        for (Patient patient : page.patients().values()) {
            entry(bundle, base, patient).getSearch().setMode(Bundle.SearchEntryMode.INCLUDE);
        }
        return bundle;
    }

    static Parameters caseload(List<WorklistService.CaseloadEntry> entries) {
        Parameters parameters = new Parameters();
        for (WorklistService.CaseloadEntry entry : entries) {
            Parameters.ParametersParameterComponent patient =
                    parameters.addParameter().setName("patient");
            Patient resource = entry.patient();
            patient.addPart()
                    .setName("patient")
                    .setValue(new Reference(resource.getIdElement()
                                    .toUnqualifiedVersionless()
                                    .getValue())
                            .setDisplay(name(resource)));
            patient.addPart().setName("openTasks").setValue(new IntegerType(entry.openTasks()));
            patient.addPart().setName("overdueTasks").setValue(new IntegerType(entry.overdueTasks()));
            patient.addPart().setName("tier").setValue(entry.tier().coding());
            for (EpisodeOfCare episode : entry.programmes()) {
                Parameters.ParametersParameterComponent programme =
                        patient.addPart().setName("programme");
                programme
                        .addPart()
                        .setName("episodeOfCare")
                        .setValue(new Reference(episode.getIdElement()
                                .toUnqualifiedVersionless()
                                .getValue()));
                episode.getType().stream()
                        .flatMap(t -> t.getCoding().stream())
                        .findFirst()
                        .ifPresent(c -> programme.addPart().setName("type").setValue(c.copy()));
            }
        }
        return parameters;
    }

    private static String name(Patient patient) {
        if (!patient.hasName()) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        patient.getNameFirstRep().getGiven().forEach(g -> parts.add(g.getValue()));
        if (patient.getNameFirstRep().hasFamily()) {
            parts.add(patient.getNameFirstRep().getFamily());
        }
        return String.join(" ", parts);
    }

    private static Bundle.BundleEntryComponent entry(Bundle bundle, String base, Resource resource) {
        return bundle.addEntry()
                .setFullUrl(base + "/"
                        + resource.getIdElement().toUnqualifiedVersionless().getValue())
                .setResource(resource);
    }

    private static String link(String base, WorklistQuery query, int offset) {
        StringBuilder url =
                new StringBuilder(base).append('/').append(query.practitioner()).append("/$worklist?");
        query.dueBefore().ifPresent(d -> url.append("due-before=").append(d).append('&'));
        query.priority()
                .ifPresent(p -> url.append("priority=").append(p.toCode()).append('&'));
        query.code().ifPresent(c -> url.append("code=")
                .append(encode(query.codeSystem().map(s -> s + "|").orElse("") + c))
                .append('&'));
        query.patient().ifPresent(p -> url.append("patient=").append(encode(p)).append('&'));
        return url.append("_count=")
                .append(query.count())
                .append("&_offset=")
                .append(offset)
                .toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
