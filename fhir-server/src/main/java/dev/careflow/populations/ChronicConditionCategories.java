package dev.careflow.populations;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.utilities.npm.NpmPackage;

/**
 * The chronic condition categories (after the CMS Chronic Conditions Warehouse) and the ICD-10-CM code prefixes of
 * each, as the {@code chronic-condition-category} CodeSystem of the terminology package states them: a code belongs to
 * every category one of whose prefixes it starts with (dots and case ignored).
 */
public final class ChronicConditionCategories {

    public static final String CODE_SYSTEM = "https://careflow.dev/fhir/CodeSystem/chronic-condition-category";
    static final String PREFIX_PROPERTY = "icd-10-cm-prefix";
    private static final String PACKAGE = "/fhir-packages/careflow.terminology.tgz";

    private record Category(Coding coding, List<String> prefixes) {}

    private final List<Category> categories;

    ChronicConditionCategories(CodeSystem codeSystem) {
        List<Category> read = new ArrayList<>();
        for (CodeSystem.ConceptDefinitionComponent concept : codeSystem.getConcept()) {
            List<String> prefixes = concept.getProperty().stream()
                    .filter(p -> PREFIX_PROPERTY.equals(p.getCode()) && p.hasValueStringType())
                    .map(p -> normalise(p.getValueStringType().getValue()))
                    .toList();
            read.add(new Category(new Coding(CODE_SYSTEM, concept.getCode(), concept.getDisplay()), prefixes));
        }
        this.categories = List.copyOf(read);
    }

    /** The categories as the terminology package on the classpath defines them. */
    public static ChronicConditionCategories fromTerminologyPackage(FhirContext fhirContext) {
        try (InputStream in = ChronicConditionCategories.class.getResourceAsStream(PACKAGE)) {
            if (in == null) {
                throw new IllegalStateException("The terminology package is not on the classpath: " + PACKAGE);
            }
            NpmPackage npm = NpmPackage.fromPackage(in);
            try (InputStream json = npm.loadResource("CodeSystem-chronic-condition-category.json")) {
                return new ChronicConditionCategories(
                        fhirContext.newJsonParser().parseResource(CodeSystem.class, json));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the chronic condition categories", e);
        }
    }

    /** The categories an ICD-10-CM code belongs to (none for a code outside every category). */
    public List<Coding> of(String icd10Code) {
        if (icd10Code == null || icd10Code.isBlank()) {
            return List.of();
        }
        String code = normalise(icd10Code);
        return categories.stream()
                .filter(c -> c.prefixes().stream().anyMatch(code::startsWith))
                .map(c -> c.coding().copy())
                .toList();
    }

    /** How many categories there are. */
    public int size() {
        return categories.size();
    }

    private static String normalise(String code) {
        return code.replace(".", "").trim().toUpperCase(Locale.ROOT);
    }
}
