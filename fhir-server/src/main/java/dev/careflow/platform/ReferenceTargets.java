package dev.careflow.platform;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.util.FhirTerser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.instance.model.api.IBaseReference;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.ElementDefinition;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.utilities.npm.NpmPackage;

/**
 * The reference target types Careflow's profiles allow ({@code type.targetProfile} of their Reference elements, such as
 * Goal.subject to Patient), checked on a resource that claims a profile. HAPI's validator does not check the type of a
 * literal reference it does not resolve, so a Goal for a Group passed; here the type a reference names
 * ({@code Group/1}) must be one of the allowed ones. References that name no type (contained, {@code urn:uuid:}) are
 * left to the storage layer.
 */
public final class ReferenceTargets {

    private static final String CORE = "http://hl7.org/fhir/StructureDefinition/";

    /** Profile URL -> element path -> allowed target types. */
    private final Map<String, Map<String, Set<String>>> rules;

    private final FhirTerser terser;

    ReferenceTargets(FhirContext fhirContext, List<StructureDefinition> profiles) {
        this.terser = fhirContext.newTerser();
        Map<String, Map<String, Set<String>>> byProfile = new HashMap<>();
        for (StructureDefinition profile : profiles) {
            Map<String, Set<String>> paths = new HashMap<>();
            for (ElementDefinition element : profile.getDifferential().getElement()) {
                Set<String> types = element.getType().stream()
                        .filter(t -> "Reference".equals(t.getCode()))
                        .flatMap(t -> t.getTargetProfile().stream())
                        .map(IPrimitiveType::getValue)
                        .filter(url -> url.startsWith(CORE))
                        .map(url -> url.substring(CORE.length()))
                        .collect(Collectors.toSet());
                if (!types.isEmpty() && !element.getPath().contains("[x]")) {
                    paths.put(element.getPath(), types);
                }
            }
            byProfile.put(profile.getUrl(), paths);
        }
        this.rules = Map.copyOf(byProfile);
    }

    /** From the StructureDefinitions of the profiles package on the classpath. */
    static ReferenceTargets fromProfilesPackage(FhirContext fhirContext) {
        try {
            NpmPackage npm = NpmPackage.fromPackage(
                    new ByteArrayInputStream(FhirPackageInstaller.readPackage("careflow.profiles")));
            List<StructureDefinition> profiles = new ArrayList<>();
            for (String file : npm.listResources("StructureDefinition")) {
                try (var in = npm.loadResource(file)) {
                    profiles.add(fhirContext.newJsonParser().parseResource(StructureDefinition.class, in));
                }
            }
            return new ReferenceTargets(fhirContext, profiles);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the StructureDefinitions of careflow.profiles", e);
        }
    }

    /** One problem per reference whose named type the claimed profiles do not allow. */
    List<String> problems(IBaseResource resource) {
        List<String> problems = new ArrayList<>();
        for (IPrimitiveType<String> claimed : resource.getMeta().getProfile()) {
            rules.getOrDefault(claimed.getValue(), Map.of()).forEach((path, allowed) -> {
                for (IBaseReference reference : terser.getValues(resource, path, IBaseReference.class)) {
                    String type = reference.getReferenceElement().getResourceType();
                    if (type != null && !allowed.contains(type)) {
                        problems.add(path + ": a reference to " + type + " is not allowed by " + claimed.getValue()
                                + " (allowed: "
                                + String.join(", ", allowed.stream().sorted().toList()) + ")");
                    }
                }
            });
        }
        return problems;
    }
}
